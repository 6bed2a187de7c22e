import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../core/clock.js';
import { ALL_OWNERS_STALE } from '../athena.js';
import { runAthenaStoreContract } from '../athena.contract.js';
import { openDatabase } from './database.js';
import { SqliteAthenaStore } from './athena-store.js';

function openTemp(now: Date) {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-athena-'));
  const db = openDatabase(dir);
  return { dir, db, store: new SqliteAthenaStore(db, new FixedClock(now)) };
}

runAthenaStoreContract('SQLite', async () => {
  const now = new Date(7_000);
  const { dir, db, store } = openTemp(now);
  return {
    store,
    now,
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite Athena store', () => {
  const base = { accountId: '111111111111', region: 'us-east-1', workGroup: 'primary', query: 'SELECT 1', context: {}, resultConfiguration: {}, startedBy: 'x', state: 'QUEUED' as const, submittedAt: new Date(5) };

  it('keeps executions and their order across a reopen', async () => {
    const { dir, db, store } = openTemp(new Date(1));
    try {
      await store.insertExecution({ ...base, id: 'a' });
      await store.insertExecution({ ...base, id: 'b' });
      db.close();
      const db2 = openDatabase(dir);
      const again = new SqliteAthenaStore(db2, new FixedClock(new Date(1)));
      await again.insertExecution({ ...base, id: 'c' });
      assert.deepEqual(await again.listExecutionIds('111111111111', 'us-east-1', 'primary'), ['c', 'b', 'a'], 'same millisecond: the last inserted is newest');
      db2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails executions recorded before owners were (no owner, no heartbeat) as orphaned, and heartbeats leave them be', async () => {
    const { dir, db, store } = openTemp(new Date(1));
    try {
      await store.insertExecution({ ...base, id: 'old' });
      assert.deepEqual(await store.heartbeat('', new Date(9)), []);
      assert.equal(await store.failOrphaned(new Date(10), 0, 'gone', { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'gone' }), 1);
      assert.equal(await store.failOrphaned(new Date(10), ALL_OWNERS_STALE, 'gone', { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'gone' }), 0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
