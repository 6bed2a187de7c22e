import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { StoreUnavailableError } from '../../core/errors.js';
import { fileTestDatabase } from '../../../test/support/postgres.js';
import { privatePostgresMissing, startPrivatePostgres } from '../../../test/support/private-postgres.js';
import { PgAdvisoryLocks } from './advisory-locks.js';
import { PgDatabase } from './database.js';

const emptied = fileTestDatabase(['test_clock']);

/** Ends the server side of the connection whose backend pid is `pid` (as a PostgreSQL restart does). */
async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL connections lost while held', () => {
  it('a transaction whose connection is cut between two queries fails as unavailable; the process goes on and the next one works', async () => {
    const { db, url } = await emptied();
    const failed = db.transaction(async (c) => {
      const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(url, rows[0]!.pid);
      // Between two queries: before the fix, pg emitted 'error' with no listener and the process ended.
      await sleep(300);
      await c.query('SELECT 1');
    });
    await assert.rejects(failed, StoreUnavailableError);
    assert.equal((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one, 1);
  });

  it('an advisory lock whose connection is cut while its holder works: the holder finishes, the next holder gets the lock', async () => {
    const { url } = await emptied();
    const locks = new PgAdvisoryLocks(url);
    try {
      const done = await locks.withLock('k', async () => {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          // The lock's connection is the one holding an advisory lock in this file's own database:
          // end it. Only this database's: other test files' connections (their migrations hold
          // advisory locks too) must not be cut.
          await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
        } finally {
          await admin.end();
        }
        await sleep(300);
        return 'finished';
      });
      assert.equal(done, 'finished');
      assert.equal(await locks.withLock('k', async () => 'again'), 'again');
    } finally {
      await locks.close();
    }
  });

  it('the notice connection comes back alone after PostgreSQL was down a while: one LISTEN, not one per failed attempt', { skip: privatePostgresMissing(), timeout: 120_000 }, async () => {
    const server = await startPrivatePostgres();
    const db = await PgDatabase.open(server.url, []);
    try {
      let heard = 0;
      db.onChange('iam', () => heard++);
      server.crash();
      // Down for several retry periods: before the fix each failed attempt started two more.
      await sleep(4_500);
      server.start();
      const listening = async () => Number((await db.query<{ n: number }>("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN sagelite_changes'")).rows[0]!.n);
      for (const deadline = Date.now() + 30_000; (await listening().catch(() => 0)) < 1 && Date.now() < deadline; ) await sleep(100);
      await sleep(3_000); // time for any extra reconnect loop to open its connection too
      assert.equal(await listening(), 1);
      assert.ok(heard > 0, 'every topic counts as changed after the reconnect');
      const before = heard;
      await db.notify('iam');
      for (const deadline = Date.now() + 10_000; heard === before && Date.now() < deadline; ) await sleep(50);
      assert.ok(heard > before, 'notices arrive on the new connection');
    } finally {
      await db.close();
      server.remove();
    }
  });
});
