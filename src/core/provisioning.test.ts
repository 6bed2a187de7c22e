import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AccountStore } from '../storage/accounts.js';
import { openDatabase } from '../storage/sqlite/database.js';
import { SqliteAccountStore } from '../storage/sqlite/account-store.js';
import { OffsetClock } from './clock.js';
import { applyProvisioning, ProvisioningFile } from './provisioning.js';

const ACCOUNT = '123456789012';
const KEY_1 = { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'a'.repeat(40) };
const KEY_2 = { accessKeyId: 'AKIABBBBBBBBBBBBBBBB', secretAccessKey: 'b'.repeat(40) };
const file = ProvisioningFile.parse({ accounts: [{ accountId: ACCOUNT, alias: 'central', rootAccessKeys: [KEY_1, KEY_2] }] });

/**
 * The store as a process sees it when another one applies the same file at the same moment:
 * each first lookup answers "not there", as if read just before the other process wrote it.
 */
function racing(store: AccountStore): AccountStore {
  const asked = new Set<string>();
  const firstAsk = (id: string): boolean => {
    if (asked.has(id)) return false;
    asked.add(id);
    return true;
  };
  return new Proxy(store, {
    get: (target, key) => {
      if (key === 'getAccount') return async (id: string) => (firstAsk(id) ? undefined : target.getAccount(id));
      if (key === 'getAccessKey') return async (id: string) => (firstAsk(id) ? undefined : target.getAccessKey(id));
      const member = Reflect.get(target, key, target) as unknown;
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
    },
  });
}

describe('applyProvisioning', () => {
  let dir: string;
  let db: ReturnType<typeof openDatabase>;
  let store: AccountStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-provisioning-'));
    db = openDatabase(dir);
    store = new SqliteAccountStore(db, new OffsetClock());
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rootKeyIds = async () => (await store.listAccessKeys(ACCOUNT, { type: 'root' })).map((k) => k.accessKeyId).sort();

  it('creates the account with its root keys; applying it again changes nothing', async () => {
    await applyProvisioning(store, file);
    assert.equal((await store.getAccount(ACCOUNT))?.alias, 'central');
    assert.deepEqual(await rootKeyIds(), [KEY_1.accessKeyId, KEY_2.accessKeyId]);
    await applyProvisioning(store, file);
    assert.deepEqual((await store.listAccounts()).map((a) => a.accountId), [ACCOUNT]);
    assert.deepEqual(await rootKeyIds(), [KEY_1.accessKeyId, KEY_2.accessKeyId]);
  });

  it('adds a key the file gained to an account that exists', async () => {
    await applyProvisioning(store, ProvisioningFile.parse({ accounts: [{ accountId: ACCOUNT, rootAccessKeys: [KEY_1] }] }));
    await applyProvisioning(store, file);
    assert.deepEqual(await rootKeyIds(), [KEY_1.accessKeyId, KEY_2.accessKeyId]);
  });

  it('refuses a key id that exists with another secret', async () => {
    await applyProvisioning(store, file);
    const changed = ProvisioningFile.parse({ accounts: [{ accountId: ACCOUNT, rootAccessKeys: [KEY_1, { ...KEY_2, secretAccessKey: 'c'.repeat(40) }] }] });
    await assert.rejects(applyProvisioning(store, changed), /access key AKIABBBBBBBBBBBBBBBB already exists with another account or secret/);
  });

  it('succeeds when another process created the account and its keys between its reads and its writes', async () => {
    await applyProvisioning(store, file);
    await applyProvisioning(racing(store), file);
    assert.deepEqual(await rootKeyIds(), [KEY_1.accessKeyId, KEY_2.accessKeyId]);
  });

  it('still refuses, after such a race, a key the other process stored with another secret', async () => {
    await applyProvisioning(store, ProvisioningFile.parse({ accounts: [{ accountId: ACCOUNT, rootAccessKeys: [KEY_1, { ...KEY_2, secretAccessKey: 'c'.repeat(40) }] }] }));
    await assert.rejects(applyProvisioning(racing(store), file), /access key AKIABBBBBBBBBBBBBBBB already exists with another account or secret/);
  });
});

describe('the provisioning file’s server section', () => {
  it('takes the shared deployment: a PostgreSQL state, processes, a Redis for InMemory records', () => {
    const parsed = ProvisioningFile.parse({
      server: { state: 'postgres://sagelite@db:5432/sagelite', processes: 4, statePoolSize: 5, onlineMemory: 'rediss://cache:6380', onlineMemoryPrefix: 'fs:' },
    });
    assert.deepEqual(parsed.server, { state: 'postgres://sagelite@db:5432/sagelite', processes: 4, statePoolSize: 5, onlineMemory: 'rediss://cache:6380', onlineMemoryPrefix: 'fs:' });
    assert.deepEqual(parsed.accounts, []);
  });

  it('refuses URLs of the wrong kind, counts that are not positive whole numbers, and keys it does not know', () => {
    const problems = (server: unknown): string => {
      const r = ProvisioningFile.safeParse({ server });
      assert.equal(r.success, false, JSON.stringify(server));
      return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    assert.match(problems({ state: 'mysql://db/x' }), /server\.state: a URL like postgres:\/\//);
    assert.match(problems({ state: 'not a url' }), /server\.state/);
    assert.match(problems({ onlineMemory: 'http://cache:6379' }), /server\.onlineMemory: a URL like redis:\/\//);
    assert.match(problems({ processes: 0 }), /server\.processes/);
    assert.match(problems({ statePoolSize: 2.5 }), /server\.statePoolSize/);
    assert.match(problems({ port: 4566 }), /port/);
  });
});
