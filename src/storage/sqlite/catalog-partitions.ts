import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { CatalogEntityExistsError, CatalogEntityNotFoundError, type CatalogPartition, type PartitionDefinition } from '../catalog.js';
import { lower, partitionDocument as document, partitionKey as key, toPartition, type PartitionRow } from './catalog-documents.js';
import { immediate, prepare } from './node-sqlite.js';

/** The partitions half of the SQLite catalog store (see {@link import('../catalog.js').CatalogStore}). */
export class SqlitePartitions {
  readonly #q;

  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    const where = 'catalog_id = ? AND region = ? AND database_name = ? AND table_name = ?';
    this.#q = {
      get: prepare<[string, string, string, string, string], PartitionRow>(db, `SELECT * FROM glue_partitions WHERE ${where} AND partition_values = ?`),
      list: prepare<[string, string, string, string], PartitionRow>(db, `SELECT * FROM glue_partitions WHERE ${where} ORDER BY rowid`),
      table: prepare<[string, string, string, string], { n: number }>(db, 'SELECT 1 AS n FROM glue_tables WHERE catalog_id = ? AND region = ? AND database_name = ? AND name = ?'),
      insert: db.prepare('INSERT INTO glue_partitions (catalog_id, region, database_name, table_name, partition_values, created_at, document) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare(`UPDATE glue_partitions SET partition_values = ?, document = ? WHERE ${where} AND partition_values = ?`),
      delete: db.prepare(`DELETE FROM glue_partitions WHERE ${where} AND partition_values = ?`),
    };
  }

  get(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): CatalogPartition | undefined {
    const row = this.#q.get.get(catalogId, region, lower(databaseName), lower(tableName), key(values));
    return row ? toPartition(row) : undefined;
  }

  list(catalogId: string, region: string, databaseName: string, tableName: string): CatalogPartition[] {
    return this.#q.list.all(catalogId, region, lower(databaseName), lower(tableName)).map(toPartition);
  }

  create(catalogId: string, region: string, databaseName: string, tableName: string, input: PartitionDefinition): CatalogPartition {
    const [db, table] = [lower(databaseName), lower(tableName)];
    return immediate(this.db, () => {
      if (!this.#q.table.get(catalogId, region, db, table)) throw new CatalogEntityNotFoundError(`Table ${table} not found.`);
      if (this.get(catalogId, region, db, table, input.Values)) throw new CatalogEntityExistsError('Partition already exists.');
      this.#q.insert.run(catalogId, region, db, table, key(input.Values), this.clock.now().getTime(), JSON.stringify(document(input)));
      return this.get(catalogId, region, db, table, input.Values)!;
    });
  }

  update(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[], input: PartitionDefinition): CatalogPartition {
    const [db, table] = [lower(databaseName), lower(tableName)];
    return immediate(this.db, () => {
      if (!this.get(catalogId, region, db, table, values)) throw new CatalogEntityNotFoundError('Cannot find partition.');
      if (key(values) !== key(input.Values) && this.get(catalogId, region, db, table, input.Values)) throw new CatalogEntityExistsError('Partition already exists.');
      this.#q.update.run(key(input.Values), JSON.stringify(document(input)), catalogId, region, db, table, key(values));
      return this.get(catalogId, region, db, table, input.Values)!;
    });
  }

  delete(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): boolean {
    return this.#q.delete.run(catalogId, region, lower(databaseName), lower(tableName), key(values)).changes > 0;
  }
}
