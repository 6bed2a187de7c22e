import { AliasExistsError, KeyConflictError, type GrantCursor, type KmsAlias, type KmsGrant, type KmsKeyDocument, type KmsStore } from '../kms.js';
import { cursorValues, grantValues, INSERT_GRANT_COLUMNS, KMS_GRANTS_SCHEMA, toGrant, type GrantRow } from '../sqlite/kms-grants.js';
import { KMS_SCHEMA, keyDocumentText, toAlias, toKey, type AliasRow, type KeyRow } from '../sqlite/kms-store.js';
import type { SchemaComponent } from './migrations.js';
import type { PgDatabase } from './database.js';

/** KMS's tables in PostgreSQL: the SQLite store's, as they are (never edit a released step: add one). */
export const KMS_PG_SCHEMA: SchemaComponent = { name: 'kms', steps: [KMS_SCHEMA, KMS_GRANTS_SCHEMA] };

const KEY = 'account_id = $1 AND region = $2 AND key_id = $3';

/**
 * KMS keys, aliases and grants in PostgreSQL. A key's save is one statement whose WHERE carries the
 * revision (or, for an insert, the primary key's ON CONFLICT), so of two processes saving the
 * same revision exactly one wins.
 */
export class PgKmsStore implements KmsStore {
  constructor(private readonly db: PgDatabase) {}

  async saveKey(doc: KmsKeyDocument): Promise<void> {
    const { rowCount } = doc.revision === 1
      ? await this.db.query(
          'INSERT INTO kms_keys (account_id, region, key_id, created_at, revision, document) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          [doc.accountId, doc.region, doc.keyId, doc.createdAt, doc.revision, keyDocumentText(doc)],
        )
      : await this.db.query(
          'UPDATE kms_keys SET revision = $1, document = $2 WHERE account_id = $3 AND region = $4 AND key_id = $5 AND revision = $6',
          [doc.revision, keyDocumentText(doc), doc.accountId, doc.region, doc.keyId, doc.revision - 1],
        );
    if ((rowCount ?? 0) === 0) throw new KeyConflictError(`key ${doc.arn} is not at revision ${doc.revision - 1}`);
  }

  async getKey(accountId: string, region: string, keyId: string): Promise<KmsKeyDocument | undefined> {
    const { rows } = await this.db.query<KeyRow>('SELECT revision, document FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3', [accountId, region, keyId]);
    return rows[0] ? toKey(rows[0]) : undefined;
  }

  async listKeys(accountId: string, region: string): Promise<KmsKeyDocument[]> {
    const { rows } = await this.db.query<KeyRow>('SELECT revision, document FROM kms_keys WHERE account_id = $1 AND region = $2 ORDER BY created_at, key_id COLLATE "C"', [accountId, region]);
    return rows.map(toKey);
  }

  async countKeys(accountId: string, region: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM kms_keys WHERE account_id = $1 AND region = $2', [accountId, region]);
    return Number(rows[0]?.n ?? 0);
  }

  async createAlias(a: KmsAlias): Promise<void> {
    const { rowCount } = await this.db.query(
      'INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt],
    );
    if ((rowCount ?? 0) === 0) throw new AliasExistsError(a.aliasName);
  }

  async getAlias(accountId: string, region: string, aliasName: string): Promise<KmsAlias | undefined> {
    const { rows } = await this.db.query<AliasRow>('SELECT * FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3', [accountId, region, aliasName]);
    return rows[0] ? toAlias(rows[0]) : undefined;
  }

  async listAliases(accountId: string, region: string): Promise<KmsAlias[]> {
    const { rows } = await this.db.query<AliasRow>('SELECT * FROM kms_aliases WHERE account_id = $1 AND region = $2 ORDER BY alias_name COLLATE "C"', [accountId, region]);
    return rows.map(toAlias);
  }

  async updateAlias(accountId: string, region: string, aliasName: string, targetKeyId: string, at: number): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE kms_aliases SET target_key_id = $1, updated_at = $2 WHERE account_id = $3 AND region = $4 AND alias_name = $5', [targetKeyId, at, accountId, region, aliasName]);
    return (rowCount ?? 0) > 0;
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3', [accountId, region, aliasName]);
    return (rowCount ?? 0) > 0;
  }

  /** One INSERT; a named grant that collides with one the key has (the unique idempotency index) is read back instead. */
  async createGrant(grant: KmsGrant): Promise<{ grant: KmsGrant; created: boolean }> {
    const { rowCount } = await this.db.query(
      `INSERT INTO kms_grants (${INSERT_GRANT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      grantValues(grant),
    );
    if ((rowCount ?? 0) > 0) return { grant, created: true };
    const { rows } = grant.idempotencyKey === undefined
      ? { rows: [] }
      : await this.db.query<GrantRow>(`SELECT document FROM kms_grants WHERE ${KEY} AND idempotency_key = $4`, [grant.accountId, grant.region, grant.keyId, grant.idempotencyKey]);
    if (!rows[0]) throw new Error(`grant ${grant.grantId} of key ${grant.keyId} was not saved`);
    return { grant: toGrant(rows[0]), created: false };
  }

  async getGrant(accountId: string, region: string, keyId: string, grantId: string): Promise<KmsGrant | undefined> {
    const { rows } = await this.db.query<GrantRow>(`SELECT document FROM kms_grants WHERE ${KEY} AND grant_id = $4`, [accountId, region, keyId, grantId]);
    return rows[0] ? toGrant(rows[0]) : undefined;
  }

  async listGrants(accountId: string, region: string, keyId: string, opts: { granteePrincipal?: string; after?: GrantCursor; limit: number }): Promise<KmsGrant[]> {
    const [at, id] = cursorValues(opts.after);
    const { rows } = await this.db.query<GrantRow>(
      `SELECT document FROM kms_grants WHERE ${KEY} AND ($4::text IS NULL OR grantee_principal = $4)
       AND (created_at > $5 OR (created_at = $5 AND grant_id COLLATE "C" > $6)) ORDER BY created_at, grant_id COLLATE "C" LIMIT $7`,
      [accountId, region, keyId, opts.granteePrincipal ?? null, at, id, opts.limit],
    );
    return rows.map(toGrant);
  }

  async listRetirableGrants(region: string, retiringPrincipal: string, opts: { after?: GrantCursor; limit: number }): Promise<KmsGrant[]> {
    const [at, id] = cursorValues(opts.after);
    const { rows } = await this.db.query<GrantRow>(
      `SELECT document FROM kms_grants WHERE retiring_principal = $1 AND region = $2
       AND (created_at > $3 OR (created_at = $3 AND grant_id COLLATE "C" > $4)) ORDER BY created_at, grant_id COLLATE "C" LIMIT $5`,
      [retiringPrincipal, region, at, id, opts.limit],
    );
    return rows.map(toGrant);
  }

  async grantsFor(accountId: string, region: string, keyId: string, principals: readonly string[]): Promise<KmsGrant[]> {
    if (principals.length === 0) return [];
    const { rows } = await this.db.query<GrantRow>(
      `SELECT document FROM kms_grants WHERE ${KEY} AND grantee_principal = ANY($4::text[]) ORDER BY created_at, grant_id COLLATE "C"`,
      [accountId, region, keyId, principals],
    );
    return rows.map(toGrant);
  }

  async countGrants(accountId: string, region: string, keyId: string, only: { granteePrincipal?: string; issuingAccount?: string } = {}): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM kms_grants WHERE ${KEY} AND ($4::text IS NULL OR grantee_principal = $4) AND ($5::text IS NULL OR issuing_account = $5)`,
      [accountId, region, keyId, only.granteePrincipal ?? null, only.issuingAccount ?? null],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async deleteGrant(accountId: string, region: string, keyId: string, grantId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`DELETE FROM kms_grants WHERE ${KEY} AND grant_id = $4`, [accountId, region, keyId, grantId]);
    return (rowCount ?? 0) > 0;
  }

  async deleteKeyGrants(accountId: string, region: string, keyId: string): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM kms_grants WHERE ${KEY}`, [accountId, region, keyId]);
    return rowCount ?? 0;
  }
}
