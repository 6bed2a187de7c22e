import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { FixedClock } from '../../core/clock.js';
import type { RecordDelete, RecordGroupShape, RecordPut } from '../feature-store.js';
import { openDatabase } from './database.js';
import { SqliteOfflineOutbox } from './featurestore-outbox.js';
import { SqliteRecordStore } from './featurestore-records.js';

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

describe('SQLite record store and offline outbox', () => {
  let dir: string;
  let db: DatabaseSync;
  let clock: FixedClock;
  let outbox: SqliteOfflineOutbox;
  let store: SqliteRecordStore;
  const drain = async () => outbox.acknowledge((await outbox.pending(1000)).map((r) => r.sequence));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-records-'));
    db = openDatabase(dir);
    clock = new FixedClock(t0);
    outbox = new SqliteOfflineOutbox(db);
    store = new SqliteRecordStore(db, outbox, { clock, sweepIntervalMs: 0 });
  });
  after(() => {
    store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts a record online and its whole row (nulls for missing features) in the outbox, in one commit', async () => {
    const out = await store.write(put('1', 100));
    assert.equal(out.online, 'written');
    const got = store.getNow(group, '1', t0)!;
    assert.deepEqual(got.features, [['cid', '1'], ['name', 'n100'], ['created_at', '100']]);
    assert.equal(got.eventTime, '100');
    const [row] = await outbox.pending(10);
    assert.equal(row!.sequence, out.outboxSequence);
    assert.deepEqual(row!.values, { cid: '1', name: 'n100', age: null, created_at: '100' });
    assert.equal(row!.featureGroupName, 'Customers');
    assert.equal(row!.featureGroupCreatedAt.getTime(), shape.createdAt.getTime());
    assert.equal(row!.isDeleted, false);
    assert.equal(row!.writeTime.getTime(), t0.getTime());
    await drain();
  });

  it('replaces the whole record only for a later event time; an older or equal one goes offline only', async () => {
    await store.write(put('2', 200, { features: [['cid', '2'], ['age', '30'], ['created_at', '200']] }));
    assert.equal((await store.write(put('2', 300))).online, 'written');
    assert.deepEqual(store.getNow(group, '2', t0)!.features, [['cid', '2'], ['name', 'n300'], ['created_at', '300']], 'age is gone: whole-record replace');
    assert.equal((await store.write(put('2', 300))).online, 'stale');
    assert.equal((await store.write(put('2', 250))).online, 'stale');
    assert.equal(store.getNow(group, '2', t0)!.eventTime, '300');
    assert.deepEqual((await outbox.pending(10)).map((r) => r.eventTime), ['200', '300', '300', '250'], 'every put reaches the offline store');
    await drain();
  });

  it('honours target stores: online only writes no outbox row, offline only leaves the online record alone', async () => {
    const online = await store.write(put('3', 100, { offline: false }));
    assert.equal(online.outboxSequence, undefined);
    const offline = await store.write(put('3', 900, { online: false }));
    assert.equal(offline.online, 'skipped');
    assert.equal(store.getNow(group, '3', t0)!.eventTime, '100');
    assert.equal((await outbox.pending(10)).length, 1);
    await drain();
  });

  it('soft delete hides the record and keeps its event time; the marker has the id, the event time and nulls', async () => {
    await store.write(put('4', 100));
    await drain();
    assert.equal((await store.write(del('4', 150, 'SoftDelete'))).online, 'written');
    assert.equal(store.getNow(group, '4', t0), undefined);
    const [marker] = await outbox.pending(10);
    assert.deepEqual(marker!.values, { cid: '4', name: null, age: null, created_at: '150' });
    assert.equal(marker!.isDeleted, true);
    assert.equal((await store.write(put('4', 120))).online, 'stale', 'older than the delete');
    assert.equal(store.getNow(group, '4', t0), undefined);
    assert.equal((await store.write(put('4', 160))).online, 'written');
    assert.equal(store.getNow(group, '4', t0)!.eventTime, '160');
    // A soft delete that is not later changes nothing online but still writes its marker.
    const stale = await store.write(del('4', 160, 'SoftDelete'));
    assert.equal(stale.online, 'stale');
    assert.ok(stale.outboxSequence);
    assert.ok(store.getNow(group, '4', t0));
    await drain();
  });

  it('hard delete that is not later changes nothing and writes no marker; a later one removes the record', async () => {
    await store.write(put('5', 100));
    await drain();
    const stale = await store.write(del('5', 100, 'HardDelete'));
    assert.deepEqual(stale, { online: 'stale' });
    assert.equal(await outbox.size(), 0);
    assert.equal((await store.write(del('5', 101, 'HardDelete'))).online, 'written');
    assert.equal(store.getNow(group, '5', t0), undefined);
    assert.equal((await outbox.pending(10))[0]!.isDeleted, true);
    // Hard-deleted means gone: an older put is written online again.
    assert.equal((await store.write(put('5', 50))).online, 'written');
    assert.equal((await store.write(del('nope', 1, 'HardDelete'))).online, 'absent');
    await drain();
  });

  it('hides an expired record at once and hard-deletes it with a marker at ExpiresAt, lazily or by the sweep', async () => {
    await store.write(put('6', 1000, { expiresAt: new Date(1_060_000) }));
    await store.write(put('7', 1000, { expiresAt: new Date(1_030_500) }));
    await drain();
    const now = new Date(2_000_000);
    assert.equal(store.getNow(group, '6', new Date(1_059_999))!.expiresAt!.getTime(), 1_060_000);
    assert.equal(store.getNow(group, '6', now), undefined);
    await new Promise((r) => setImmediate(r));
    const lazy = await outbox.pending(10);
    assert.deepEqual(lazy.map((r) => [r.values['cid'], r.eventTime, r.isDeleted]), [['6', '1060', true]]);
    assert.equal(await store.expire(now), 1, 'the sweep removes the other one');
    assert.equal((await outbox.pending(10))[1]!.eventTime, '1030.5');
    assert.equal(await store.expire(now), 0);
    await drain();
  });

  it('reads many records of a group in one query, skipping missing, deleted and expired ones', async () => {
    await store.write(put('a', 1));
    await store.write(put('b', 1, { expiresAt: new Date(5) }));
    await store.write(put('c', 1));
    await store.write(del('c', 2, 'SoftDelete'));
    const got = store.getManyNow({ ...group, name: 'CUSTOMERS' }, ['a', 'b', 'c', 'zz'], t0);
    assert.deepEqual([...got.keys()], ['a'], 'names are matched without regard to case');
    await new Promise((r) => setImmediate(r));
    assert.equal((await outbox.pending(10)).at(-1)!.values['cid'], 'b', 'the expired one was hard-deleted with its marker');
    await drain();
  });

  it('rolls back a failing write alone: neither its record nor its outbox row, the others committed', async () => {
    const bad = put('bad', 1, { features: [['cid', 1n as unknown as string]] });
    const results = await Promise.allSettled([store.write(put('ok1', 1)), store.write(bad), store.write(put('ok2', 1))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(store.getNow(group, 'bad', t0), undefined);
    assert.deepEqual((await outbox.pending(10)).map((r) => r.values['cid']), ['ok1', 'ok2']);
    await drain();
  });

  it('commits concurrent writes together and keeps their order', async () => {
    const writes = Array.from({ length: 50 }, (_, i) => store.write(put(`g${i}`, 1)));
    const outcomes = await Promise.all(writes);
    const seqs = outcomes.map((o) => o.outboxSequence!);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
    assert.equal((await outbox.pendingAfter(seqs[24]!, 100)).length, 25);
    await drain();
  });

  it('never reuses an acknowledged sequence, and keeps outbox rows when the group is dropped', async () => {
    const first = (await store.write(put('s', 1))).outboxSequence!;
    await drain();
    const next = (await store.write(put('s', 2))).outboxSequence!;
    assert.ok(next > first);
    await store.dropFeatureGroup(group.accountId, group.region, 'customers');
    assert.equal(store.getNow(group, 's', t0), undefined);
    assert.equal(await outbox.size(), 1);
    await drain();
  });

  it('serves reads from its cache and never a stale copy: writes, deletes, expiry and drops reach readers', async () => {
    await store.write(put('c1', 10));
    assert.equal(store.getNow(group, 'c1', t0)!.eventTime, '10');
    assert.equal(store.getManyNow(group, ['c1'], t0).get('c1')!.eventTime, '10', 'cached now');
    await store.write(put('c1', 20));
    assert.equal(store.getNow(group, 'c1', t0)!.eventTime, '20');
    await store.write(put('c1', 15));
    assert.equal(store.getManyNow(group, ['c1'], t0).get('c1')!.eventTime, '20', 'a stale put does not disturb it');
    await store.write(del('c1', 30, 'SoftDelete'));
    assert.equal(store.getNow(group, 'c1', t0), undefined);
    await store.write(put('c1', 40, { expiresAt: new Date(t0.getTime() + 1000) }));
    assert.ok(store.getNow(group, 'c1', t0));
    assert.equal(store.getNow(group, 'c1', new Date(t0.getTime() + 1000)), undefined, 'expiry is judged at read time');
    await store.write(put('c2', 1));
    store.getNow(group, 'c2', t0);
    await store.dropFeatureGroup(group.accountId, group.region, group.name);
    assert.equal(store.getNow(group, 'c2', t0), undefined);
    // A write that fails takes its cache entries with it: the next read goes to the database.
    await store.write(put('c3', 1));
    store.getNow(group, 'c3', t0);
    await assert.rejects(store.write(put('c3', 2, { features: [['cid', 2n as unknown as string]] })));
    assert.equal(store.getNow(group, 'c3', t0)!.eventTime, '1');
    await drain();
  });

  it('keeps committed records and outbox rows across a reopen of the database', async () => {
    await store.write(put('durable', 7));
    store.close();
    db.close();
    db = openDatabase(dir);
    outbox = new SqliteOfflineOutbox(db);
    store = new SqliteRecordStore(db, outbox, { clock, sweepIntervalMs: 0 });
    assert.equal(store.getNow(group, 'durable', t0)!.eventTime, '7');
    assert.equal((await outbox.pending(10))[0]!.values['cid'], 'durable');
  });
});
