import type { DatabaseSync } from 'node:sqlite';
import type { GrantCursor, KmsGrant } from '../kms.js';
import { immediate, prepare } from './node-sqlite.js';

/**
 * KMS grants, in SQLite and PostgreSQL alike: a grant's document with the columns it is found
 * by — its key (listing, counting, the grants naming a caller), its retiring principal
 * (ListRetirableGrants, across accounts) and, for a named grant, the digest of its name and
 * parameters, unique per key so that a retried CreateGrant finds the grant it made (NULLs are
 * distinct in both databases: unnamed grants never collide).
 */
export const KMS_GRANTS_SCHEMA = `
  CREATE TABLE kms_grants (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    grantee_principal TEXT NOT NULL,
    retiring_principal TEXT,
    issuing_account TEXT NOT NULL,
    idempotency_key TEXT,
    created_at BIGINT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account_id, region, key_id, grant_id)
  );
  CREATE UNIQUE INDEX kms_grants_by_name ON kms_grants (account_id, region, key_id, idempotency_key);
  CREATE INDEX kms_grants_by_age ON kms_grants (account_id, region, key_id, created_at, grant_id);
  CREATE INDEX kms_grants_by_grantee ON kms_grants (account_id, region, key_id, grantee_principal);
  CREATE INDEX kms_grants_by_retiring ON kms_grants (retiring_principal, region, created_at, grant_id);`;

export interface GrantRow {
  document: string;
}

export const toGrant = (row: GrantRow): KmsGrant => JSON.parse(row.document) as KmsGrant;

/** A grant's row values, in the order of {@link INSERT_GRANT}'s columns. */
export function grantValues(g: KmsGrant): [string, string, string, string, string, string | null, string, string | null, number, string] {
  return [g.accountId, g.region, g.keyId, g.grantId, g.granteePrincipal, g.retiringPrincipal ?? null, g.issuingAccount, g.idempotencyKey ?? null, g.createdAt, JSON.stringify(g)];
}

export const INSERT_GRANT_COLUMNS = 'account_id, region, key_id, grant_id, grantee_principal, retiring_principal, issuing_account, idempotency_key, created_at, document';

/** The cursor's values, or ones before every grant (created_at is never negative). */
export const cursorValues = (after: GrantCursor | undefined): [number, string] => (after ? [after.createdAt, after.grantId] : [-1, '']);

/** SQLite's half of the KMS store's grants (SqliteKmsStore delegates here). */
export class SqliteKmsGrants {
  readonly #db: DatabaseSync;
  readonly #q;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const key = 'account_id = ? AND region = ? AND key_id = ?';
    const after = '(created_at > ? OR (created_at = ? AND grant_id > ?))';
    this.#q = {
      insert: db.prepare(`INSERT OR IGNORE INTO kms_grants (${INSERT_GRANT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      byName: prepare<[string, string, string, string], GrantRow>(db, `SELECT document FROM kms_grants WHERE ${key} AND idempotency_key = ?`),
      get: prepare<[string, string, string, string], GrantRow>(db, `SELECT document FROM kms_grants WHERE ${key} AND grant_id = ?`),
      list: prepare<[string, string, string, number, number, string, number], GrantRow>(db,
        `SELECT document FROM kms_grants WHERE ${key} AND ${after} ORDER BY created_at, grant_id LIMIT ?`),
      listOfGrantee: prepare<[string, string, string, string, number, number, string, number], GrantRow>(db,
        `SELECT document FROM kms_grants WHERE ${key} AND grantee_principal = ? AND ${after} ORDER BY created_at, grant_id LIMIT ?`),
      retirable: prepare<[string, string, number, number, string, number], GrantRow>(db,
        `SELECT document FROM kms_grants WHERE retiring_principal = ? AND region = ? AND ${after} ORDER BY created_at, grant_id LIMIT ?`),
      count: prepare<[string, string, string], { n: number }>(db, `SELECT count(*) AS n FROM kms_grants WHERE ${key}`),
      countOfGrantee: prepare<[string, string, string, string], { n: number }>(db, `SELECT count(*) AS n FROM kms_grants WHERE ${key} AND grantee_principal = ?`),
      countOfIssuer: prepare<[string, string, string, string], { n: number }>(db, `SELECT count(*) AS n FROM kms_grants WHERE ${key} AND issuing_account = ?`),
      delete: db.prepare(`DELETE FROM kms_grants WHERE ${key} AND grant_id = ?`),
      deleteOfKey: db.prepare(`DELETE FROM kms_grants WHERE ${key}`),
    };
  }

  create(grant: KmsGrant): { grant: KmsGrant; created: boolean } {
    return immediate(this.#db, () => {
      if (Number(this.#q.insert.run(...grantValues(grant)).changes) > 0) return { grant, created: true };
      const found = grant.idempotencyKey === undefined ? undefined : this.#q.byName.get(grant.accountId, grant.region, grant.keyId, grant.idempotencyKey);
      if (!found) throw new Error(`grant ${grant.grantId} of key ${grant.keyId} was not saved`);
      return { grant: toGrant(found), created: false };
    });
  }

  get(accountId: string, region: string, keyId: string, grantId: string): KmsGrant | undefined {
    const row = this.#q.get.get(accountId, region, keyId, grantId);
    return row ? toGrant(row) : undefined;
  }

  list(accountId: string, region: string, keyId: string, opts: { granteePrincipal?: string; after?: GrantCursor; limit: number }): KmsGrant[] {
    const [at, id] = cursorValues(opts.after);
    const rows = opts.granteePrincipal === undefined
      ? this.#q.list.all(accountId, region, keyId, at, at, id, opts.limit)
      : this.#q.listOfGrantee.all(accountId, region, keyId, opts.granteePrincipal, at, at, id, opts.limit);
    return rows.map(toGrant);
  }

  retirable(region: string, retiringPrincipal: string, opts: { after?: GrantCursor; limit: number }): KmsGrant[] {
    const [at, id] = cursorValues(opts.after);
    return this.#q.retirable.all(retiringPrincipal, region, at, at, id, opts.limit).map(toGrant);
  }

  grantsFor(accountId: string, region: string, keyId: string, principals: readonly string[]): KmsGrant[] {
    if (principals.length === 0) return [];
    const marks = principals.map(() => '?').join(', ');
    return this.#db
      .prepare(`SELECT document FROM kms_grants WHERE account_id = ? AND region = ? AND key_id = ? AND grantee_principal IN (${marks}) ORDER BY created_at, grant_id`)
      .all(accountId, region, keyId, ...principals)
      .map((r) => toGrant(r as unknown as GrantRow));
  }

  count(accountId: string, region: string, keyId: string, only: { granteePrincipal?: string; issuingAccount?: string } = {}): number {
    const row = only.granteePrincipal !== undefined
      ? this.#q.countOfGrantee.get(accountId, region, keyId, only.granteePrincipal)
      : only.issuingAccount !== undefined
        ? this.#q.countOfIssuer.get(accountId, region, keyId, only.issuingAccount)
        : this.#q.count.get(accountId, region, keyId);
    return Number(row?.n ?? 0);
  }

  delete(accountId: string, region: string, keyId: string, grantId: string): boolean {
    return Number(this.#q.delete.run(accountId, region, keyId, grantId).changes) > 0;
  }

  deleteOfKey(accountId: string, region: string, keyId: string): number {
    return Number(this.#q.deleteOfKey.run(accountId, region, keyId).changes);
  }
}
