import { shareIndex, ShareConflictError, type ResourceShareDocument, type ResourceShareStore } from '../ram.js';
import { RAM_KEYS_TABLE, RAM_SCHEMA, shareDocumentText, toShare, type ShareRow } from '../sqlite/ram-store.js';
import type { SchemaComponent } from './migrations.js';
import type { PgDatabase } from './database.js';

/**
 * Step 2 in PostgreSQL: the keyed index, rebuilt from the stored documents as shareIndex builds
 * it (INVITATION_LIFETIME_MS is 43,200,000 ms), and the old index dropped.
 */
const RAM_KEYS_PG_STEP = `${RAM_KEYS_TABLE}
  INSERT INTO ram_share_keys (key, share_arn, live_until)
    SELECT DISTINCT 'resource:' || (a->>'entity'), s.arn, NULL::bigint FROM ram_resource_shares s, jsonb_array_elements(s.document::jsonb->'associations') a
      WHERE a->>'type' = 'RESOURCE'
    UNION SELECT 'consumer:' || (a->>'entity'), s.arn, NULL FROM ram_resource_shares s, jsonb_array_elements(s.document::jsonb->'associations') a
      WHERE a->>'type' = 'PRINCIPAL' AND a->>'status' = 'ASSOCIATED'
    UNION SELECT 'invitation:' || (i->>'arn'), s.arn, NULL FROM ram_resource_shares s, jsonb_array_elements(s.document::jsonb->'invitations') i
    UNION SELECT 'invited:' || (i->>'receiverAccountId'), s.arn, max((i->>'createdAt')::bigint + 43200000)
      FROM ram_resource_shares s, jsonb_array_elements(s.document::jsonb->'invitations') i
      WHERE i->>'status' = 'PENDING' GROUP BY 1, 2;
  DROP TABLE ram_share_entities;`;

/** RAM's tables in PostgreSQL: the SQLite store's, as they are (never edit a released step: add one). */
export const RAM_PG_SCHEMA: SchemaComponent = { name: 'ram', steps: [RAM_SCHEMA, RAM_KEYS_PG_STEP] };

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
      await c.query('DELETE FROM ram_share_keys WHERE share_arn = $1', [doc.arn]);
      const keys = shareIndex(doc);
      if (keys.length > 0) {
        await c.query('INSERT INTO ram_share_keys (key, share_arn, live_until) SELECT unnest($1::text[]), $2, unnest($3::bigint[])', [keys.map((k) => k.key), doc.arn, keys.map((k) => k.liveUntil ?? null)]);
      }
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

  async sharesByKey(key: string, at: number): Promise<ResourceShareDocument[]> {
    const { rows } = await this.db.query<ShareRow>(
      `SELECT s.revision, s.document FROM ram_share_keys k JOIN ram_resource_shares s ON s.arn = k.share_arn
       WHERE k.key = $1 AND (k.live_until IS NULL OR k.live_until > $2) ${ORDER}`,
      [key, at],
    );
    return rows.map(toShare);
  }
}
