import type { Clock } from '../../core/clock.js';
import { CatalogEntityExistsError, CatalogEntityNotFoundError, type CatalogPartition, type PartitionDefinition } from '../catalog.js';
import { lower, partitionDocument, partitionKey as key, toPartition, type PartitionRow } from '../sqlite/catalog-documents.js';
import { pgErrorCode, UNIQUE_VIOLATION, type PgDatabase } from './database.js';

/** PostgreSQL's SQLSTATE for a row referring to a missing one (a table of no database, a partition of no table). */
export const FOREIGN_KEY_VIOLATION = '23503';
const COLUMNS = 'catalog_id, region, database_name, table_name, created_at, document';
const WHERE = 'catalog_id = $1 AND region = $2 AND database_name = $3 AND table_name = $4';

/** The partitions half of the PostgreSQL catalog store (see {@link import('./catalog-store.js').PgCatalogStore}). */
export class PgPartitions {
  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {}

  async get(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<CatalogPartition | undefined> {
    const { rows } = await this.db.query<PartitionRow>(
      `SELECT ${COLUMNS} FROM glue_partitions WHERE ${WHERE} AND partition_values = $5`,
      [catalogId, region, lower(databaseName), lower(tableName), key(values)],
    );
    return rows[0] ? toPartition(rows[0]) : undefined;
  }

  /** In creation order (`seq`), which an update of the values keeps, as SQLite's rowid does. */
  async list(catalogId: string, region: string, databaseName: string, tableName: string): Promise<CatalogPartition[]> {
    const { rows } = await this.db.query<PartitionRow>(`SELECT ${COLUMNS} FROM glue_partitions WHERE ${WHERE} ORDER BY seq`, [catalogId, region, lower(databaseName), lower(tableName)]);
    return rows.map(toPartition);
  }

  async create(catalogId: string, region: string, databaseName: string, tableName: string, input: PartitionDefinition): Promise<CatalogPartition> {
    const table = lower(tableName);
    try {
      const { rows } = await this.db.query<PartitionRow>(
        `INSERT INTO glue_partitions (catalog_id, region, database_name, table_name, partition_values, created_at, document)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [catalogId, region, lower(databaseName), table, key(input.Values), this.clock.now().getTime(), JSON.stringify(partitionDocument(input))],
      );
      return toPartition(rows[0]!);
    } catch (e) {
      const code = pgErrorCode(e);
      if (code === FOREIGN_KEY_VIOLATION) throw new CatalogEntityNotFoundError(`Table ${table} not found.`);
      if (code === UNIQUE_VIOLATION) throw new CatalogEntityExistsError('Partition already exists.');
      throw e;
    }
  }

  /** One statement: no row with the old values is "not found"; new values another row holds are a unique violation. */
  async update(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[], input: PartitionDefinition): Promise<CatalogPartition> {
    try {
      const { rows } = await this.db.query<PartitionRow>(
        `UPDATE glue_partitions SET partition_values = $6, document = $7 WHERE ${WHERE} AND partition_values = $5 RETURNING ${COLUMNS}`,
        [catalogId, region, lower(databaseName), lower(tableName), key(values), key(input.Values), JSON.stringify(partitionDocument(input))],
      );
      if (!rows[0]) throw new CatalogEntityNotFoundError('Cannot find partition.');
      return toPartition(rows[0]);
    } catch (e) {
      if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new CatalogEntityExistsError('Partition already exists.');
      throw e;
    }
  }

  async delete(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<boolean> {
    const { rowCount } = await this.db.query(`DELETE FROM glue_partitions WHERE ${WHERE} AND partition_values = $5`, [catalogId, region, lower(databaseName), lower(tableName), key(values)]);
    return (rowCount ?? 0) > 0;
  }
}
