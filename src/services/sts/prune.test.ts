import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetClock } from '../../core/clock.js';
import type { AccountStore } from '../../storage/accounts.js';
import type { SessionStore } from '../../storage/sessions.js';
import { SqliteAccountStore } from '../../storage/sqlite/account-store.js';
import { openDatabase } from '../../storage/sqlite/database.js';
import { SqliteSessionStore } from '../../storage/sqlite/session-store.js';
import { EXPIRED_CREDENTIALS_KEPT_MS, pruneExpiredCredentials } from './prune.js';

describe('pruning expired STS credentials', () => {
  it('keeps expired keys and sessions for a day (ExpiredToken), then forgets them; long-term keys stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-prune-'));
    const db = openDatabase(dir);
    try {
      const clock = new OffsetClock();
      const accounts: AccountStore = new SqliteAccountStore(db, clock);
      const sessions: SessionStore = new SqliteSessionStore(db);
      const { account, rootKey } = await accounts.createAccount({});
      const expiresAt = new Date(clock.now().getTime() + 900_000);
      await sessions.putSession({
        sessionId: 's', accountId: account.accountId, roleId: 'AROAAAAAAAAAAAAAAAAA', roleArn: 'arn:aws:iam::1:role/R', roleName: 'R', sessionName: 'x',
        issuedAt: clock.now(), expiresAt, policyArns: [], tags: [], transitiveTagKeys: [], chained: false, assumedBy: 'u',
      });
      await accounts.addAccessKey({ accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40), accountId: account.accountId, owner: { type: 'session', sessionId: 's' }, status: 'Active', sessionToken: 't', expiresAt });
      clock.advance(900_000 + EXPIRED_CREDENTIALS_KEPT_MS - 1000);
      assert.deepEqual(await pruneExpiredCredentials({ accounts, sessions, clock }), { keys: 0, sessions: 0 });
      clock.advance(2000);
      assert.deepEqual(await pruneExpiredCredentials({ accounts, sessions, clock }), { keys: 1, sessions: 1 });
      assert.equal(await accounts.getAccessKey('ASIAAAAAAAAAAAAAAAAA'), undefined);
      assert.ok(await accounts.getAccessKey(rootKey.accessKeyId));
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
