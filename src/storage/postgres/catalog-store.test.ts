import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { CatalogEntityExistsError, CatalogEntityNotFoundError } from '../catalog.js';
import { runCatalogStoreContract } from '../catalog.contract.js';
import { PgCatalogStore } from './catalog-store.js';
import { ALL_SCHEMAS } from './schema.js';
import { PgDatabase } from './database.js';

// One database for the contract (making one takes a second or more), emptied for each test.
let shared: ReturnType<typeof openTestDatabase> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

runCatalogStoreContract('PostgreSQL', async (clock) => {
  const t = await (shared ??= openTestDatabase());
  await t.db.query('TRUNCATE glue_databases, glue_tables, glue_partitions');
  return { store: new PgCatalogStore(t.db, clock), close: async () => undefined };
});

describe('PostgreSQL Glue catalog store: several processes', () => {
  it('lets one of two processes creating the same database, table and partition win; the other is told it exists', async () => {
    const t = await openTestDatabase();
    const other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const clock = new FixedClock(new Date(1_000));
      const [a, b] = [new PgCatalogStore(t.db, clock), new PgCatalogStore(other, clock)];
      const race = async (x: () => Promise<unknown>, y: () => Promise<unknown>): Promise<void> => {
        const outcomes = await Promise.allSettled([x(), y()]);
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, JSON.stringify(outcomes));
        const lost = outcomes.find((o) => o.status === 'rejected');
        assert.ok(lost?.reason instanceof CatalogEntityExistsError, String(lost?.reason));
      };
      await race(() => a.createDatabase('111111111111', 'us-east-1', { Name: 'db' }), () => b.createDatabase('111111111111', 'us-east-1', { Name: 'DB' }));
      await race(() => a.createTable('111111111111', 'us-east-1', 'db', { Name: 't' }), () => b.createTable('111111111111', 'us-east-1', 'db', { Name: 'T' }));
      await race(
        () => a.createPartition('111111111111', 'us-east-1', 'db', 't', { Values: ['1'] }),
        () => b.createPartition('111111111111', 'us-east-1', 'db', 't', { Values: ['1'] }),
      );
      // What one process deletes, the other no longer finds, and cannot add to.
      assert.equal(await a.deleteDatabase('111111111111', 'us-east-1', 'db'), true);
      await assert.rejects(b.createTable('111111111111', 'us-east-1', 'db', { Name: 'u' }), CatalogEntityNotFoundError);
      await assert.rejects(b.createPartition('111111111111', 'us-east-1', 'db', 't', { Values: ['2'] }), CatalogEntityNotFoundError);
    } finally {
      await other.close();
      await t.close();
    }
  });
});
