import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';
import { PgDatabase } from '../../src/storage/postgres/database.js';
import { ALL_SCHEMAS } from '../../src/storage/postgres/schema.js';

/**
 * The PostgreSQL the tests use: SAGELITE_TEST_POSTGRES, or the one on the project's machines
 * (and that `.ci/run` starts where it is absent): 127.0.0.1:5432, trust auth, database `test`, as
 * the superuser `postgres` (every Debian install has it; the tests create databases).
 * Each test makes a database of its own on that server and drops it after.
 */
export const TEST_POSTGRES_URL = process.env['SAGELITE_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL of `database` on the test server. */
function urlOf(database: string): string {
  const u = new URL(TEST_POSTGRES_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<R>(fn: (c: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database (no tables): its URL, and how to drop it (its connections are ended first). */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sagelite_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: urlOf(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A new database with every store's schema applied, opened; close() also drops the database. */
export async function openTestDatabase(): Promise<{ db: PgDatabase; url: string; close(): Promise<void> }> {
  const { url, drop } = await createTestDatabase();
  const db = await PgDatabase.open(url, ALL_SCHEMAS, { poolSize: 4 });
  return {
    db,
    url,
    close: async () => {
      await db.close();
      await drop();
    },
  };
}

/**
 * One test database for a whole test file (creating one takes seconds on a loaded machine),
 * dropped after its last test: `emptied()` gives it with `tables` truncated, for each test.
 * Call at the top level of the file (it registers the `after` hook there).
 */
export function fileTestDatabase(tables: readonly string[]): () => Promise<{ db: PgDatabase; url: string }> {
  let shared: ReturnType<typeof openTestDatabase> | undefined;
  after(async () => {
    if (shared) await (await shared).close();
  });
  return async () => {
    const t = await (shared ??= openTestDatabase());
    await t.db.query(`TRUNCATE ${tables.join(', ')} CASCADE`);
    return t;
  };
}
