import { DataCatalogExistsError, type DataCatalogRecord, type DataCatalogStore } from '../athena.js';
import { dataCatalogDocument, toDataCatalog, type DataCatalogRow } from '../sqlite/athena-data-catalogs.js';
import { pgErrorCode, UNIQUE_VIOLATION, type PgDatabase } from './database.js';

const COLUMNS = 'account_id, region, created_at, document';

/** The data catalogs of the PostgreSQL Athena store: each method one statement (a create race meets in the primary key). */
export class PgDataCatalogs implements DataCatalogStore {
  constructor(private readonly db: PgDatabase) {}

  async getDataCatalog(accountId: string, region: string, name: string): Promise<DataCatalogRecord | undefined> {
    const { rows } = await this.db.query<DataCatalogRow>(`SELECT ${COLUMNS} FROM athena_data_catalogs WHERE account_id = $1 AND region = $2 AND name = $3`, [accountId, region, name.toLowerCase()]);
    return rows[0] ? toDataCatalog(rows[0]) : undefined;
  }

  async listDataCatalogs(accountId: string, region: string): Promise<DataCatalogRecord[]> {
    const { rows } = await this.db.query<DataCatalogRow>(`SELECT ${COLUMNS} FROM athena_data_catalogs WHERE account_id = $1 AND region = $2 ORDER BY name COLLATE "C"`, [accountId, region]);
    return rows.map(toDataCatalog);
  }

  async createDataCatalog(r: DataCatalogRecord): Promise<void> {
    try {
      await this.db.query('INSERT INTO athena_data_catalogs (account_id, region, name, created_at, document) VALUES ($1, $2, $3, $4, $5)', [r.accountId, r.region, r.name.toLowerCase(), r.createdAt.getTime(), dataCatalogDocument(r)]);
    } catch (e) {
      if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new DataCatalogExistsError(`data catalog ${r.name} exists`);
      throw e;
    }
  }

  async putDataCatalog(r: DataCatalogRecord): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE athena_data_catalogs SET document = $1 WHERE account_id = $2 AND region = $3 AND name = $4', [dataCatalogDocument(r), r.accountId, r.region, r.name.toLowerCase()]);
    return (rowCount ?? 0) > 0;
  }

  async deleteDataCatalog(accountId: string, region: string, name: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM athena_data_catalogs WHERE account_id = $1 AND region = $2 AND name = $3', [accountId, region, name.toLowerCase()]);
    return (rowCount ?? 0) > 0;
  }
}
