import type { DatabaseSync } from 'node:sqlite';
import { AliasExistsError, KeyConflictError, type GrantCursor, type KmsAlias, type KmsGrant, type KmsKeyDocument, type KmsStore } from '../kms.js';
import { SqliteKmsGrants } from './kms-grants.js';
import { immediate, prepare } from './node-sqlite.js';

/** KMS's tables, in SQLite and PostgreSQL alike: a key's document with the columns it is found by, and aliases. */
export const KMS_SCHEMA = `
  CREATE TABLE kms_keys (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revision INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account_id, region, key_id)
  );
  CREATE INDEX kms_keys_by_age ON kms_keys (account_id, region, created_at);
  CREATE TABLE kms_aliases (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    alias_name TEXT NOT NULL,
    target_key_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, alias_name)
  );`;

/** A key's row as both stores read it. */
export interface KeyRow {
  revision: number | string;
  document: string;
}

export interface AliasRow {
  account_id: string;
  region: string;
  alias_name: string;
  target_key_id: string;
  created_at: number | string;
  updated_at: number | string;
}

export function toKey(row: KeyRow): KmsKeyDocument {
  return { ...(JSON.parse(row.document) as Omit<KmsKeyDocument, 'revision'>), revision: Number(row.revision) };
}

/** The document as stored: everything but the revision, which is a column. */
export function keyDocumentText(doc: KmsKeyDocument): string {
  const { revision: _revision, ...rest } = doc;
  return JSON.stringify(rest);
}

export function toAlias(row: AliasRow): KmsAlias {
  return { accountId: row.account_id, region: row.region, aliasName: row.alias_name, targetKeyId: row.target_key_id, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
}

/** KMS keys, aliases and grants in the data directory's SQLite database. */
export class SqliteKmsStore implements KmsStore {
  readonly #db: DatabaseSync;
  readonly #q;
  readonly #grants: SqliteKmsGrants;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#grants = new SqliteKmsGrants(db);
    this.#q = {
      get: prepare<[string, string, string], KeyRow>(db, 'SELECT revision, document FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?'),
      list: prepare<[string, string], KeyRow>(db, 'SELECT revision, document FROM kms_keys WHERE account_id = ? AND region = ? ORDER BY created_at, key_id'),
      count: prepare<[string, string], { n: number }>(db, 'SELECT count(*) AS n FROM kms_keys WHERE account_id = ? AND region = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO kms_keys (account_id, region, key_id, created_at, revision, document) VALUES (?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE kms_keys SET revision = ?, document = ? WHERE account_id = ? AND region = ? AND key_id = ? AND revision = ?'),
      insertAlias: db.prepare('INSERT OR IGNORE INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getAlias: prepare<[string, string, string], AliasRow>(db, 'SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?'),
      listAliases: prepare<[string, string], AliasRow>(db, 'SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? ORDER BY alias_name'),
      updateAlias: db.prepare('UPDATE kms_aliases SET target_key_id = ?, updated_at = ? WHERE account_id = ? AND region = ? AND alias_name = ?'),
      deleteAlias: db.prepare('DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?'),
    };
  }

  async saveKey(doc: KmsKeyDocument): Promise<void> {
    immediate(this.#db, () => {
      const changed = doc.revision === 1
        ? this.#q.insert.run(doc.accountId, doc.region, doc.keyId, doc.createdAt, doc.revision, keyDocumentText(doc)).changes
        : this.#q.update.run(doc.revision, keyDocumentText(doc), doc.accountId, doc.region, doc.keyId, doc.revision - 1).changes;
      if (Number(changed) === 0) throw new KeyConflictError(`key ${doc.arn} is not at revision ${doc.revision - 1}`);
    });
  }

  async getKey(accountId: string, region: string, keyId: string): Promise<KmsKeyDocument | undefined> {
    const row = this.#q.get.get(accountId, region, keyId);
    return row ? toKey(row) : undefined;
  }

  async listKeys(accountId: string, region: string): Promise<KmsKeyDocument[]> {
    return this.#q.list.all(accountId, region).map(toKey);
  }

  async countKeys(accountId: string, region: string): Promise<number> {
    return Number(this.#q.count.get(accountId, region)?.n ?? 0);
  }

  async createAlias(a: KmsAlias): Promise<void> {
    const { changes } = this.#q.insertAlias.run(a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt);
    if (Number(changes) === 0) throw new AliasExistsError(a.aliasName);
  }

  async getAlias(accountId: string, region: string, aliasName: string): Promise<KmsAlias | undefined> {
    const row = this.#q.getAlias.get(accountId, region, aliasName);
    return row ? toAlias(row) : undefined;
  }

  async listAliases(accountId: string, region: string): Promise<KmsAlias[]> {
    return this.#q.listAliases.all(accountId, region).map(toAlias);
  }

  async updateAlias(accountId: string, region: string, aliasName: string, targetKeyId: string, at: number): Promise<boolean> {
    return Number(this.#q.updateAlias.run(targetKeyId, at, accountId, region, aliasName).changes) > 0;
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean> {
    return Number(this.#q.deleteAlias.run(accountId, region, aliasName).changes) > 0;
  }

  async createGrant(grant: KmsGrant): Promise<{ grant: KmsGrant; created: boolean }> {
    return this.#grants.create(grant);
  }

  async getGrant(accountId: string, region: string, keyId: string, grantId: string): Promise<KmsGrant | undefined> {
    return this.#grants.get(accountId, region, keyId, grantId);
  }

  async listGrants(accountId: string, region: string, keyId: string, opts: { granteePrincipal?: string; after?: GrantCursor; limit: number }): Promise<KmsGrant[]> {
    return this.#grants.list(accountId, region, keyId, opts);
  }

  async listRetirableGrants(region: string, retiringPrincipal: string, opts: { after?: GrantCursor; limit: number }): Promise<KmsGrant[]> {
    return this.#grants.retirable(region, retiringPrincipal, opts);
  }

  async grantsFor(accountId: string, region: string, keyId: string, principals: readonly string[]): Promise<KmsGrant[]> {
    return this.#grants.grantsFor(accountId, region, keyId, principals);
  }

  async countGrants(accountId: string, region: string, keyId: string, only?: { granteePrincipal?: string; issuingAccount?: string }): Promise<number> {
    return this.#grants.count(accountId, region, keyId, only);
  }

  async deleteGrant(accountId: string, region: string, keyId: string, grantId: string): Promise<boolean> {
    return this.#grants.delete(accountId, region, keyId, grantId);
  }

  async deleteKeyGrants(accountId: string, region: string, keyId: string): Promise<number> {
    return this.#grants.deleteOfKey(accountId, region, keyId);
  }
}
