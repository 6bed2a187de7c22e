import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../src/core/clock.js';
import { InvalidPositionError, type FeatureGroupKey, type RecordDelete, type RecordGroupShape, type RecordPut, type RecordStore, type RecordUpdate } from '../../src/storage/feature-store.js';

/** An empty store whose writes judge expiry by `clock`, and how to let it go (and clean up after it). */
export interface RecordStoreFixture {
  store: RecordStore;
  close(): Promise<void>;
}

// In the future: a store may also let its server expire records by the wall clock (Redis does,
// with a grace), and a server's clock never runs behind the wall clock (--test-clock only advances).
const t0 = new Date('2036-06-01T00:00:00Z');
const shape: RecordGroupShape = {
  createdAt: new Date('2026-01-01T00:00:00Z'),
  recordIdentifierFeatureName: 'cid',
  eventTimeFeatureName: 'created_at',
  eventTimeType: 'Fractional',
  featureNames: ['cid', 'name', 'age', 'created_at', '10', '2', 'tags'],
  offlineStore: false,
};
const group: FeatureGroupKey = { accountId: '111122223333', region: 'us-east-1', name: 'Customers', createdAt: shape.createdAt, storageType: 'InMemory' };
const other: FeatureGroupKey = { ...group, name: 'Customers-2' };

function put(id: string, seconds: number, extra: Partial<RecordPut> = {}): RecordPut {
  return {
    kind: 'put', group, shape, recordId: id, eventTime: String(seconds), eventTimeMs: seconds * 1000, online: true, offline: false, apiInvocationTime: t0,
    features: [['cid', id], ['name', `n${seconds}`], ['created_at', String(seconds)]],
    ...extra,
  };
}

function del(id: string, seconds: number, mode: RecordDelete['mode'], extra: Partial<RecordDelete> = {}): RecordDelete {
  return { kind: 'delete', mode, group, shape, recordId: id, eventTime: String(seconds), eventTimeMs: seconds * 1000, online: true, offline: false, apiInvocationTime: t0, ...extra };
}

function update(id: string, features: RecordUpdate['features'], extra: Partial<RecordUpdate> = {}): RecordUpdate {
  return { kind: 'update', group, shape, recordId: id, features, online: true, offline: false, apiInvocationTime: t0, maxRecordBytes: 350 * 1024, ...extra };
}

/**
 * The online behaviour every {@link RecordStore} must have, derived from the SQLite store's
 * (src/storage/sqlite/featurestore-records.test.ts covers its offline outbox and cache beside
 * this). Writes here never target the offline store: the InMemory tier has none. Run it from the
 * implementation's own test file with a factory that opens an empty store on `clock`.
 *
 * @example
 * runRecordStoreContract('SQLite', async (clock) => { ...; return { store, close } });
 */
export function runRecordStoreContract(name: string, open: (clock: FixedClock) => Promise<RecordStoreFixture>): void {
  describe(`RecordStore contract: ${name}`, () => {
    const clock = new FixedClock(t0);
    let f: RecordStoreFixture;
    let store: RecordStore;
    const get = (id: string, at = t0, g = group) => store.get(g, id, at);

    before(async () => {
      f = await open(clock);
      store = f.store;
    });
    after(() => f.close());

    it('puts a record and reads it back: features in put order (names like integers too), event time as sent', async () => {
      const features: RecordPut['features'] = [['cid', 'p1'], ['10', 'ten'], ['2', 'two'], ['tags', ['a', 'b', 'ü, "quoted"']], ['created_at', '100.25']];
      assert.deepEqual(await store.write(put('p1', 100.25, { features })), { online: 'written' });
      const got = (await get('p1'))!;
      assert.equal(got.recordId, 'p1');
      assert.deepEqual(got.features, features);
      assert.equal(got.eventTime, '100.25');
      assert.equal(got.eventTimeMs, 100_250);
      assert.equal(got.expiresAt, undefined);
      assert.equal(await get('nobody'), undefined);
    });

    it('matches group names without regard to case, and keeps groups and odd record ids apart', async () => {
      await store.write(put('a:b*c?[d]\\e', 1));
      assert.equal((await get('a:b*c?[d]\\e', t0, { ...group, name: 'CUSTOMERS' }))!.eventTime, '1');
      assert.equal(await get('a:b*c?[d]\\e', t0, other), undefined, 'another group has no such record');
      assert.equal(await get('a:b*c', t0), undefined, 'no prefix match');
    });

    it('replaces the whole record only for a later event time; an equal or older one is stale', async () => {
      await store.write(put('2', 200, { features: [['cid', '2'], ['age', '30'], ['created_at', '200']] }));
      assert.equal((await store.write(put('2', 300))).online, 'written');
      assert.deepEqual((await get('2'))!.features, [['cid', '2'], ['name', 'n300'], ['created_at', '300']], 'age is gone: whole-record replace');
      assert.equal((await store.write(put('2', 300))).online, 'stale');
      assert.equal((await store.write(put('2', 250))).online, 'stale');
      assert.equal((await get('2'))!.eventTime, '300');
    });

    it('keeps the latest event time when writes of one record race', async () => {
      const times = [5, 9, 1, 7, 3, 8, 2, 6, 4];
      const outcomes = await Promise.all(times.map((s) => store.write(put('race', s))));
      assert.ok(outcomes.some((o) => o.online === 'written'));
      assert.equal((await get('race'))!.eventTime, '9');
    });

    it('skips the online store when it is not a target', async () => {
      await store.write(put('3', 100));
      assert.deepEqual(await store.write(put('3', 900, { online: false })), { online: 'skipped' });
      assert.equal((await get('3'))!.eventTime, '100');
    });

    it('soft delete hides the record and keeps its event time for later comparisons', async () => {
      assert.equal((await store.write(del('4', 1, 'SoftDelete'))).online, 'absent');
      await store.write(put('4', 100));
      assert.equal((await store.write(del('4', 150, 'SoftDelete'))).online, 'written');
      assert.equal(await get('4'), undefined);
      assert.equal((await store.getMany(group, ['4'], t0)).size, 0);
      assert.equal((await store.write(put('4', 120))).online, 'stale', 'older than the delete');
      assert.equal(await get('4'), undefined);
      assert.equal((await store.write(put('4', 160))).online, 'written');
      assert.deepEqual((await get('4'))!.features, [['cid', '4'], ['name', 'n160'], ['created_at', '160']]);
      assert.equal((await store.write(del('4', 160, 'SoftDelete'))).online, 'stale');
      assert.ok(await get('4'), 'a stale soft delete changes nothing');
    });

    it('hard delete that is not later changes nothing; a later one removes the record for good', async () => {
      await store.write(put('5', 100));
      assert.deepEqual(await store.write(del('5', 100, 'HardDelete')), { online: 'stale' });
      assert.ok(await get('5'));
      assert.equal((await store.write(del('5', 101, 'HardDelete'))).online, 'written');
      assert.equal(await get('5'), undefined);
      assert.equal((await store.write(put('5', 50))).online, 'written', 'gone means gone: an older put is written');
      assert.equal((await store.write(del('nope', 1, 'HardDelete'))).online, 'absent');
    });

    it('hides a record from ExpiresAt on, and treats it as absent for writes once expired', async () => {
      const expiresAt = new Date(t0.getTime() + 60_000);
      await store.write(put('6', 1000, { expiresAt }));
      await store.write(put('7', 1000, { expiresAt }));
      assert.equal((await get('6', new Date(expiresAt.getTime() - 1)))!.expiresAt!.getTime(), expiresAt.getTime());
      assert.equal(await get('6', expiresAt), undefined);
      assert.equal((await store.getMany(group, ['6', '7'], expiresAt)).size, 0);
      clock.set(new Date(expiresAt.getTime() + 1000));
      try {
        await store.expire(clock.now());
        assert.equal((await store.write(del('6', 2000, 'HardDelete'))).online, 'absent');
        assert.equal((await store.write(put('7', 10))).online, 'written', 'the expired record does not make an older put stale');
        assert.equal((await get('7', clock.now()))!.eventTime, '10');
      } finally {
        clock.set(t0);
      }
    });

    it('a later put without ExpiresAt makes the record permanent again', async () => {
      await store.write(put('8', 1, { expiresAt: new Date(t0.getTime() + 1000) }));
      await store.write(put('8', 2));
      const later = new Date(t0.getTime() + 10_000_000);
      assert.equal((await get('8', later))!.eventTime, '2');
      assert.equal((await get('8', later))!.expiresAt, undefined);
    });

    it('reads many records of a group at once, skipping missing, soft-deleted and expired ones', async () => {
      await store.write(put('m-a', 1));
      await store.write(put('m-b', 1, { expiresAt: new Date(5) }));
      await store.write(put('m-c', 1));
      await store.write(del('m-c', 2, 'SoftDelete'));
      await store.write(put('m-d', 3));
      const got = await store.getMany({ ...group, name: 'CUSTOMERS' }, ['m-a', 'm-b', 'm-c', 'zz', 'm-d'], t0);
      assert.deepEqual([...got.keys()].sort(), ['m-a', 'm-d']);
      assert.equal(got.get('m-d')!.eventTime, '3');
      assert.equal((await store.getMany(group, [], t0)).size, 0);
    });

    it('forgets a dropped group\'s records, and only that group\'s', async () => {
      await store.write(put('d1', 1));
      await store.write(put('d1', 1, { group: other }));
      await store.dropFeatureGroup(group.accountId, group.region, 'customers');
      assert.equal(await get('d1'), undefined);
      assert.equal((await store.getMany(group, ['d1', 'p1'], t0)).size, 0);
      assert.equal((await get('d1', t0, other))!.eventTime, '1');
      assert.equal((await store.write(put('d1', 0))).online, 'written', 'a dropped record is absent for writes');
    });

    it('updates a live record in place: given features replaced or added, the others and the event time kept', async () => {
      await store.write(put('u1', 100, { features: [['cid', 'u1'], ['name', 'ann'], ['age', '30'], ['created_at', '100']], expiresAt: new Date(t0.getTime() + 60_000) }));
      assert.deepEqual(await store.write(update('u1', [['age', '31'], ['tags', ['x']]])), { online: 'written' });
      let got = (await get('u1'))!;
      assert.deepEqual(got.features, [['cid', 'u1'], ['name', 'ann'], ['age', '31'], ['created_at', '100'], ['tags', ['x']]]);
      assert.equal(got.eventTime, '100');
      assert.equal(got.expiresAt!.getTime(), t0.getTime() + 60_000, 'no event time given: ExpiresAt stays');
      // A later event time moves ExpiresAt with it (the TTL setting stays); an equal one applies too.
      assert.equal((await store.write(update('u1', [['name', 'bo']], { eventTime: '110', eventTimeMs: 110_000 }))).online, 'written');
      got = (await get('u1'))!;
      assert.deepEqual(got.features, [['cid', 'u1'], ['name', 'bo'], ['age', '31'], ['created_at', '110'], ['tags', ['x']]]);
      assert.equal(got.eventTimeMs, 110_000);
      assert.equal(got.expiresAt!.getTime(), t0.getTime() + 70_000);
      const later = t0.getTime() + 10_000;
      assert.equal((await store.write(update('u1', [['age', '32']], { eventTime: String(later / 1000), eventTimeMs: later, ttlMs: 5_000 }))).online, 'written');
      assert.equal((await get('u1'))!.expiresAt!.getTime(), later + 5_000, 'a TTL given: ExpiresAt is the event time plus it');
    });

    it('refuses an update of an earlier event time (stale) and of a record that is not live (absent), changing nothing', async () => {
      await store.write(put('u2', 200, { features: [['cid', 'u2'], ['name', 'cy'], ['created_at', '200']] }));
      assert.deepEqual(await store.write(update('u2', [['name', 'old']], { eventTime: '199.999', eventTimeMs: 199_999 })), { online: 'stale' });
      assert.equal((await get('u2'))!.features[1]![1], 'cy');
      assert.deepEqual(await store.write(update('nobody', [['name', 'x']])), { online: 'absent' });
      assert.equal(await get('nobody'), undefined, 'an update creates nothing');
      await store.write(del('u2', 300, 'SoftDelete'));
      assert.deepEqual(await store.write(update('u2', [['name', 'x']], { eventTime: '400', eventTimeMs: 400_000 })), { online: 'absent' });
      assert.equal(await get('u2'), undefined);
      await store.write(put('u3', 1, { expiresAt: new Date(t0.getTime() + 1000) }));
      clock.set(new Date(t0.getTime() + 2000));
      try {
        assert.deepEqual(await store.write(update('u3', [['name', 'x']])), { online: 'absent' }, 'an expired record is not live');
      } finally {
        clock.set(t0);
      }
    });

    it('refuses an update whose merged record is larger than allowed, saying how large', async () => {
      await store.write(put('u4', 1, { features: [['cid', 'u4'], ['name', 'x'.repeat(100)], ['created_at', '1']] }));
      const out = await store.write(update('u4', [['age', 'y'.repeat(100)]], { maxRecordBytes: 200 }));
      assert.equal(out.tooLargeBytes, 'cidu4namecreated_at1age'.length + 200);
      assert.notEqual(out.online, 'written');
      assert.equal((await get('u4'))!.features.length, 3, 'nothing written');
    });

    it('keeps every concurrent update of one record (each merges what the other wrote)', async () => {
      await store.write(put('u5', 1, { features: [['cid', 'u5'], ['created_at', '1']] }));
      const names = ['name', 'age', 'tags', '10', '2'];
      const outcomes = await Promise.all(names.map((n) => store.write(update('u5', [[n, `v-${n}`]]))));
      assert.deepEqual(outcomes.map((o) => o.online), names.map(() => 'written'));
      const got = new Map((await get('u5'))!.features);
      for (const n of names) assert.equal(got.get(n), `v-${n}`);
    });

    it('lists a group\'s record ids a page at a time: live ones, soft-deleted ones when asked, never expired ones', async () => {
      const listed = { ...group, name: 'Listed' };
      const ids = Array.from({ length: 23 }, (_, i) => `r${String(i).padStart(2, '0')}:é`);
      for (const id of ids) await store.write(put(id, 1, { group: listed }));
      await store.write(del(ids[3]!, 2, 'SoftDelete', { group: listed }));
      await store.write(put(ids[4]!, 2, { group: listed, expiresAt: new Date(t0.getTime() + 1) }));
      await store.write(put('elsewhere', 1, { group: { ...listed, name: 'Listed-2' } }));
      const all = async (includeSoftDeleted: boolean, limit: number) => {
        const seen: string[] = [];
        let position: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await store.listRecordIds({ ...listed, name: 'LISTED' }, { limit, includeSoftDeleted, now: new Date(t0.getTime() + 1), ...(position !== undefined ? { position } : {}) });
          seen.push(...page.recordIds);
          if (page.position === undefined) return seen;
          position = page.position;
        }
        throw new Error('listing did not end');
      };
      const live = ids.filter((_, i) => i !== 3 && i !== 4);
      assert.deepEqual((await all(false, 5)).sort(), live);
      assert.deepEqual((await all(true, 100)).sort(), [...live, ids[3]!].sort());
      assert.deepEqual((await store.listRecordIds({ ...listed, name: 'Empty' }, { limit: 10, includeSoftDeleted: false, now: t0 })).recordIds, []);
      await assert.rejects(store.listRecordIds(listed, { limit: 10, includeSoftDeleted: false, now: t0, position: 'not-a-position' }), InvalidPositionError);
    });
  });
}
