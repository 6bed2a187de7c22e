import { indexedEntities, ShareConflictError, type ResourceShareDocument, type ResourceShareStore } from '../ram.js';
import { RAM_SCHEMA, shareDocumentText, toShare, type ShareRow } from '../sqlite/ram-store.js';
import type { SchemaComponent } from './migrations.js';
import type { PgDatabase } from './database.js';

/** RAM's tables in PostgreSQL: the SQLite store's, as they are (never edit a released step: add one). */
export const RAM_PG_SCHEMA: SchemaComponent = { name: 'ram', steps: [RAM_SCHEMA] };

const ORDER = 'ORDER BY s.created_at, s.arn COLLATE "C"';

/**
 * RAM's resource shares in PostgreSQL. A save is one transaction: the revision check in the
 * UPDATE's WHERE (or the primary key, for an insert) lets exactly one of two processes' saves
 * from the same revision through, and the index is rewritten beside it.
 */
export class PgResourceShareStore implements ResourceShareStore {
  constructor(private readonly db: PgDatabase) {}

  async getShare(arn: string): Promise<ResourceShareDocument | undefined> {
    const { rows } = await this.db.query<ShareRow>('SELECT revision, document FROM ram_resource_shares WHERE arn = $1', [arn]);
    return rows[0] ? toShare(rows[0]) : undefined;
  }

  saveShare(doc: ResourceShareDocument): Promise<void> {
    return this.db.transaction(async (c) => {
      const { rowCount } = doc.revision === 1
        ? await c.query(
            `INSERT INTO ram_resource_shares (arn, owner_account_id, region, created_at, revision, document) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (arn) DO NOTHING`,
            [doc.arn, doc.ownerAccountId, doc.region, doc.createdAt, doc.revision, shareDocumentText(doc)],
          )
        : await c.query('UPDATE ram_resource_shares SET revision = $1, document = $2 WHERE arn = $3 AND revision = $4', [doc.revision, shareDocumentText(doc), doc.arn, doc.revision - 1]);
      if ((rowCount ?? 0) === 0) throw new ShareConflictError(`share ${doc.arn} is not at revision ${doc.revision - 1}`);
      await c.query('DELETE FROM ram_share_entities WHERE share_arn = $1', [doc.arn]);
      const entities = indexedEntities(doc);
      if (entities.length > 0) await c.query('INSERT INTO ram_share_entities (entity, share_arn) SELECT unnest($1::text[]), $2', [entities, doc.arn]);
    });
  }

  async sharesOwnedBy(accountId: string, region: string): Promise<ResourceShareDocument[]> {
    const { rows } = await this.db.query<ShareRow>(`SELECT s.revision, s.document FROM ram_resource_shares s WHERE s.owner_account_id = $1 AND s.region = $2 ${ORDER}`, [accountId, region]);
    return rows.map(toShare);
  }

  async countOwnedBy(accountId: string, region: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM ram_resource_shares WHERE owner_account_id = $1 AND region = $2', [accountId, region]);
    return Number(rows[0]?.n ?? 0);
  }

  async sharesNaming(entity: string): Promise<ResourceShareDocument[]> {
    const { rows } = await this.db.query<ShareRow>(
      `SELECT s.revision, s.document FROM ram_share_entities e JOIN ram_resource_shares s ON s.arn = e.share_arn WHERE e.entity = $1 ${ORDER}`,
      [entity],
    );
    return rows.map(toShare);
  }
}
