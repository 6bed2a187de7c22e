/**
 * MSCK REPAIR TABLE: the Hive-style partition folders under the table's location that Glue does
 * not have yet are added (as the caller), and the output says which, in Hive's words:
 * `Partitions not in metastore:\t<table>:<dir>\t…`, then `Repair: Added partition to metastore <table>:<dir>`
 * for each. Partitions are only added, never removed (as Athena documents). The output is text;
 * its one column is named `result` (a decision: Hive names none).
 */
import { partitionsFromKeys } from '../statements/partitions.js';
import type { Statement } from '../statements/types.js';
import type { QueryResult } from '../types.js';
import { defaultDatabase, requireTable } from './query.js';
import type { QuerySession } from './session.js';
import { statementTypes } from './statement-types.js';

type Msck = Extract<Statement, { kind: 'msck-repair' }>;

function output(lines: string[]): QueryResult {
  return {
    ...statementTypes('msck-repair'),
    columns: [{ name: 'result', label: 'result', type: 'string', precision: 0, scale: 0, nullable: 'UNKNOWN', caseSensitive: false }],
    rows: lines.map((l) => [l]),
    outputFormat: 'txt',
    dataScannedBytes: 0,
  };
}

/**
 * @example
 * await repairTable(session, { kind: 'msck-repair', table: { table: 'events' } });
 */
export async function repairTable(session: QuerySession, s: Msck): Promise<QueryResult> {
  const database = s.table.database ?? defaultDatabase(session);
  const catalog = session.request.catalogAccess;
  const table = await requireTable(session, { database, table: s.table.table });
  const location = table.StorageDescriptor?.Location?.replace(/\/+$/, '');
  const keys = table.PartitionKeys ?? [];
  if (keys.length === 0 || !location) return output([]);
  const found = partitionsFromKeys(await session.request.storage.listPrefix(location), keys);
  session.checkCancelled();
  const known = new Set((await catalog.listPartitions(database, table.Name)).map((p) => JSON.stringify(p.Values)));
  const missing = found.filter((p) => !known.has(JSON.stringify(p.values)));
  if (missing.length === 0) return output([]);
  await catalog.addPartitions(
    database,
    table.Name,
    missing.map((p) => ({ Values: p.values, StorageDescriptor: { ...table.StorageDescriptor, Location: `${location}/${p.relativeDir}` } })),
  );
  const names = missing.map((p) => `${table.Name}:${p.relativeDir}`);
  return output([`Partitions not in metastore:\t${names.join('\t')}`, ...names.map((n) => `Repair: Added partition to metastore ${n}`)]);
}
