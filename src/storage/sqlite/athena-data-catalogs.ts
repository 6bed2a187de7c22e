import type { DatabaseSync } from 'node:sqlite';
import { DataCatalogExistsError, type DataCatalogRecord, type DataCatalogStore } from '../athena.js';
import { prepare, sqliteErrorCode, SQLITE_CONSTRAINT_PRIMARYKEY } from './node-sqlite.js';

/** A registered data catalog's row, in SQLite and PostgreSQL alike: the key lower-cased, the rest a document in Athena's member names. */
export interface DataCatalogRow {
  account_id: string;
  region: string;
  created_at: number;
  document: string;
}

export function dataCatalogDocument(r: DataCatalogRecord): string {
  return JSON.stringify({ Name: r.name, Type: r.type, ...(r.description !== undefined ? { Description: r.description } : {}), Parameters: r.parameters, Tags: r.tags });
}

export function toDataCatalog(row: DataCatalogRow): DataCatalogRecord {
  const d = JSON.parse(row.document) as { Name: string; Type: DataCatalogRecord['type']; Description?: string; Parameters: Record<string, string>; Tags: DataCatalogRecord['tags'] };
  return {
    accountId: row.account_id, region: row.region, name: d.Name, type: d.Type, ...(d.Description !== undefined ? { description: d.Description } : {}),
    parameters: d.Parameters, tags: d.Tags, createdAt: new Date(row.created_at),
  };
}

/** The data catalogs of the SQLite Athena store (table athena_data_catalogs). */
export class SqliteDataCatalogs implements DataCatalogStore {
  readonly #q;

  constructor(db: DatabaseSync) {
    this.#q = {
      get: prepare<[string, string, string], DataCatalogRow>(db, 'SELECT account_id, region, created_at, document FROM athena_data_catalogs WHERE account_id = ? AND region = ? AND name = ?'),
      list: prepare<[string, string], DataCatalogRow>(db, 'SELECT account_id, region, created_at, document FROM athena_data_catalogs WHERE account_id = ? AND region = ? ORDER BY name'),
      insert: db.prepare('INSERT INTO athena_data_catalogs (account_id, region, name, created_at, document) VALUES (?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE athena_data_catalogs SET document = ? WHERE account_id = ? AND region = ? AND name = ?'),
      delete: db.prepare('DELETE FROM athena_data_catalogs WHERE account_id = ? AND region = ? AND name = ?'),
    };
  }

  async getDataCatalog(accountId: string, region: string, name: string): Promise<DataCatalogRecord | undefined> {
    const row = this.#q.get.get(accountId, region, name.toLowerCase());
    return row ? toDataCatalog(row) : undefined;
  }

  async listDataCatalogs(accountId: string, region: string): Promise<DataCatalogRecord[]> {
    return this.#q.list.all(accountId, region).map(toDataCatalog);
  }

  async createDataCatalog(r: DataCatalogRecord): Promise<void> {
    try {
      this.#q.insert.run(r.accountId, r.region, r.name.toLowerCase(), r.createdAt.getTime(), dataCatalogDocument(r));
    } catch (e) {
      if (sqliteErrorCode(e) === SQLITE_CONSTRAINT_PRIMARYKEY) throw new DataCatalogExistsError(`data catalog ${r.name} exists`);
      throw e;
    }
  }

  async putDataCatalog(r: DataCatalogRecord): Promise<boolean> {
    return Number(this.#q.update.run(dataCatalogDocument(r), r.accountId, r.region, r.name.toLowerCase()).changes) > 0;
  }

  async deleteDataCatalog(accountId: string, region: string, name: string): Promise<boolean> {
    return Number(this.#q.delete.run(accountId, region, name.toLowerCase()).changes) > 0;
  }
}
