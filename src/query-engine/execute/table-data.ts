/**
 * Fetches the objects a Glue table's query reads, as the caller, into the statement's scratch
 * directory, and accounts for the bytes scanned.
 *
 * Which objects: an unpartitioned table reads every object under StorageDescriptor.Location
 * (subfolders included); a partitioned table reads only the locations of the partitions Glue has
 * (as Athena does: a folder nobody registered is invisible until MSCK REPAIR TABLE or ALTER
 * TABLE ADD PARTITION). Objects whose name, or a folder on whose path, starts with `_` or `.` are
 * skipped, as Athena skips them (`_SUCCESS`, `.crc`, `_temporary/`), and so are folder markers
 * (keys ending in `/`).
 *
 * Bytes scanned (Athena's DataScannedInBytes) are approximated by the full size of every object
 * read: Athena counts only the bytes it actually read (Parquet column chunks, after partition and
 * row-group pruning), so sagelite's figure is an upper bound of Athena's for the same query.
 *
 * Layout: partition number `i`'s objects land in `<scratch>/<n>-<table>/__sagelite_partition=<i>/`,
 * each directly in that folder (an object in a subfolder of the partition's location, or with a
 * `=` in its name, is moved up under a numbered name), so that DuckDB's hive partitioning reads
 * the partition number and nothing else (table-views.ts). A scratch path that itself holds a `=`
 * (a data directory named so) would add folders DuckDB reads as partitions: the files are then
 * left where they were fetched, and the view joins partition values on the file name instead.
 */
import { renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CatalogPartition, CatalogTable } from '../../storage/catalog.js';
import type { LocalObject, QueryStorage } from '../types.js';
import type { QuerySession } from './session.js';
import { PARTITION_INDEX_COLUMN, type ViewFile } from './table-views.js';

/** True for objects Athena does not read: hidden names (`_x`, `.x`) anywhere on the key's path, and folder markers. */
export function isIgnoredObject(relativeKey: string): boolean {
  if (relativeKey === '' || relativeKey.endsWith('/') || relativeKey.endsWith('_$folder$')) return true;
  return relativeKey.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'));
}

/** The objects a query reads, and the bytes counted as scanned. */
export interface TableObjects {
  files: ViewFile[];
  scannedBytes: number;
}

async function fetchVisible(session: QuerySession, storage: QueryStorage, location: string, localDir: string): Promise<LocalObject[]> {
  session.checkCancelled();
  const objects = await storage.fetchPrefix(location, localDir);
  session.checkCancelled();
  return objects.filter((o) => !isIgnoredObject(o.relativeKey));
}

/** Moves objects fetched into subfolders (or with a `=` in their name) up into `dir`, under numbered names; the local path of each. */
function flatten(objects: readonly LocalObject[], dir: string): string[] {
  return objects.map((o, n) => {
    if (!o.relativeKey.includes('/') && !o.relativeKey.includes('=')) return o.path;
    const path = join(dir, `${n}-${basename(o.path).replace(/=/g, '_')}`);
    renameSync(o.path, path);
    return path;
  });
}

/**
 * Fetches the table's data objects: the location's, or each registered partition's.
 *
 * @example
 * const { files, scannedBytes } = await fetchTableObjects(session, storage, table, partitions, (p) => p.StorageDescriptor?.Location);
 */
export async function fetchTableObjects(
  session: QuerySession,
  storage: QueryStorage,
  table: CatalogTable,
  partitions: readonly CatalogPartition[] | undefined,
  partitionLocation: (partition: CatalogPartition) => string | undefined,
): Promise<TableObjects> {
  const files: ViewFile[] = [];
  let scannedBytes = 0;
  if (!partitions) {
    const location = table.StorageDescriptor?.Location;
    if (!location) return { files, scannedBytes };
    for (const o of await fetchVisible(session, storage, location, session.subdir(table.Name))) {
      files.push({ path: o.path, partitionValues: [] });
      scannedBytes += o.size;
    }
    return { files, scannedBytes };
  }
  const byIndex = !session.dir.includes('=');
  let tableDir: string | undefined;
  for (const [index, partition] of partitions.entries()) {
    const location = partitionLocation(partition);
    if (!location) continue;
    if (!byIndex) {
      for (const o of await fetchVisible(session, storage, location, session.subdir(partition.Values.join('_')))) {
        files.push({ path: o.path, partitionValues: partition.Values });
        scannedBytes += o.size;
      }
      continue;
    }
    // One folder per partition (made by fetchPrefix): on some filesystems every mkdir and rmdir costs a tenth of a millisecond.
    tableDir ??= session.subdir(table.Name);
    const dir = join(tableDir, `${PARTITION_INDEX_COLUMN}=${index}`);
    const objects = await fetchVisible(session, storage, location, dir);
    flatten(objects, dir).forEach((path, n) => {
      files.push({ path, partitionValues: partition.Values, partitionIndex: index });
      scannedBytes += objects[n]!.size;
    });
  }
  return { files, scannedBytes };
}
