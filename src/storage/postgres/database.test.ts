import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { StoreUnavailableError } from '../../core/errors.js';
import { fileTestDatabase } from '../../../test/support/postgres.js';
import { PgAdvisoryLocks } from './advisory-locks.js';

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
          // The lock's connection is the one holding an advisory lock: end it.
          await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()");
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
});
