import { AliasExistsError, KeyConflictError, type KmsAlias, type KmsKeyDocument, type KmsStore } from '../kms.js';
import { KMS_SCHEMA, keyDocumentText, toAlias, toKey, type AliasRow, type KeyRow } from '../sqlite/kms-store.js';
import type { SchemaComponent } from './migrations.js';
import type { PgDatabase } from './database.js';

/** KMS's tables in PostgreSQL: the SQLite store's, as they are (never edit a released step: add one). */
export const KMS_PG_SCHEMA: SchemaComponent = { name: 'kms', steps: [KMS_SCHEMA] };

/**
 * KMS keys and aliases in PostgreSQL. A key's save is one statement whose WHERE carries the
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
}
