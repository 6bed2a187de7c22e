import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.js';
import { SqliteAccountStore } from './account-store.js';
import { SqliteDecisionLog, SqliteSessionStore } from './session-store.js';
import { FixedClock } from '../../core/clock.js';

function withDb(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-sessions-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SQLite session store and decision log', () => {
  it('keeps a session across a reopen, with its dates, and prunes it once expired', () =>
    withDb((dir) => {
      let db = openDatabase(dir);
      const { account } = new SqliteAccountStore(db, new FixedClock(new Date(0))).createAccount({});
      const session = {
        sessionId: 's-1', accountId: account.accountId, roleId: 'AROAAAAAAAAAAAAAAAAA', roleArn: `arn:aws:iam::${account.accountId}:role/p/R`, roleName: 'R', sessionName: 'nb',
        issuedAt: new Date(1_000), expiresAt: new Date(3_601_000), policy: '{}', policyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'],
        tags: [{ Key: 'team', Value: 'ml' }], transitiveTagKeys: ['team'], sourceIdentity: 'alice', chained: true, assumedBy: 'sagemaker.amazonaws.com',
      };
      new SqliteSessionStore(db).putSession(session);
      db.close();
      db = openDatabase(dir);
      const store = new SqliteSessionStore(db);
      assert.deepEqual(store.getSession('s-1'), session);
      assert.equal(store.pruneExpired(new Date(3_600_000)), 0);
      assert.equal(store.pruneExpired(new Date(3_602_000)), 1);
      assert.equal(store.getSession('s-1'), undefined);
      db.close();
    }));

  it('writes denials to disk at once, keeps allows in memory and describes them only when asked', () =>
    withDb((dir) => {
      let db = openDatabase(dir);
      let log = new SqliteDecisionLog(db);
      let described = 0;
      const entry = (requestId: string, allowed: boolean) => ({
        requestId, accountId: '111122223333', createdAt: new Date(5_000), allowed,
        describe: () => { described++; return { detail: { id: requestId }, explanation: `why ${requestId}` }; },
      });
      log.record(entry('deny-1', false));
      log.record(entry('allow-1', true));
      assert.equal(described, 1);
      assert.equal(log.get('allow-1')?.explanation, 'why allow-1');
      assert.equal(described, 2);
      db.close();
      db = openDatabase(dir);
      log = new SqliteDecisionLog(db);
      assert.deepEqual(log.get('deny-1'), { requestId: 'deny-1', accountId: '111122223333', createdAt: new Date(5_000), allowed: false, detail: { id: 'deny-1' }, explanation: 'why deny-1' });
      assert.equal(log.get('allow-1'), undefined, 'allows are not kept across restarts');
      db.close();
    }));

  it('keeps the newest 5,000 allows in memory, oldest out first', () =>
    withDb((dir) => {
      const db = openDatabase(dir);
      const log = new SqliteDecisionLog(db);
      const allow = (requestId: string) => ({ requestId, accountId: '111122223333', createdAt: new Date(0), allowed: true, describe: () => ({ detail: {}, explanation: requestId }) });
      for (let i = 0; i < 12_345; i++) log.record(allow(`r-${i}`));
      assert.equal(log.get('r-7344'), undefined);
      assert.equal(log.get('r-7345')?.explanation, 'r-7345');
      assert.equal(log.get('r-12344')?.explanation, 'r-12344');
      db.close();
    }));
});
