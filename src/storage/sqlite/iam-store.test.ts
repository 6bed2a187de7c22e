import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetClock } from '../../core/clock.js';
import type { AccountStore } from '../accounts.js';
import { runIamStoreContract, type IamStoreFixture } from '../iam.contract.js';
import { runOidcProviderStoreContract } from '../iam-oidc-providers.contract.js';
import { SqliteAccountStore } from './account-store.js';
import { openDatabase } from './database.js';
import { SqliteIamStore } from './iam-store.js';

function openTemp(dir = mkdtempSync(join(tmpdir(), 'sagelite-iam-'))) {
  const clock = new OffsetClock();
  const db = openDatabase(dir);
  const accounts: AccountStore = new SqliteAccountStore(db, clock);
  return { dir, db, iam: new SqliteIamStore(db, clock), accounts };
}

async function openFixture(): Promise<IamStoreFixture> {
  const s = openTemp();
  return {
    iam: s.iam,
    newAccountId: async () => (await s.accounts.createAccount({})).account.accountId,
    close: async () => {
      s.db.close();
      rmSync(s.dir, { recursive: true, force: true });
    },
  };
}

runIamStoreContract('SQLite', openFixture);
runOidcProviderStoreContract('SQLite', openFixture);

describe('SqliteIamStore', () => {
  it('keeps everything across a reopen of the data directory', async () => {
    const first = openTemp();
    try {
      const a = (await first.accounts.createAccount({})).account.accountId;
      const u = await first.iam.createUser({ accountId: a, userName: 'alice', path: '/', tags: [] });
      const p = await first.iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: '{"Statement":[]}', tags: [] });
      await first.iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      first.db.close();
      const second = openTemp(first.dir);
      assert.deepEqual(await second.iam.getUser(a, 'alice'), u);
      assert.equal((await second.iam.getPolicy(p.arn))!.attachmentCount, 1);
      second.db.close();
    } finally {
      rmSync(first.dir, { recursive: true, force: true });
    }
  });

  it('deletes and deactivates user access keys in the account store', async () => {
    const s = openTemp();
    try {
      const a = (await s.accounts.createAccount({})).account.accountId;
      const key = await s.accounts.addAccessKey({ accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'x'.repeat(40), accountId: a, owner: { type: 'user', userId: 'AIDAX' }, status: 'Active' });
      assert.equal(await s.accounts.updateAccessKeyStatus(key.accessKeyId, 'Inactive'), true);
      assert.equal((await s.accounts.getAccessKey(key.accessKeyId))!.status, 'Inactive');
      assert.equal(await s.accounts.deleteAccessKey(key.accessKeyId), true);
      assert.equal(await s.accounts.deleteAccessKey(key.accessKeyId), false);
      assert.equal(await s.accounts.updateAccessKeyStatus(key.accessKeyId, 'Active'), false);
    } finally {
      s.db.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});
