import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { FixedClock } from '../../core/clock.js';
import { runDecisionLogContract, runSessionStoreContract } from '../sessions.contract.js';
import { SqliteAccountStore } from './account-store.js';
import { openDatabase } from './database.js';
import { SqliteDecisionLog, SqliteSessionStore } from './session-store.js';

/** A fresh data directory's database; `reopen` closes it and opens it again, as a restart does. */
function tempDatabase(prefix: string): { dir: string; db(): DatabaseSync; reopen(): DatabaseSync; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let db = openDatabase(dir);
  return {
    dir,
    db: () => db,
    reopen: () => {
      db.close();
      return (db = openDatabase(dir));
    },
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

runSessionStoreContract('SQLite', async () => {
  const t = tempDatabase('sagelite-sessions-contract-');
  return {
    sessions: new SqliteSessionStore(t.db()),
    accounts: new SqliteAccountStore(t.db(), new FixedClock(new Date(0))),
    reopen: async () => new SqliteSessionStore(t.reopen()),
    close: async () => t.close(),
  };
});

runDecisionLogContract('SQLite', async () => {
  const t = tempDatabase('sagelite-decisions-contract-');
  return {
    log: new SqliteDecisionLog(t.db()),
    restart: async () => new SqliteDecisionLog(t.reopen()),
    close: async () => t.close(),
  };
});

describe('SQLite decision log: what is particular to SQLite', () => {
  it('writes a denial, described, the moment it is recorded: another connection reads it at once', async () => {
    const t = tempDatabase('sagelite-decisions-');
    const other = openDatabase(t.dir);
    try {
      let described = 0;
      await new SqliteDecisionLog(t.db()).record({
        requestId: 'deny-1', accountId: '111122223333', createdAt: new Date(5_000), allowed: false,
        describe: () => { described++; return { detail: {}, explanation: 'why' }; },
      });
      assert.equal(described, 1);
      assert.equal((await new SqliteDecisionLog(other).get('deny-1'))?.explanation, 'why');
    } finally {
      other.close();
      t.close();
    }
  });

  it('keeps only about the newest `capacity` denials, trimming every thousand writes', async () => {
    const t = tempDatabase('sagelite-decisions-trim-');
    try {
      const log = new SqliteDecisionLog(t.db(), 10);
      const deny = (i: number) => ({ requestId: `d-${i}`, accountId: '111122223333', createdAt: new Date(i), allowed: false, describe: () => ({ detail: {}, explanation: `${i}` }) });
      for (let i = 0; i < 999; i++) await log.record(deny(i));
      assert.ok(await log.get('d-0'), 'not trimmed before the thousandth write');
      await log.record(deny(999));
      // The newest `capacity` and the one just older (the cut-off's own row) are kept.
      assert.equal(await log.get('d-988'), undefined);
      assert.ok(await log.get('d-989'));
      assert.ok(await log.get('d-999'));
    } finally {
      t.close();
    }
  });
});
