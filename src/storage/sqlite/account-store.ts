import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { newAccountId, newCanonicalUserId, newSecretAccessKey, newUniqueId } from '../../core/ids.js';
import { AccessKeyQuotaError, AccountExistsError, type AccessKey, type Account, type AccountStore, type KeyOwner, type NewAccount } from '../accounts.js';
import { ownerId, toAccount, toKey, type AccountRow, type KeyRow } from '../account-rows.js';
import { immediate, prepare } from './node-sqlite.js';

/** How many found access keys are kept in memory before the cache starts over. */
const KEY_CACHE_ENTRIES = 10_000;

/**
 * {@link AccountStore} on the embedded SQLite database. Its methods do their work synchronously
 * (node:sqlite) and hand back settled promises: a failure is a rejection, never a throw.
 */
export class SqliteAccountStore implements AccountStore {
  readonly #q;
  readonly #keys = new Map<string, AccessKey>();
  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      insertAccount: db.prepare('INSERT INTO accounts (account_id, alias, canonical_user_id, created_at) VALUES (?, ?, ?, ?)'),
      account: prepare<[string], AccountRow>(db, 'SELECT * FROM accounts WHERE account_id = ?'),
      alias: prepare<[string], AccountRow>(db, 'SELECT * FROM accounts WHERE alias = ?'),
      accounts: prepare<[], AccountRow>(db, 'SELECT * FROM accounts ORDER BY created_at, account_id'),
      insertKey: db.prepare(
        `INSERT INTO access_keys (access_key_id, secret_access_key, account_id, owner_type, owner_id, status, session_token, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      key: prepare<[string], KeyRow>(db, 'SELECT * FROM access_keys WHERE access_key_id = ?'),
      keysOf: prepare<[string, string, string], KeyRow>(db,
        // Only long-term keys: an STS key (it has a session token) is not one of the user's access keys.
        'SELECT * FROM access_keys WHERE account_id = ? AND owner_type = ? AND owner_id = ? AND session_token IS NULL ORDER BY created_at',
      ),
      deleteKey: db.prepare('DELETE FROM access_keys WHERE access_key_id = ?'),
      pruneTemporary: db.prepare('DELETE FROM access_keys WHERE expires_at IS NOT NULL AND expires_at < ?'),
      keyStatus: db.prepare('UPDATE access_keys SET status = ? WHERE access_key_id = ?'),
    };
  }

  async createAccount(input: NewAccount): Promise<{ account: Account; rootKey: AccessKey }> {
    return immediate(this.db, () => {
      let accountId = input.accountId;
      if (accountId !== undefined && this.#q.account.get(accountId)) throw new AccountExistsError('account', accountId);
      while (accountId === undefined || this.#q.account.get(accountId)) accountId = newAccountId();
      if (input.alias !== undefined && this.#q.alias.get(input.alias)) throw new AccountExistsError('alias', input.alias);
      const now = this.clock.now();
      const account: Account = { accountId, ...(input.alias !== undefined ? { alias: input.alias } : {}), canonicalUserId: newCanonicalUserId(), createdAt: now };
      this.#q.insertAccount.run(accountId, input.alias ?? null, account.canonicalUserId, now.getTime());
      const rootKey = this.#insertKey({
        accessKeyId: input.rootKey?.accessKeyId ?? newUniqueId('AKIA'),
        secretAccessKey: input.rootKey?.secretAccessKey ?? newSecretAccessKey(),
        accountId,
        owner: { type: 'root' },
        status: 'Active',
      });
      return { account, rootKey };
    });
  }

  async getAccount(accountId: string): Promise<Account | undefined> {
    const r = this.#q.account.get(accountId);
    return r ? toAccount(r) : undefined;
  }

  async listAccounts(): Promise<Account[]> {
    return this.#q.accounts.all().map(toAccount);
  }

  async addAccessKey(key: Omit<AccessKey, 'createdAt'>, opts: { maxPerOwner?: number } = {}): Promise<AccessKey> {
    // Counted and inserted with no await between: nothing else runs on this database meanwhile.
    if (opts.maxPerOwner !== undefined && !key.sessionToken && this.#q.keysOf.all(key.accountId, key.owner.type, ownerId(key.owner)).length >= opts.maxPerOwner) {
      throw new AccessKeyQuotaError(opts.maxPerOwner);
    }
    return this.#insertKey(key);
  }

  /** Synchronous, so that createAccount can add the root key inside its transaction. */
  #insertKey(key: Omit<AccessKey, 'createdAt'>): AccessKey {
    if (this.#q.key.get(key.accessKeyId)) throw new AccountExistsError('accessKey', key.accessKeyId);
    const now = this.clock.now();
    this.#q.insertKey.run(
      key.accessKeyId,
      key.secretAccessKey,
      key.accountId,
      key.owner.type,
      ownerId(key.owner),
      key.status,
      key.sessionToken ?? null,
      key.expiresAt?.getTime() ?? null,
      now.getTime(),
    );
    return { ...key, createdAt: now };
  }

  /**
   * Every signed request looks its key up, so found keys are kept in memory; this store's own
   * writes evict them (eviction inside a transaction that rolls back only costs a reload). Keys
   * added by another connection (the CLI) are found in SQLite on first use.
   */
  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    const cached = this.#keys.get(accessKeyId);
    if (cached) return cached;
    const r = this.#q.key.get(accessKeyId);
    if (!r) return undefined;
    const key = Object.freeze(toKey(r));
    if (this.#keys.size >= KEY_CACHE_ENTRIES) this.#keys.clear();
    this.#keys.set(accessKeyId, key);
    return key;
  }

  async listAccessKeys(accountId: string, owner: KeyOwner): Promise<AccessKey[]> {
    return this.#q.keysOf.all(accountId, owner.type, ownerId(owner)).map(toKey);
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    this.#keys.delete(accessKeyId);
    return this.#q.deleteKey.run(accessKeyId).changes > 0;
  }

  async updateAccessKeyStatus(accessKeyId: string, status: AccessKey['status']): Promise<boolean> {
    this.#keys.delete(accessKeyId);
    return this.#q.keyStatus.run(status, accessKeyId).changes > 0;
  }

  async pruneTemporaryKeys(before: Date): Promise<number> {
    this.#keys.clear();
    return Number(this.#q.pruneTemporary.run(before.getTime()).changes);
  }
}
