import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetClock } from '../../core/clock.js';
import { SqliteAccountStore } from './account-store.js';
import { openDatabase } from './database.js';

describe('SqliteAccountStore.listAccessKeys', () => {
  it("lists a user's long-term keys only, never the ASIA keys of its GetSessionToken sessions", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-keys-'));
    const db = openDatabase(dir);
    try {
      const accounts = new SqliteAccountStore(db, new OffsetClock());
      const { account } = accounts.createAccount({});
      const owner = { type: 'user' as const, userId: 'AIDAAAAAAAAAAAAAAAAA' };
      accounts.addAccessKey({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40), accountId: account.accountId, owner, status: 'Active' });
      accounts.addAccessKey({
        accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: 'y'.repeat(40), accountId: account.accountId, owner, status: 'Active',
        sessionToken: 't', expiresAt: new Date(Date.now() + 900_000),
      });
      assert.deepEqual(accounts.listAccessKeys(account.accountId, owner).map((k) => k.accessKeyId), ['AKIAAAAAAAAAAAAAAAAA']);
      // The temporary key still signs requests until it expires.
      assert.ok(accounts.getAccessKey('ASIAAAAAAAAAAAAAAAAA'));
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
