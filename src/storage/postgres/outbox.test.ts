import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { runOutboxContract } from '../../../test/support/outbox-contract.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import type { NewOutboxRow, OutboxGroupRef } from '../feature-store.js';
import { PgDatabase } from './database.js';
import { PgOfflineOutbox } from './outbox.js';
import { ALL_SCHEMAS } from './schema.js';

runOutboxContract('PostgreSQL', async (clock) => {
  const t = await openTestDatabase();
  const outbox = new PgOfflineOutbox(t.db, { clock });
  return { outbox, append: (row) => outbox.append(t.db.pool, row), close: () => t.close() };
});

const t0 = new Date('2036-06-01T00:00:00Z');
const group: OutboxGroupRef = { accountId: '111122223333', region: 'us-east-1', featureGroupName: 'Clicks', featureGroupCreatedAt: new Date(1_000_000) };
const row = (id: string): NewOutboxRow => ({ ...group, values: { id }, eventTime: '1', writeTime: t0, apiInvocationTime: t0, isDeleted: false });

describe('PostgreSQL outbox: what is particular to several processes', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  let other: PgDatabase;
  const clock = new FixedClock(t0);
  let here: PgOfflineOutbox;
  let there: PgOfflineOutbox;

  before(async () => {
    t = await openTestDatabase();
    // A second pool on the same database: another server process, as far as PostgreSQL can tell.
    other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 4 });
    here = new PgOfflineOutbox(t.db, { clock });
    there = new PgOfflineOutbox(other, { clock });
  });
  after(async () => {
    await other.close();
    await t.close();
  });

  it('a row committed after a claim was made, with an earlier sequence, goes to a later claim and never joins a taken-over one', async () => {
    // A write holding sequence s uncommitted while a later write (s + 1) commits.
    const slow = await t.db.pool.connect();
    try {
      await slow.query('BEGIN');
      const early = await here.append(slow, row('early'));
      const late = await here.append(t.db.pool, row('late'));
      assert.ok(early < late);
      const first = (await here.claim(group, 'dies', 100, 1000))!;
      assert.deepEqual(first.rows.map((r) => r.sequence), [late], 'the uncommitted row is not there to claim');
      await slow.query('COMMIT');
      clock.set(new Date(t0.getTime() + 1000));
      const heir = (await there.claim(group, 'heir', 100, 1000))!;
      assert.deepEqual(heir.rows.map((r) => r.sequence), [late], 'the same rows as the dead claim: the same objects get overwritten');
      assert.ok(await there.acknowledgeClaimed(heir, [late]));
      const next = (await there.claim(group, 'heir', 100, 1000))!;
      assert.deepEqual(next.rows.map((r) => r.sequence), [early]);
      assert.ok(await there.acknowledgeClaimed(next, [early]));
    } finally {
      slow.release();
      clock.set(t0);
    }
  });

  it('two processes claiming every group at once never share a row, and drain the outbox between them', async () => {
    const groups = Array.from({ length: 6 }, (_, i): OutboxGroupRef => ({ ...group, featureGroupName: `G${i}` }));
    const appended: number[] = [];
    for (const g of groups) appended.push(...(await here.appendMany(t.db.pool, Array.from({ length: 5 }, (_, i) => ({ ...row(`${g.featureGroupName}-${i}`), featureGroupName: g.featureGroupName })))));
    const got: number[] = [];
    const drainFrom = async (outbox: PgOfflineOutbox, claimant: string) => {
      for (let round = 0; round < 1000 && (await outbox.pendingGroups()).length > 0; round++) {
        for (const g of await outbox.pendingGroups()) {
          const claim = await outbox.claim(g, claimant, 2, 60_000);
          if (!claim) continue;
          got.push(...claim.rows.map((r) => r.sequence));
          assert.ok(await outbox.acknowledgeClaimed(claim, claim.rows.map((r) => r.sequence)));
        }
      }
    };
    await Promise.all([drainFrom(here, 'process-1'), drainFrom(there, 'process-2'), drainFrom(here, 'process-1b')]);
    assert.deepEqual(got.sort((a, b) => a - b), appended.sort((a, b) => a - b), 'each row claimed exactly once');
    assert.equal(await here.size(), 0);
    assert.equal((await t.db.query('SELECT count(*) AS n FROM fs_outbox_batches')).rows[0]!.n, 0, 'no claim is left behind');
  });

  it('lists groups in byte order whatever the database locale, as SQLite does', async () => {
    const names = ['b', 'B', 'a', '_z', 'Ä'];
    await here.appendMany(t.db.pool, names.map((n) => ({ ...row(n), featureGroupName: n })));
    assert.deepEqual((await here.pendingGroups()).map((g) => g.featureGroupName), ['B', '_z', 'a', 'b', 'Ä']);
    await here.acknowledge((await here.pending(100)).map((r) => r.sequence));
  });
});
