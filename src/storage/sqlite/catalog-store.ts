import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import {
  CatalogEntityExistsError,
  CatalogEntityNotFoundError,
  type CatalogDatabase,
  type CatalogPartition,
  type CatalogStore,
  type CatalogTable,
  type DatabaseDefinition,
  type PartitionDefinition,
  type TableDefinition,
} from '../catalog.js';
import { SqlitePartitions } from './catalog-partitions.js';
import { immediate, prepare } from './node-sqlite.js';

interface DatabaseRow {
  catalog_id: string;
  region: string;
  created_at: number;
  document: string;
}

interface TableRow extends DatabaseRow {
  database_name: string;
  updated_at: number;
  created_by: string | null;
  version: number;
}

function toDatabase(r: DatabaseRow): CatalogDatabase {
  return { ...(JSON.parse(r.document) as DatabaseDefinition), catalogId: r.catalog_id, region: r.region, createdAt: new Date(r.created_at) };
}

function toTable(r: TableRow): CatalogTable {
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

const lower = (s: string): string => s.toLowerCase();

const TABLE_MEMBERS = ['Description', 'Owner', 'Retention', 'StorageDescriptor', 'PartitionKeys', 'ViewOriginalText', 'ViewExpandedText', 'TableType', 'Parameters'] as const;
const DATABASE_MEMBERS = ['Description', 'LocationUri', 'Parameters'] as const;

/** Only the definition's own members are stored (a stored table handed back keeps its catalog fields out). */
function pick<T extends { Name: string }>(input: T, members: readonly (keyof T)[]): T {
  const out = { Name: lower(input.Name) } as T;
  for (const m of members) if (input[m] !== undefined) out[m] = input[m];
  return out;
}

/** {@link CatalogStore} on the embedded SQLite database. */
export class SqliteCatalogStore implements CatalogStore {
  readonly #q;
  readonly #partitions: SqlitePartitions;

  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#partitions = new SqlitePartitions(db, clock);
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

  getDatabase(catalogId: string, region: string, name: string): CatalogDatabase | undefined {
    const row = this.#q.getDb.get(catalogId, region, lower(name));
    return row ? toDatabase(row) : undefined;
  }

  listDatabases(catalogId: string, region: string): CatalogDatabase[] {
    return this.#q.listDbs.all(catalogId, region).map(toDatabase);
  }

  createDatabase(catalogId: string, region: string, input: DatabaseDefinition): CatalogDatabase {
    return immediate(this.db, () => {
      if (this.getDatabase(catalogId, region, input.Name)) throw new CatalogEntityExistsError(`Database already exists.`);
      const doc = pick<DatabaseDefinition>(input, DATABASE_MEMBERS);
      this.#q.insertDb.run(catalogId, region, doc.Name, this.clock.now().getTime(), JSON.stringify(doc));
      return this.getDatabase(catalogId, region, doc.Name)!;
    });
  }

  ensureDatabase(catalogId: string, region: string, input: DatabaseDefinition): CatalogDatabase {
    return this.getDatabase(catalogId, region, input.Name) ?? this.createDatabase(catalogId, region, input);
  }

  updateDatabase(catalogId: string, region: string, name: string, input: Omit<DatabaseDefinition, 'Name'>): CatalogDatabase {
    const doc = pick<DatabaseDefinition>({ ...input, Name: name }, DATABASE_MEMBERS);
    if (this.#q.updateDb.run(JSON.stringify(doc), catalogId, region, doc.Name).changes === 0) throw new CatalogEntityNotFoundError(`Database ${doc.Name} not found.`);
    return this.getDatabase(catalogId, region, doc.Name)!;
  }

  deleteDatabase(catalogId: string, region: string, name: string): boolean {
    // The tables go with it (ON DELETE CASCADE), as Glue's DeleteDatabase does.
    return this.#q.deleteDb.run(catalogId, region, lower(name)).changes > 0;
  }

  getTable(catalogId: string, region: string, databaseName: string, name: string): CatalogTable | undefined {
    const row = this.#q.getTable.get(catalogId, region, lower(databaseName), lower(name));
    return row ? toTable(row) : undefined;
  }

  listTables(catalogId: string, region: string, databaseName: string): CatalogTable[] {
    return this.#q.listTables.all(catalogId, region, lower(databaseName)).map(toTable);
  }

  createTable(catalogId: string, region: string, databaseName: string, input: TableDefinition, createdBy?: string): CatalogTable {
    return immediate(this.db, () => {
      if (!this.getDatabase(catalogId, region, databaseName)) throw new CatalogEntityNotFoundError(`Database ${lower(databaseName)} not found.`);
      if (this.getTable(catalogId, region, databaseName, input.Name)) throw new CatalogEntityExistsError('Table already exists.');
      const doc = pick<TableDefinition>(input, TABLE_MEMBERS);
      const now = this.clock.now().getTime();
      this.#q.insertTable.run(catalogId, region, lower(databaseName), doc.Name, now, now, createdBy ?? null, JSON.stringify(doc));
      return this.getTable(catalogId, region, databaseName, doc.Name)!;
    });
  }

  updateTable(catalogId: string, region: string, databaseName: string, input: TableDefinition): CatalogTable {
    const doc = pick<TableDefinition>(input, TABLE_MEMBERS);
    const changed = this.#q.updateTable.run(JSON.stringify(doc), this.clock.now().getTime(), catalogId, region, lower(databaseName), doc.Name).changes;
    if (changed === 0) throw new CatalogEntityNotFoundError(`Table ${doc.Name} not found.`);
    return this.getTable(catalogId, region, databaseName, doc.Name)!;
  }

  deleteTable(catalogId: string, region: string, databaseName: string, name: string): boolean {
    return this.#q.deleteTable.run(catalogId, region, lower(databaseName), lower(name)).changes > 0;
  }

  getPartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): CatalogPartition | undefined {
    return this.#partitions.get(catalogId, region, databaseName, tableName, values);
  }

  listPartitions(catalogId: string, region: string, databaseName: string, tableName: string): CatalogPartition[] {
    return this.#partitions.list(catalogId, region, databaseName, tableName);
  }

  createPartition(catalogId: string, region: string, databaseName: string, tableName: string, input: PartitionDefinition): CatalogPartition {
    return this.#partitions.create(catalogId, region, databaseName, tableName, input);
  }

  updatePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[], input: PartitionDefinition): CatalogPartition {
    return this.#partitions.update(catalogId, region, databaseName, tableName, values, input);
  }

  deletePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): boolean {
    return this.#partitions.delete(catalogId, region, databaseName, tableName, values);
  }
}
