import type { CatalogDatabase, CatalogPartition, CatalogPolicy, CatalogTable, DatabaseDefinition, PartitionDefinition, TableDefinition } from '../catalog.js';

/**
 * How the Glue catalog is kept as rows, in SQLite and PostgreSQL alike, so the two stores' rows
 * mean the same: each definition as a JSON document in Glue's member names (only its own
 * members), names lower-case, partitions keyed by their values as a JSON array.
 */

export interface DatabaseRow {
  catalog_id: string;
  region: string;
  created_at: number;
  document: string;
}

export interface TableRow extends DatabaseRow {
  database_name: string;
  updated_at: number;
  created_by: string | null;
  version: number;
}

export interface PartitionRow {
  catalog_id: string;
  region: string;
  database_name: string;
  table_name: string;
  created_at: number;
  document: string;
}

export function toDatabase(r: DatabaseRow): CatalogDatabase {
  return { ...(JSON.parse(r.document) as DatabaseDefinition), catalogId: r.catalog_id, region: r.region, createdAt: new Date(r.created_at) };
}

export function toTable(r: TableRow): CatalogTable {
  return {
    ...(JSON.parse(r.document) as TableDefinition),
    catalogId: r.catalog_id,
    region: r.region,
    databaseName: r.database_name,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    ...(r.created_by !== null ? { createdBy: r.created_by } : {}),
    version: r.version,
  };
}

export function toPartition(r: PartitionRow): CatalogPartition {
  return {
    ...(JSON.parse(r.document) as PartitionDefinition),
    catalogId: r.catalog_id,
    region: r.region,
    databaseName: r.database_name,
    tableName: r.table_name,
    createdAt: new Date(r.created_at),
  };
}

/** Glue keeps names lower-case (Hive compatibility). */
export const lower = (s: string): string => s.toLowerCase();

/** A partition's key: its values, in order, case kept. */
export const partitionKey = (values: readonly string[]): string => JSON.stringify(values);

const TABLE_MEMBERS = ['Description', 'Owner', 'Retention', 'StorageDescriptor', 'PartitionKeys', 'ViewOriginalText', 'ViewExpandedText', 'TableType', 'Parameters'] as const;
const DATABASE_MEMBERS = ['Description', 'LocationUri', 'Parameters'] as const;

/** Only the definition's own members are stored (a stored table handed back keeps its catalog fields out). */
function pick<T extends { Name: string }>(input: T, members: readonly (keyof T)[]): T {
  const out = { Name: lower(input.Name) } as T;
  for (const m of members) if (input[m] !== undefined) out[m] = input[m];
  return out;
}

export const databaseDocument = (input: DatabaseDefinition): DatabaseDefinition => pick<DatabaseDefinition>(input, DATABASE_MEMBERS);
export const tableDocument = (input: TableDefinition): TableDefinition => pick<TableDefinition>(input, TABLE_MEMBERS);

/** Only the definition's own members are stored. */
export function partitionDocument(input: PartitionDefinition): PartitionDefinition {
  const doc: PartitionDefinition = { Values: [...input.Values] };
  if (input.StorageDescriptor !== undefined) doc.StorageDescriptor = input.StorageDescriptor;
  if (input.Parameters !== undefined) doc.Parameters = input.Parameters;
  return doc;
}

/** A Data Catalog resource policy's row (glue_catalog_policies). */
export interface PolicyRow {
  document: string;
  hash: string;
  created_at: number;
  updated_at: number;
}

export function toPolicy(r: PolicyRow): CatalogPolicy {
  return { document: r.document, hash: r.hash, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at) };
}
