import type { Clock } from '../../core/clock.js';
import { newAccountId, newCanonicalUserId, newSecretAccessKey, newUniqueId } from '../../core/ids.js';
import { AccessKeyQuotaError, AccountExistsError, type AccessKey, type Account, type AccountStore, type KeyOwner, type NewAccount } from '../accounts.js';
import { ownerId, toAccount, toKey, type AccountRow, type KeyRow } from '../account-rows.js';
import { pgErrorCode, UNIQUE_VIOLATION, type PgDatabase, type Queryable } from './database.js';

const ACCOUNT_COLUMNS = 'account_id, alias, canonical_user_id, created_at';
const KEY_COLUMNS = 'access_key_id, secret_access_key, account_id, owner_type, owner_id, status, session_token, expires_at, created_at';


/**
 * Values found in PostgreSQL, kept in memory until a change notice for their topic (from any
 * process, this one included) or this process's own write clears them all. A lookup still in
 * flight when the cache is cleared keeps nothing, since it may have read the row as it was before
 * the change committed. While the notice connection is down, other processes' changes go unseen
 * until it is back (PgDatabase then announces every topic as changed).
 */
export class NoticeClearedCache<V> {
  readonly #entries = new Map<string, V>();
  #generation = 0;
  constructor(private readonly capacity: number) {}

  clear(): void {
    this.#entries.clear();
    this.#generation++;
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const generation = this.#generation;
    const value = await load();
    if (value !== undefined && generation === this.#generation) {
      if (this.#entries.size >= this.capacity) this.#entries.clear();
      this.#entries.set(key, value);
    }
    return value;
  }

  /** `write`, then a clear however it ended: what was read before it committed is not kept. */
  async afterWrite<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } finally {
      this.clear();
    }
  }
}

/** How many found access keys are kept in memory before the cache starts over. */
const KEY_CACHE_ENTRIES = 10_000;

/** A unique violation as the domain error the SQLite store throws for the same input, if it is one. */
function existsError(e: unknown, tried: { accountId?: string | undefined; alias?: string | undefined; accessKeyId?: string | undefined }): AccountExistsError | undefined {
  if (pgErrorCode(e) !== UNIQUE_VIOLATION) return undefined;
  const constraint = (e as { constraint?: unknown }).constraint;
  if (constraint === 'accounts_pkey' && tried.accountId !== undefined) return new AccountExistsError('account', tried.accountId);
  if (constraint === 'accounts_alias_key' && tried.alias !== undefined) return new AccountExistsError('alias', tried.alias);
  if (constraint === 'access_keys_pkey' && tried.accessKeyId !== undefined) return new AccountExistsError('accessKey', tried.accessKeyId);
  return undefined;
}

async function insertKey(q: Queryable, key: Omit<AccessKey, 'createdAt'>, now: Date): Promise<AccessKey> {
  await q.query(`INSERT INTO access_keys (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    key.accessKeyId,
    key.secretAccessKey,
    key.accountId,
    key.owner.type,
    ownerId(key.owner),
    key.status,
    key.sessionToken ?? null,
    key.expiresAt?.getTime() ?? null,
    now.getTime(),
  ]);
  return { ...key, createdAt: now };
}

/**
 * Inserts the account under the id asked for (a taken one is a unique violation), or under a
 * fresh id, drawing again while the drawn one is taken.
 */
async function insertAccount(q: Queryable, input: NewAccount, canonicalUserId: string, now: Date): Promise<string> {
  const values = (id: string) => [id, input.alias ?? null, canonicalUserId, now.getTime()];
  if (input.accountId !== undefined) {
    await q.query(`INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4)`, values(input.accountId));
    return input.accountId;
  }
  for (;;) {
    const id = newAccountId();
    const r = await q.query(`INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id) DO NOTHING`, values(id));
    if (r.rowCount === 1) return id;
  }
}

/**
 * {@link AccountStore} on PostgreSQL, shared by every sagelite process. Found access keys are kept
 * in memory (every signed request looks its key up); each write that changes keys announces
 * 'keys' in its own transaction, so every process's cache, this one's included, drops them once
 * the change is committed.
 */
export class PgAccountStore implements AccountStore {
  readonly #keys = new NoticeClearedCache<AccessKey>(KEY_CACHE_ENTRIES);

  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {
    db.onChange('keys', () => this.#keys.clear());
  }

  async createAccount(input: NewAccount): Promise<{ account: Account; rootKey: AccessKey }> {
    const now = this.clock.now();
    const canonicalUserId = newCanonicalUserId();
    const rootKey = {
      accessKeyId: input.rootKey?.accessKeyId ?? newUniqueId('AKIA'),
      secretAccessKey: input.rootKey?.secretAccessKey ?? newSecretAccessKey(),
      owner: { type: 'root' } as const,
      status: 'Active' as const,
    };
    try {
      return await this.db.transaction(async (c) => {
        const accountId = await insertAccount(c, input, canonicalUserId, now);
        const account: Account = { accountId, ...(input.alias !== undefined ? { alias: input.alias } : {}), canonicalUserId, createdAt: now };
        return { account, rootKey: await insertKey(c, { ...rootKey, accountId }, now) };
      }, ['keys']);
    } catch (e) {
      throw existsError(e, { accountId: input.accountId, alias: input.alias, accessKeyId: rootKey.accessKeyId }) ?? e;
    }
  }

  async getAccount(accountId: string): Promise<Account | undefined> {
    const r = await this.db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE account_id = $1`, [accountId]);
    return r.rows[0] ? toAccount(r.rows[0]) : undefined;
  }

  async listAccounts(): Promise<Account[]> {
    const r = await this.db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, account_id`);
    return r.rows.map(toAccount);
  }

  async addAccessKey(key: Omit<AccessKey, 'createdAt'>, opts: { maxPerOwner?: number } = {}): Promise<AccessKey> {
    const now = this.clock.now();
    const { maxPerOwner } = opts;
    try {
      // Only found keys are cached, so a new one makes no cached entry wrong: no local clear.
      return await this.db.transaction(async (c) => {
        if (maxPerOwner !== undefined && !key.sessionToken) {
          // One owner's key additions take turns (a lock for the transaction), so the count stays true until the insert.
          await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`access-keys:${key.accountId}:${key.owner.type}:${ownerId(key.owner)}`]);
          const r = await c.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM access_keys WHERE account_id = $1 AND owner_type = $2 AND owner_id = $3 AND session_token IS NULL',
            [key.accountId, key.owner.type, ownerId(key.owner)],
          );
          if (r.rows[0]!.n >= maxPerOwner) throw new AccessKeyQuotaError(maxPerOwner);
        }
        return insertKey(c, key, now);
      }, ['keys']);
    } catch (e) {
      throw existsError(e, { accessKeyId: key.accessKeyId }) ?? e;
    }
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    return this.#keys.get(accessKeyId, async () => {
      const r = await this.db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE access_key_id = $1`, [accessKeyId]);
      return r.rows[0] ? Object.freeze(toKey(r.rows[0])) : undefined;
    });
  }

  async listAccessKeys(accountId: string, owner: KeyOwner): Promise<AccessKey[]> {
    // Only long-term keys: an STS key (it has a session token) is not one of the user's access keys.
    // `seq` orders keys made in the same millisecond as they were added.
    const r = await this.db.query<KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM access_keys WHERE account_id = $1 AND owner_type = $2 AND owner_id = $3 AND session_token IS NULL ORDER BY created_at, seq`,
      [accountId, owner.type, ownerId(owner)],
    );
    return r.rows.map(toKey);
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    return this.#changeKeys('DELETE FROM access_keys WHERE access_key_id = $1', [accessKeyId]).then((n) => n > 0);
  }

  async updateAccessKeyStatus(accessKeyId: string, status: AccessKey['status']): Promise<boolean> {
    return this.#changeKeys('UPDATE access_keys SET status = $1 WHERE access_key_id = $2', [status, accessKeyId]).then((n) => n > 0);
  }

  async pruneTemporaryKeys(before: Date): Promise<number> {
    return this.#changeKeys('DELETE FROM access_keys WHERE expires_at IS NOT NULL AND expires_at < $1', [before.getTime()]);
  }

  /** One statement that changes keys, announced with it: returns how many rows it changed. */
  #changeKeys(sql: string, params: unknown[]): Promise<number> {
    return this.#keys.afterWrite(() => this.db.transaction(async (c) => (await c.query(sql, params)).rowCount ?? 0, ['keys']));
  }
}
