import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import {
  CatalogEntityExistsError,
  CatalogEntityNotFoundError,
  type CatalogDatabase,
  type CatalogPolicy,
  type CatalogPolicyCheck,
  type CatalogPartition,
  type CatalogStore,
  type CatalogTable,
  type DatabaseDefinition,
  type PartitionDefinition,
  type TableDefinition,
} from '../catalog.js';
import { databaseDocument, lower, tableDocument, toDatabase, toTable, type DatabaseRow, type TableRow } from './catalog-documents.js';
import { SqlitePartitions } from './catalog-partitions.js';
import { SqliteCatalogPolicies } from './catalog-policies.js';
import { immediate, prepare } from './node-sqlite.js';

/** {@link CatalogStore} on the embedded SQLite database. */
export class SqliteCatalogStore implements CatalogStore {
  readonly #q;
  readonly #partitions: SqlitePartitions;
  readonly #policies: SqliteCatalogPolicies;

  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#partitions = new SqlitePartitions(db, clock);
    this.#policies = new SqliteCatalogPolicies(db, clock);
    this.#q = {
      getDb: prepare<[string, string, string], DatabaseRow>(db, 'SELECT * FROM glue_databases WHERE catalog_id = ? AND region = ? AND name = ?'),
      listDbs: prepare<[string, string], DatabaseRow>(db, 'SELECT * FROM glue_databases WHERE catalog_id = ? AND region = ? ORDER BY name'),
      insertDb: db.prepare('INSERT INTO glue_databases (catalog_id, region, name, created_at, document) VALUES (?, ?, ?, ?, ?)'),
      updateDb: db.prepare('UPDATE glue_databases SET document = ? WHERE catalog_id = ? AND region = ? AND name = ?'),
      deleteDb: db.prepare('DELETE FROM glue_databases WHERE catalog_id = ? AND region = ? AND name = ?'),
      getTable: prepare<[string, string, string, string], TableRow>(db, 'SELECT * FROM glue_tables WHERE catalog_id = ? AND region = ? AND database_name = ? AND name = ?'),
      listTables: prepare<[string, string, string], TableRow>(db, 'SELECT * FROM glue_tables WHERE catalog_id = ? AND region = ? AND database_name = ? ORDER BY name'),
      insertTable: db.prepare(
        'INSERT INTO glue_tables (catalog_id, region, database_name, name, created_at, updated_at, created_by, version, document) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)',
      ),
      updateTable: db.prepare('UPDATE glue_tables SET document = ?, updated_at = ?, version = version + 1 WHERE catalog_id = ? AND region = ? AND database_name = ? AND name = ?'),
      deleteTable: db.prepare('DELETE FROM glue_tables WHERE catalog_id = ? AND region = ? AND database_name = ? AND name = ?'),
    };
  }

  #database(catalogId: string, region: string, name: string): CatalogDatabase | undefined {
    const row = this.#q.getDb.get(catalogId, region, lower(name));
    return row ? toDatabase(row) : undefined;
  }

  #table(catalogId: string, region: string, databaseName: string, name: string): CatalogTable | undefined {
    const row = this.#q.getTable.get(catalogId, region, lower(databaseName), lower(name));
    return row ? toTable(row) : undefined;
  }

  /** Inside the caller's transaction: the create's checks and insert see one state. */
  #createDatabase(catalogId: string, region: string, input: DatabaseDefinition): CatalogDatabase {
    if (this.#database(catalogId, region, input.Name)) throw new CatalogEntityExistsError(`Database already exists.`);
    const doc = databaseDocument(input);
    this.#q.insertDb.run(catalogId, region, doc.Name, this.clock.now().getTime(), JSON.stringify(doc));
    return this.#database(catalogId, region, doc.Name)!;
  }

  getCatalogPolicy(catalogId: string, region: string): Promise<CatalogPolicy | undefined> {
    return this.#policies.get(catalogId, region);
  }

  putCatalogPolicy(catalogId: string, region: string, policy: { document: string; hash: string }, check: CatalogPolicyCheck): Promise<CatalogPolicy> {
    return this.#policies.put(catalogId, region, policy, check);
  }

  deleteCatalogPolicy(catalogId: string, region: string, check: CatalogPolicyCheck): Promise<void> {
    return this.#policies.delete(catalogId, region, check);
  }

  async getDatabase(catalogId: string, region: string, name: string): Promise<CatalogDatabase | undefined> {
    return this.#database(catalogId, region, name);
  }

  async listDatabases(catalogId: string, region: string): Promise<CatalogDatabase[]> {
    return this.#q.listDbs.all(catalogId, region).map(toDatabase);
  }

  async createDatabase(catalogId: string, region: string, input: DatabaseDefinition): Promise<CatalogDatabase> {
    return immediate(this.db, () => this.#createDatabase(catalogId, region, input));
  }

  async ensureDatabase(catalogId: string, region: string, input: DatabaseDefinition): Promise<CatalogDatabase> {
    return this.#database(catalogId, region, input.Name) ?? immediate(this.db, () => this.#createDatabase(catalogId, region, input));
  }

  async updateDatabase(catalogId: string, region: string, name: string, input: Omit<DatabaseDefinition, 'Name'>): Promise<CatalogDatabase> {
    const doc = databaseDocument({ ...input, Name: name });
    if (this.#q.updateDb.run(JSON.stringify(doc), catalogId, region, doc.Name).changes === 0) throw new CatalogEntityNotFoundError(`Database ${doc.Name} not found.`);
    return this.#database(catalogId, region, doc.Name)!;
  }

  async deleteDatabase(catalogId: string, region: string, name: string): Promise<boolean> {
    // The tables go with it (ON DELETE CASCADE), as Glue's DeleteDatabase does.
    return this.#q.deleteDb.run(catalogId, region, lower(name)).changes > 0;
  }

  async getTable(catalogId: string, region: string, databaseName: string, name: string): Promise<CatalogTable | undefined> {
    return this.#table(catalogId, region, databaseName, name);
  }

  async listTables(catalogId: string, region: string, databaseName: string): Promise<CatalogTable[]> {
    return this.#q.listTables.all(catalogId, region, lower(databaseName)).map(toTable);
  }

  async createTable(catalogId: string, region: string, databaseName: string, input: TableDefinition, createdBy?: string): Promise<CatalogTable> {
    return immediate(this.db, () => {
      if (!this.#database(catalogId, region, databaseName)) throw new CatalogEntityNotFoundError(`Database ${lower(databaseName)} not found.`);
      if (this.#table(catalogId, region, databaseName, input.Name)) throw new CatalogEntityExistsError('Table already exists.');
      const doc = tableDocument(input);
      const now = this.clock.now().getTime();
      this.#q.insertTable.run(catalogId, region, lower(databaseName), doc.Name, now, now, createdBy ?? null, JSON.stringify(doc));
      return this.#table(catalogId, region, databaseName, doc.Name)!;
    });
  }

  async updateTable(catalogId: string, region: string, databaseName: string, input: TableDefinition): Promise<CatalogTable> {
    const doc = tableDocument(input);
    const changed = this.#q.updateTable.run(JSON.stringify(doc), this.clock.now().getTime(), catalogId, region, lower(databaseName), doc.Name).changes;
    if (changed === 0) throw new CatalogEntityNotFoundError(`Table ${doc.Name} not found.`);
    return this.#table(catalogId, region, databaseName, doc.Name)!;
  }

  async deleteTable(catalogId: string, region: string, databaseName: string, name: string): Promise<boolean> {
    return this.#q.deleteTable.run(catalogId, region, lower(databaseName), lower(name)).changes > 0;
  }

  async getPartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<CatalogPartition | undefined> {
    return this.#partitions.get(catalogId, region, databaseName, tableName, values);
  }

  async listPartitions(catalogId: string, region: string, databaseName: string, tableName: string): Promise<CatalogPartition[]> {
    return this.#partitions.list(catalogId, region, databaseName, tableName);
  }

  async createPartition(catalogId: string, region: string, databaseName: string, tableName: string, input: PartitionDefinition): Promise<CatalogPartition> {
    return this.#partitions.create(catalogId, region, databaseName, tableName, input);
  }

  async updatePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[], input: PartitionDefinition): Promise<CatalogPartition> {
    return this.#partitions.update(catalogId, region, databaseName, tableName, values, input);
  }

  async deletePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<boolean> {
    return this.#partitions.delete(catalogId, region, databaseName, tableName, values);
  }
}
