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
 */
import type { CatalogPartition, CatalogTable } from '../../storage/catalog.js';
import type { LocalObject, QueryStorage } from '../types.js';
import type { QuerySession } from './session.js';
import type { ViewFile } from './table-views.js';

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

async function fetchVisible(session: QuerySession, storage: QueryStorage, location: string, label: string): Promise<LocalObject[]> {
  session.checkCancelled();
  const objects = await storage.fetchPrefix(location, session.subdir(label));
  session.checkCancelled();
  return objects.filter((o) => !isIgnoredObject(o.relativeKey));
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
    for (const o of await fetchVisible(session, storage, location, table.Name)) {
      files.push({ path: o.path, partitionValues: [] });
      scannedBytes += o.size;
    }
    return { files, scannedBytes };
  }
  for (const partition of partitions) {
    const location = partitionLocation(partition);
    if (!location) continue;
    for (const o of await fetchVisible(session, storage, location, partition.Values.join('_'))) {
      files.push({ path: o.path, partitionValues: partition.Values });
      scannedBytes += o.size;
    }
  }
  return { files, scannedBytes };
}
