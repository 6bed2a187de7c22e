import type { DatabaseSync } from 'node:sqlite';
import { shareIndex, ShareConflictError, type ResourceShareDocument, type ResourceShareStore } from '../ram.js';
import { immediate, prepare } from './node-sqlite.js';

/**
 * The shares' tables, in SQLite and PostgreSQL alike: the document, the columns it is listed by,
 * and one index row per entity it names (step 1; step 2 replaces that index with ram_share_keys).
 */
export const RAM_SCHEMA = `
  CREATE TABLE ram_resource_shares (
    arn TEXT PRIMARY KEY,
    owner_account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revision INTEGER NOT NULL,
    document TEXT NOT NULL
  );
  CREATE INDEX ram_resource_shares_by_owner ON ram_resource_shares (owner_account_id, region, created_at);
  CREATE TABLE ram_share_entities (
    entity TEXT NOT NULL,
    share_arn TEXT NOT NULL REFERENCES ram_resource_shares (arn) ON DELETE CASCADE,
    PRIMARY KEY (entity, share_arn)
  );
  CREATE INDEX ram_share_entities_by_share ON ram_share_entities (share_arn);`;

/** The shares' index by key (shareKeys), each entry live until a time or for good; it replaces ram_share_entities. */
export const RAM_KEYS_TABLE = `
  CREATE TABLE ram_share_keys (
    key TEXT NOT NULL,
    share_arn TEXT NOT NULL REFERENCES ram_resource_shares (arn) ON DELETE CASCADE,
    live_until BIGINT,
    PRIMARY KEY (key, share_arn)
  );
  CREATE INDEX ram_share_keys_by_share ON ram_share_keys (share_arn);`;

/**
 * Step 2 in SQLite: the keyed index, rebuilt from the stored documents as shareIndex builds it
 * (INVITATION_LIFETIME_MS is 43,200,000 ms), and the old index dropped.
 */
export const RAM_KEYS_SCHEMA = `${RAM_KEYS_TABLE}
  INSERT OR REPLACE INTO ram_share_keys (key, share_arn, live_until)
    SELECT 'resource:' || json_extract(a.value, '$.entity'), s.arn, NULL FROM ram_resource_shares s, json_each(s.document, '$.associations') a
      WHERE json_extract(a.value, '$.type') = 'RESOURCE'
    UNION SELECT 'consumer:' || json_extract(a.value, '$.entity'), s.arn, NULL FROM ram_resource_shares s, json_each(s.document, '$.associations') a
      WHERE json_extract(a.value, '$.type') = 'PRINCIPAL' AND json_extract(a.value, '$.status') = 'ASSOCIATED'
    UNION SELECT 'invitation:' || json_extract(i.value, '$.arn'), s.arn, NULL FROM ram_resource_shares s, json_each(s.document, '$.invitations') i;
  INSERT OR REPLACE INTO ram_share_keys (key, share_arn, live_until)
    SELECT 'invited:' || json_extract(i.value, '$.receiverAccountId'), s.arn, max(json_extract(i.value, '$.createdAt') + 43200000)
      FROM ram_resource_shares s, json_each(s.document, '$.invitations') i
      WHERE json_extract(i.value, '$.status') = 'PENDING' GROUP BY 1, 2;
  DROP TABLE ram_share_entities;`;

/** A share's row as both stores read it. */
export interface ShareRow {
  revision: number;
  document: string;
}

export function toShare(row: ShareRow): ResourceShareDocument {
  return { ...(JSON.parse(row.document) as Omit<ResourceShareDocument, 'revision'>), revision: Number(row.revision) };
}

/** The document as stored: everything but the revision, which is a column. */
export function shareDocumentText(doc: ResourceShareDocument): string {
  const { revision: _revision, ...rest } = doc;
  return JSON.stringify(rest);
}

/** RAM's resource shares in the data directory's SQLite database. */
export class SqliteResourceShareStore implements ResourceShareStore {
  readonly #db: DatabaseSync;
  readonly #q;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#q = {
      get: prepare<[string], ShareRow>(db, 'SELECT revision, document FROM ram_resource_shares WHERE arn = ?'),
      owned: prepare<[string, string], ShareRow>(db, 'SELECT revision, document FROM ram_resource_shares WHERE owner_account_id = ? AND region = ? ORDER BY created_at, arn'),
      count: prepare<[string, string], { n: number }>(db, 'SELECT count(*) AS n FROM ram_resource_shares WHERE owner_account_id = ? AND region = ?'),
      byKey: prepare<[string, number], ShareRow>(db, `SELECT s.revision, s.document FROM ram_share_keys k JOIN ram_resource_shares s ON s.arn = k.share_arn
        WHERE k.key = ? AND (k.live_until IS NULL OR k.live_until > ?) ORDER BY s.created_at, s.arn`),
      insert: db.prepare('INSERT INTO ram_resource_shares (arn, owner_account_id, region, created_at, revision, document) VALUES (?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE ram_resource_shares SET revision = ?, document = ? WHERE arn = ? AND revision = ?'),
      clearIndex: db.prepare('DELETE FROM ram_share_keys WHERE share_arn = ?'),
      index: db.prepare('INSERT INTO ram_share_keys (key, share_arn, live_until) VALUES (?, ?, ?)'),
    };
  }

  async getShare(arn: string): Promise<ResourceShareDocument | undefined> {
    const row = this.#q.get.get(arn);
    return row ? toShare(row) : undefined;
  }

  async saveShare(doc: ResourceShareDocument): Promise<void> {
    immediate(this.#db, () => {
      if (doc.revision === 1) {
        if (this.#q.get.get(doc.arn)) throw new ShareConflictError(`share ${doc.arn} exists`);
        this.#q.insert.run(doc.arn, doc.ownerAccountId, doc.region, doc.createdAt, doc.revision, shareDocumentText(doc));
      } else if (Number(this.#q.update.run(doc.revision, shareDocumentText(doc), doc.arn, doc.revision - 1).changes) === 0) {
        throw new ShareConflictError(`share ${doc.arn} is not at revision ${doc.revision - 1}`);
      }
      this.#q.clearIndex.run(doc.arn);
      for (const k of shareIndex(doc)) this.#q.index.run(k.key, doc.arn, k.liveUntil ?? null);
    });
  }

  async sharesOwnedBy(accountId: string, region: string): Promise<ResourceShareDocument[]> {
    return this.#q.owned.all(accountId, region).map(toShare);
  }

  async countOwnedBy(accountId: string, region: string): Promise<number> {
    return Number(this.#q.count.get(accountId, region)?.n ?? 0);
  }

  async sharesByKey(key: string, at: number): Promise<ResourceShareDocument[]> {
    return this.#q.byKey.all(key, at).map(toShare);
  }
}
