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
import { databaseDocument, lower, tableDocument, toDatabase, toTable, type DatabaseRow, type TableRow } from '../sqlite/catalog-documents.js';
import { FOREIGN_KEY_VIOLATION, PgPartitions } from './catalog-partitions.js';
import { PgCatalogPolicies } from './catalog-policies.js';
import { pgErrorCode, UNIQUE_VIOLATION, type PgDatabase } from './database.js';

const DATABASE_COLUMNS = 'catalog_id, region, created_at, document';
const TABLE_COLUMNS = 'catalog_id, region, database_name, created_at, updated_at, created_by, version, document';

/**
 * {@link CatalogStore} on PostgreSQL, shared by every server process. Each method is one
 * statement: creates meet in the primary keys (the loser gets CatalogEntityExistsError, as
 * SQLite's store throws) and in the foreign keys (a table of a missing database is
 * CatalogEntityNotFoundError); names are ordered byte by byte (COLLATE "C"), as SQLite orders them.
 */
export class PgCatalogStore implements CatalogStore {
  readonly #partitions: PgPartitions;
  readonly #policies: PgCatalogPolicies;

  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {
    this.#partitions = new PgPartitions(db, clock);
    this.#policies = new PgCatalogPolicies(db, clock);
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
    const { rows } = await this.db.query<DatabaseRow>(`SELECT ${DATABASE_COLUMNS} FROM glue_databases WHERE catalog_id = $1 AND region = $2 AND name = $3`, [catalogId, region, lower(name)]);
    return rows[0] ? toDatabase(rows[0]) : undefined;
  }

  async listDatabases(catalogId: string, region: string): Promise<CatalogDatabase[]> {
    const { rows } = await this.db.query<DatabaseRow>(`SELECT ${DATABASE_COLUMNS} FROM glue_databases WHERE catalog_id = $1 AND region = $2 ORDER BY name COLLATE "C"`, [catalogId, region]);
    return rows.map(toDatabase);
  }

  async createDatabase(catalogId: string, region: string, input: DatabaseDefinition): Promise<CatalogDatabase> {
    const doc = databaseDocument(input);
    try {
      const { rows } = await this.db.query<DatabaseRow>(
        `INSERT INTO glue_databases (catalog_id, region, name, created_at, document) VALUES ($1, $2, $3, $4, $5) RETURNING ${DATABASE_COLUMNS}`,
        [catalogId, region, doc.Name, this.clock.now().getTime(), JSON.stringify(doc)],
      );
      return toDatabase(rows[0]!);
    } catch (e) {
      if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new CatalogEntityExistsError('Database already exists.');
      throw e;
    }
  }

  async ensureDatabase(catalogId: string, region: string, input: DatabaseDefinition): Promise<CatalogDatabase> {
    const doc = databaseDocument(input);
    // Another process may create it at the same time (the insert then does nothing and the read
    // finds theirs) or delete it between the two (then try again): ensure never fails on a race.
    for (let attempt = 1; ; attempt++) {
      const { rows } = await this.db.query<DatabaseRow>(
        `INSERT INTO glue_databases (catalog_id, region, name, created_at, document) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING ${DATABASE_COLUMNS}`,
        [catalogId, region, doc.Name, this.clock.now().getTime(), JSON.stringify(doc)],
      );
      const found = rows[0] ? toDatabase(rows[0]) : await this.getDatabase(catalogId, region, doc.Name);
      if (found) return found;
      if (attempt === 5) throw new Error(`database ${doc.Name} was deleted each time it was ensured`);
    }
  }

  async updateDatabase(catalogId: string, region: string, name: string, input: Omit<DatabaseDefinition, 'Name'>): Promise<CatalogDatabase> {
    const doc = databaseDocument({ ...input, Name: name });
    const { rows } = await this.db.query<DatabaseRow>(
      `UPDATE glue_databases SET document = $4 WHERE catalog_id = $1 AND region = $2 AND name = $3 RETURNING ${DATABASE_COLUMNS}`,
      [catalogId, region, doc.Name, JSON.stringify(doc)],
    );
    if (!rows[0]) throw new CatalogEntityNotFoundError(`Database ${doc.Name} not found.`);
    return toDatabase(rows[0]);
  }

  async deleteDatabase(catalogId: string, region: string, name: string): Promise<boolean> {
    // The tables and their partitions go with it (ON DELETE CASCADE), as Glue's DeleteDatabase does.
    const { rowCount } = await this.db.query('DELETE FROM glue_databases WHERE catalog_id = $1 AND region = $2 AND name = $3', [catalogId, region, lower(name)]);
    return (rowCount ?? 0) > 0;
  }

  async getTable(catalogId: string, region: string, databaseName: string, name: string): Promise<CatalogTable | undefined> {
    const { rows } = await this.db.query<TableRow>(
      `SELECT ${TABLE_COLUMNS} FROM glue_tables WHERE catalog_id = $1 AND region = $2 AND database_name = $3 AND name = $4`,
      [catalogId, region, lower(databaseName), lower(name)],
    );
    return rows[0] ? toTable(rows[0]) : undefined;
  }

  async listTables(catalogId: string, region: string, databaseName: string): Promise<CatalogTable[]> {
    const { rows } = await this.db.query<TableRow>(
      `SELECT ${TABLE_COLUMNS} FROM glue_tables WHERE catalog_id = $1 AND region = $2 AND database_name = $3 ORDER BY name COLLATE "C"`,
      [catalogId, region, lower(databaseName)],
    );
    return rows.map(toTable);
  }

  async createTable(catalogId: string, region: string, databaseName: string, input: TableDefinition, createdBy?: string): Promise<CatalogTable> {
    const doc = tableDocument(input);
    const now = this.clock.now().getTime();
    try {
      const { rows } = await this.db.query<TableRow>(
        `INSERT INTO glue_tables (catalog_id, region, database_name, name, created_at, updated_at, created_by, version, document)
         VALUES ($1, $2, $3, $4, $5, $5, $6, 1, $7) RETURNING ${TABLE_COLUMNS}`,
        [catalogId, region, lower(databaseName), doc.Name, now, createdBy ?? null, JSON.stringify(doc)],
      );
      return toTable(rows[0]!);
    } catch (e) {
      const code = pgErrorCode(e);
      if (code === FOREIGN_KEY_VIOLATION) throw new CatalogEntityNotFoundError(`Database ${lower(databaseName)} not found.`);
      if (code === UNIQUE_VIOLATION) throw new CatalogEntityExistsError('Table already exists.');
      throw e;
    }
  }

  async updateTable(catalogId: string, region: string, databaseName: string, input: TableDefinition): Promise<CatalogTable> {
    const doc = tableDocument(input);
    const { rows } = await this.db.query<TableRow>(
      `UPDATE glue_tables SET document = $5, updated_at = $6, version = version + 1
       WHERE catalog_id = $1 AND region = $2 AND database_name = $3 AND name = $4 RETURNING ${TABLE_COLUMNS}`,
      [catalogId, region, lower(databaseName), doc.Name, JSON.stringify(doc), this.clock.now().getTime()],
    );
    if (!rows[0]) throw new CatalogEntityNotFoundError(`Table ${doc.Name} not found.`);
    return toTable(rows[0]);
  }

  async deleteTable(catalogId: string, region: string, databaseName: string, name: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'DELETE FROM glue_tables WHERE catalog_id = $1 AND region = $2 AND database_name = $3 AND name = $4',
      [catalogId, region, lower(databaseName), lower(name)],
    );
    return (rowCount ?? 0) > 0;
  }

  getPartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<CatalogPartition | undefined> {
    return this.#partitions.get(catalogId, region, databaseName, tableName, values);
  }

  listPartitions(catalogId: string, region: string, databaseName: string, tableName: string): Promise<CatalogPartition[]> {
    return this.#partitions.list(catalogId, region, databaseName, tableName);
  }

  createPartition(catalogId: string, region: string, databaseName: string, tableName: string, input: PartitionDefinition): Promise<CatalogPartition> {
    return this.#partitions.create(catalogId, region, databaseName, tableName, input);
  }

  updatePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[], input: PartitionDefinition): Promise<CatalogPartition> {
    return this.#partitions.update(catalogId, region, databaseName, tableName, values, input);
  }

  deletePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<boolean> {
    return this.#partitions.delete(catalogId, region, databaseName, tableName, values);
  }
}
