import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { fileTestDatabase } from '../../../test/support/postgres.js';
import { AccountExistsError } from '../accounts.js';
import { runAccountStoreContract } from '../accounts.contract.js';
import { PgAccountStore } from './account-store.js';
import { PgDatabase } from './database.js';
import { PgOperatorKeyStore } from './operator-key-store.js';
import { ALL_SCHEMAS } from './schema.js';

const emptied = fileTestDatabase(['accounts', 'access_keys', 'operator_keys', 'role_sessions', 'decisions']);

runAccountStoreContract('PostgreSQL', async (clock) => {
  const { db } = await emptied();
  return { accounts: new PgAccountStore(db, clock), operators: new PgOperatorKeyStore(db, clock), close: async () => undefined };
});

/** The emptied test database and a second process on it (a PgDatabase of its own, with its own notices). */
async function twoProcesses(fn: (one: PgDatabase, two: PgDatabase) => Promise<void>): Promise<void> {
  const t = await emptied();
  const two = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
  try {
    await fn(t.db, two);
  } finally {
    await two.close();
  }
}

/** Resolves once `db` has heard `topic` announced (the stores' own listeners, registered before, have run by then). */
function heard(db: PgDatabase, topic: 'keys' | 'sessions'): Promise<void> {
  return new Promise((resolve) => db.onChange(topic, () => resolve()));
}

describe('PostgreSQL account store: what is particular to PostgreSQL', () => {
  const clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));

  it('gives two processes starting together the same operator key, made once', () => twoProcesses(async (one, two) => {
    const [a, b] = await Promise.all([new PgOperatorKeyStore(one, clock).ensureOperatorKey(), new PgOperatorKeyStore(two, clock).ensureOperatorKey()]);
    assert.deepEqual(a, b);
    const rows = await one.query('SELECT count(*) AS n FROM operator_keys');
    assert.equal(rows.rows[0]?.n, 1);
  }));

  it('drops a key another process cached once this one deletes or deactivates it', async () => {
    const { db: one, url } = await emptied();
    const here = new PgAccountStore(one, clock);
    const { rootKey } = await here.createAccount({});
    const key = await here.addAccessKey({ accessKeyId: 'AKIAPGPGPGPGPGPGPGP1', secretAccessKey: 'x'.repeat(40), accountId: rootKey.accountId, owner: { type: 'root' }, status: 'Active' });
    // The other process starts after the setup: notices committed before it listened never reach it.
    const two = await PgDatabase.open(url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const there = new PgAccountStore(two, clock);
      assert.equal((await there.getAccessKey(rootKey.accessKeyId))?.status, 'Active', 'cached there');
      assert.ok(await there.getAccessKey(key.accessKeyId), 'cached there');

      // Rows changed behind the stores' backs stay unseen where cached: the cache is what answers.
      await one.query("UPDATE access_keys SET secret_access_key = 'changed' WHERE access_key_id = $1", [key.accessKeyId]);
      assert.equal((await there.getAccessKey(key.accessKeyId))?.secretAccessKey, 'x'.repeat(40));

      let notice = heard(two, 'keys');
      assert.equal(await here.updateAccessKeyStatus(rootKey.accessKeyId, 'Inactive'), true);
      await notice;
      assert.equal((await there.getAccessKey(rootKey.accessKeyId))?.status, 'Inactive');
      assert.equal((await there.getAccessKey(key.accessKeyId))?.secretAccessKey, 'changed', 'the whole cache was dropped');

      notice = heard(two, 'keys');
      assert.equal(await here.deleteAccessKey(rootKey.accessKeyId), true);
      await notice;
      assert.equal(await there.getAccessKey(rootKey.accessKeyId), undefined);
    } finally {
      await two.close();
    }
  });

  it('lets one of two concurrent creates of the same alias or key win, the other told it exists', () => twoProcesses(async (one, two) => {
    const here = new PgAccountStore(one, clock);
    const there = new PgAccountStore(two, clock);
    const results = await Promise.allSettled([here.createAccount({ alias: 'shared' }), there.createAccount({ alias: 'shared' })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected');
    assert.ok(refused?.reason instanceof AccountExistsError && refused.reason.what === 'alias');
    assert.equal((await here.listAccounts()).length, 1);

    const rootKey = { accessKeyId: 'AKIASHAREDSHAREDSHA1', secretAccessKey: 'x'.repeat(40) };
    const keyed = await Promise.allSettled([here.createAccount({ rootKey }), there.createAccount({ rootKey })]);
    const keyRefused = keyed.find((r) => r.status === 'rejected');
    assert.ok(keyRefused?.reason instanceof AccountExistsError && keyRefused.reason.what === 'accessKey');
    assert.equal((await here.listAccounts()).length, 2, 'the account whose root key was refused is not kept');
  }));

  it('keeps times as milliseconds in bigint columns and a key without expiry as NULL', async () => {
    const { db } = await emptied();
    const { rootKey } = await new PgAccountStore(db, clock).createAccount({ accountId: '123456789012' });
    const r = await db.query('SELECT created_at, expires_at, session_token, owner_id FROM access_keys WHERE access_key_id = $1', [rootKey.accessKeyId]);
    assert.deepEqual(r.rows[0], { created_at: clock.now().getTime(), expires_at: null, session_token: null, owner_id: '' });
  });
});
