import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { runRecordStoreContract } from '../../../test/support/record-store-contract.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import type { RecordDelete, RecordGroupShape, RecordPut } from '../feature-store.js';
import { PgDatabase } from './database.js';
import { PgOfflineOutbox } from './outbox.js';
import { PgRecordStore } from './record-store.js';
import { ALL_SCHEMAS } from './schema.js';

runRecordStoreContract('PostgreSQL', async (clock) => {
  const t = await openTestDatabase();
  const store = new PgRecordStore(t.db, new PgOfflineOutbox(t.db), { clock, sweepIntervalMs: 0 });
  return {
    store,
    close: async () => {
      await store.close();
      await t.close();
    },
  };
});

const group = { accountId: '111122223333', region: 'us-east-1', name: 'Customers' };
const shape: RecordGroupShape = {
  createdAt: new Date('2026-01-01T00:00:00Z'),
  recordIdentifierFeatureName: 'cid',
  eventTimeFeatureName: 'created_at',
  eventTimeType: 'Fractional',
  featureNames: ['cid', 'name', 'age', 'created_at'],
  offlineStore: true,
};
const t0 = new Date('2026-06-01T00:00:00Z');

function put(id: string, seconds: number, extra: Partial<RecordPut> = {}): RecordPut {
  return {
    kind: 'put', group, shape, recordId: id, eventTime: String(seconds), eventTimeMs: seconds * 1000, online: true, offline: true, apiInvocationTime: t0,
    features: [['cid', id], ['name', `n${seconds}`], ['created_at', String(seconds)]],
    ...extra,
  };
}

function del(id: string, seconds: number, mode: RecordDelete['mode'], extra: Partial<RecordDelete> = {}): RecordDelete {
  return { kind: 'delete', mode, group, shape, recordId: id, eventTime: String(seconds), eventTimeMs: seconds * 1000, online: true, offline: true, apiInvocationTime: t0, ...extra };
}

describe('PostgreSQL record store and its offline outbox', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  let outbox: PgOfflineOutbox;
  let store: PgRecordStore;
  const clock = new FixedClock(t0);
  const drain = async () => outbox.acknowledge((await outbox.pending(10_000)).map((r) => r.sequence));

  before(async () => {
    t = await openTestDatabase();
    outbox = new PgOfflineOutbox(t.db);
    store = new PgRecordStore(t.db, outbox, { clock, sweepIntervalMs: 0 });
  });
  after(async () => {
    await store.close();
    await t.close();
  });

  it('puts a record online and its whole row (nulls for missing features) in the outbox', async () => {
    const out = await store.write(put('1', 100));
    assert.equal(out.online, 'written');
    assert.deepEqual((await store.get(group, '1', t0))!.features, [['cid', '1'], ['name', 'n100'], ['created_at', '100']]);
    const [row] = await outbox.pending(10);
    assert.equal(row!.sequence, out.outboxSequence);
    assert.deepEqual(row!.values, { cid: '1', name: 'n100', age: null, created_at: '100' });
    assert.equal(row!.featureGroupName, 'Customers');
    assert.equal(row!.featureGroupCreatedAt.getTime(), shape.createdAt.getTime());
    assert.equal(row!.isDeleted, false);
    assert.equal(row!.writeTime.getTime(), t0.getTime());
    await drain();
  });

  it('appends every put offline, stale or not; a stale hard delete writes no marker; a soft delete’s marker has the id and event time', async () => {
    await store.write(put('2', 200));
    assert.equal((await store.write(put('2', 150))).online, 'stale');
    assert.deepEqual((await outbox.pending(10)).map((r) => r.eventTime), ['200', '150']);
    await drain();
    assert.deepEqual(await store.write(del('2', 200, 'HardDelete')), { online: 'stale' });
    assert.equal(await outbox.size(), 0);
    assert.equal((await store.write(del('2', 250, 'SoftDelete'))).online, 'written');
    const [marker] = await outbox.pending(10);
    assert.deepEqual(marker!.values, { cid: '2', name: null, age: null, created_at: '250' });
    assert.equal(marker!.isDeleted, true);
    assert.equal((await store.write(put('2', 300, { online: false }))).online, 'skipped');
    assert.equal((await store.write(put('2', 400, { offline: false }))).outboxSequence, undefined);
    assert.equal((await outbox.pending(10)).length, 2);
    await drain();
  });

  it('commits a write and its outbox row together: an outbox row that fails takes the online change with it', async () => {
    await store.write(put('atomic', 1));
    await drain();
    // The record's columns are fine; the outbox row's invocation time is not a number PostgreSQL takes.
    await assert.rejects(store.write(put('atomic', 2, { apiInvocationTime: new Date(NaN) })));
    assert.equal((await store.get(group, 'atomic', t0))!.eventTime, '1');
    await assert.rejects(store.write(put('fresh', 2, { apiInvocationTime: new Date(NaN) })));
    assert.equal(await store.get(group, 'fresh', t0), undefined);
    assert.equal(await outbox.size(), 0);
  });

  it('hard-deletes expired records with a marker at ExpiresAt, whether a write or the sweep finds them', async () => {
    await store.write(put('6', 1000, { expiresAt: new Date(1_060_000) }));
    await store.write(put('7', 1000, { expiresAt: new Date(1_030_500) }));
    await store.write(put('8', 1000, { expiresAt: new Date(1_000_000), offline: false }));
    await store.write(del('8', 1001, 'SoftDelete', { offline: false }));
    await drain();
    const now = new Date(2_000_000);
    clock.set(now);
    try {
      assert.equal(await store.get(group, '6', now), undefined, 'hidden at once');
      assert.equal((await store.write(put('6', 10, { offline: false }))).online, 'written', 'an expired record does not make an older put stale');
      assert.deepEqual((await outbox.pending(10)).map((r) => [r.values['cid'], r.eventTime, r.isDeleted]), [['6', '1060', true]]);
      await drain();
      assert.equal(await store.expire(now), 1, 'the sweep removes the one left (a soft-deleted record has no expiry)');
      assert.deepEqual((await outbox.pending(10)).map((r) => [r.values['cid'], r.eventTime, r.writeTime.getTime()]), [['7', '1030.5', now.getTime()]]);
      assert.equal(await store.expire(now), 0);
    } finally {
      clock.set(t0);
    }
    await drain();
  });

  it('forgets a dropped group’s records and shape, and keeps its outbox rows for the writer', async () => {
    await store.write(put('s', 1));
    await store.dropFeatureGroup(group.accountId, group.region, 'CUSTOMERS');
    assert.equal(await store.get(group, 's', t0), undefined);
    assert.equal((await store.write(put('s', 0, { offline: false }))).online, 'written', 'a dropped record is absent for writes');
    assert.equal(await outbox.size(), 1);
    await store.dropFeatureGroup(group.accountId, group.region, 'customers');
    assert.equal((await t.db.query('SELECT count(*) AS n FROM fs_record_groups')).rows[0]!.n, 0);
    await drain();
  });

  it('serialises writes of one record from two processes: the latest event time wins, every offline row is kept', async () => {
    // A second pool on the same database: another server process, as far as PostgreSQL can tell.
    const other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 4 });
    const otherStore = new PgRecordStore(other, new PgOfflineOutbox(other), { clock, sweepIntervalMs: 0 });
    try {
      const times = Array.from({ length: 40 }, (_, i) => ((i * 17) % 40) + 1);
      const outcomes = await Promise.all(times.map((s, i) => (i % 2 ? store : otherStore).write(put('hot', s))));
      assert.equal((await store.get(group, 'hot', t0))!.eventTime, '40');
      assert.equal((await otherStore.get(group, 'hot', t0))!.eventTime, '40', 'both processes read the same');
      const written = outcomes.filter((o) => o.online === 'written').length;
      assert.ok(written >= 1 && outcomes.every((o) => o.online === 'written' || o.online === 'stale'));
      assert.equal(await outbox.size(), 40, 'no write lost its offline row');
      const seen = (await outbox.pending(100)).map((r) => Number(r.eventTime));
      assert.deepEqual([...seen].sort((a, b) => a - b), [...times].sort((a, b) => a - b));
    } finally {
      await otherStore.close();
      await other.close();
    }
    await drain();
  });

  it('a write that meets a concurrent first insert of its record waits for it, then judges against it', async () => {
    // Another process's write, holding its new record uncommitted.
    const rival = await t.db.pool.connect();
    try {
      await rival.query('BEGIN');
      await rival.query(
        `INSERT INTO fs_records (account_id, region, group_name, record_id, features, event_time, event_time_ms, expires_at, deleted)
         VALUES ($1, $2, $3, 'contended', '[]', '500', 500000, NULL, false)`,
        [group.accountId, group.region, 'customers'],
      );
      const pending = store.write(put('contended', 300));
      // Wait (by asking PostgreSQL, not by sleeping) until the write is blocked on the rival's row.
      for (let i = 0; ; i++) {
        const r = await t.db.query("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
        if (r.rows[0]!.n > 0) break;
        assert.ok(i < 10_000, 'the write never waited for the rival');
        await new Promise((r) => setImmediate(r));
      }
      await rival.query('COMMIT');
      assert.equal((await pending).online, 'stale', 'the rival’s later event time stands');
      assert.equal((await store.get(group, 'contended', t0))!.eventTime, '500');
    } finally {
      rival.release();
    }
    await drain();
  });

  it('reads many records of a group in one query, skipping missing, deleted and expired ones, names in any case', async () => {
    await store.write(put('a', 1));
    await store.write(put('b', 1, { expiresAt: new Date(5) }));
    await store.write(put('c', 1));
    await store.write(del('c', 2, 'SoftDelete'));
    const got = await store.getMany({ ...group, name: 'CUSTOMERS' }, ['a', 'b', 'c', 'zz', 'a'], t0);
    assert.deepEqual([...got.keys()], ['a']);
    await drain();
  });
});
