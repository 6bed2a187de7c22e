import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureGroupExistsError, type FeatureGroup, type FeatureGroupStore, type FeatureMetadata } from './feature-store.js';

/** A fresh, empty store in which accounts {@link FEATURE_GROUP_CONTRACT_ACCOUNTS} exist, and how to let it go. */
export interface FeatureGroupStoreFixture {
  store: FeatureGroupStore;
  close(): Promise<void>;
}

/** The accounts the suite uses: a fixture whose database checks accounts must have them. */
export const FEATURE_GROUP_CONTRACT_ACCOUNTS = ['111111111111', '222222222222'] as const;
const [A, B] = FEATURE_GROUP_CONTRACT_ACCOUNTS;
const R = 'us-east-1';

function group(accountId: string, name: string, createdAt = new Date(1_700_000_000_000), over: Partial<FeatureGroup> = {}): FeatureGroup {
  return {
    accountId, region: R, name, arn: `arn:aws:sagemaker:${R}:${accountId}:feature-group/${name.toLowerCase()}`,
    recordIdentifierFeatureName: 'id', eventTimeFeatureName: 'ts',
    featureDefinitions: [{ FeatureName: 'id', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }],
    createdAt, lastModifiedAt: createdAt, status: 'Created', onlineStoreConfig: { EnableOnlineStore: true, StorageType: 'Standard' },
    offlineStoreStatus: { Status: 'Active' }, tags: [{ Key: 'team', Value: 'ml' }],
    ...over,
  };
}

const feature = (name: string, at: Date): FeatureMetadata => ({ featureName: name, parameters: [], createdAt: at, lastModifiedAt: at });

/**
 * The behaviour every {@link FeatureGroupStore} implementation must have, derived from the
 * SQLite store's. Run it from the implementation's own test file with a factory that opens an
 * empty store.
 *
 * @example
 * runFeatureGroupStoreContract('SQLite', async () => ({ store: new SqliteFeatureGroupStore(db), close }));
 */
export function runFeatureGroupStoreContract(implementation: string, open: () => Promise<FeatureGroupStoreFixture>): void {
  const withStore = (fn: (store: FeatureGroupStore) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f.store);
    } finally {
      await f.close();
    }
  };

  describe(`FeatureGroupStore contract: ${implementation}`, () => {
    it('keeps a group as given, finds it in any case, and refuses the name again in any case', withStore(async (store) => {
      const g = group(A, 'Customers', undefined, { description: 'd', offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b/p' }, TableFormat: 'Glue' } });
      await store.createFeatureGroup(g, [feature('id', g.createdAt), feature('ts', g.createdAt)]);
      assert.deepEqual(await store.getFeatureGroup(A, R, 'customers'), g);
      assert.equal(await store.getFeatureGroup(A, 'eu-west-1', 'Customers'), undefined, 'regions are apart');
      assert.equal(await store.getFeatureGroup(B, R, 'Customers'), undefined, 'accounts are apart');
      const refused = await store.createFeatureGroup(group(A, 'CUSTOMERS'), []).then(() => undefined, (e: unknown) => e);
      assert.ok(refused instanceof FeatureGroupExistsError);
      assert.equal(refused.existing.name, 'Customers', 'the error carries the group that holds the name');
      assert.equal(await store.countFeatureGroups(A, R), 1);
      await store.createFeatureGroup(group(B, 'customers'), []);
      assert.equal(await store.countFeatureGroups(B, R), 1);
      assert.equal(await store.countFeatureGroups(A, 'eu-west-1'), 0);
    }));

    it('hands out frozen groups, and a save or a status report is seen by the next read', withStore(async (store) => {
      await store.createFeatureGroup(group(A, 'a'), []);
      const read = (await store.getFeatureGroup(A, R, 'a'))!;
      assert.throws(() => ((read as { description?: string }).description = 'x'), TypeError);
      assert.throws(() => read.tags.push({ Key: 'k', Value: 'v' }), TypeError);
      assert.ok(Object.isFrozen((await store.listFeatureGroups(A, R))[0]!.featureDefinitions));
      assert.equal(await store.saveFeatureGroup({ ...read, description: 'changed', status: 'Deleting', offlineStoreStatus: { Status: 'Disabled' } }), true);
      await store.setOfflineStoreStatus(A, R, 'A', { Status: 'Blocked', BlockedReason: 'AccessDenied' });
      const after = (await store.getFeatureGroup(A, R, 'a'))!;
      assert.deepEqual([after.description, after.status], ['changed', 'Deleting']);
      assert.deepEqual(after.offlineStoreStatus, { Status: 'Blocked', BlockedReason: 'AccessDenied' }, 'a save never overwrites the writer’s status');
      assert.equal((await store.listFeatureGroups(A, R))[0]!.description, 'changed');
      assert.equal(await store.saveFeatureGroup(group(A, 'gone')), false);
      assert.equal(await store.getFeatureGroup(A, R, 'gone'), undefined, 'a refused save creates nothing');
      await store.setOfflineStoreStatus(A, R, 'gone', { Status: 'Active' });
      assert.equal(await store.getFeatureGroup(A, R, 'gone'), undefined, 'nor does a status report');
    }));

    it('applies concurrent updates one after another, each to the group as the last one left it; a refused change writes nothing', withStore(async (store) => {
      await store.createFeatureGroup(group(A, 'tagged'), []);
      const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
      await Promise.all(keys.map((Key) => store.updateFeatureGroup(A, R, 'TAGGED', (g) => ({ ...g, tags: [...g.tags, { Key, Value: 'v' }] }))));
      const after = (await store.getFeatureGroup(A, R, 'tagged'))!;
      assert.deepEqual(after.tags.map((t) => t.Key).sort(), ['team', ...keys].sort(), 'no update lost another’s tag');
      await assert.rejects(store.updateFeatureGroup(A, R, 'tagged', () => {
        throw new RangeError('refused');
      }), RangeError);
      assert.deepEqual((await store.getFeatureGroup(A, R, 'tagged'))!.tags, after.tags);
      assert.equal(await store.updateFeatureGroup(A, R, 'gone', (g) => g), undefined);
      const saved = await store.updateFeatureGroup(A, R, 'tagged', (g) => ({ ...g, description: 'seen' }));
      assert.equal(saved!.description, 'seen');
      assert.equal((await store.getFeatureGroup(A, R, 'tagged'))!.description, 'seen');
    }));

    it('keeps a group without an offline store status without one until the writer reports', withStore(async (store) => {
      const { offlineStoreStatus: _none, ...bare } = group(A, 'bare');
      await store.createFeatureGroup(bare, []);
      assert.deepEqual(await store.getFeatureGroup(A, R, 'bare'), bare);
      await store.setOfflineStoreStatus(A, R, 'bare', { Status: 'Active' });
      assert.deepEqual((await store.getFeatureGroup(A, R, 'bare'))?.offlineStoreStatus, { Status: 'Active' });
    }));

    it('lists oldest first, keeps feature metadata in definition order, and deletes both', withStore(async (store) => {
      const t0 = new Date(1_000_000);
      await store.createFeatureGroup(group(A, 'later', new Date(2_000_000)), []);
      await store.createFeatureGroup(group(A, 'earlier', t0), [feature('id', t0), feature('ts', t0)]);
      await store.createFeatureGroup(group(A, 'ab', new Date(2_000_000)), []);
      await store.createFeatureGroup(group(A, 'A_c', new Date(2_000_000)), []);
      assert.deepEqual((await store.listFeatureGroups(A, R)).map((g) => g.name), ['earlier', 'A_c', 'ab', 'later'], 'oldest first, then by lower-case name, byte order');
      assert.deepEqual(await store.listFeatureGroups(A, 'eu-west-1'), []);
      const t1 = new Date(3_000_000);
      assert.equal(await store.putFeatureMetadata(A, R, 'earlier', [{ ...feature('id', t0), description: 'key', lastModifiedAt: t1 }, feature('new', t1)]), true);
      assert.deepEqual(await store.listFeatureMetadata(A, R, 'EARLIER'), [
        { ...feature('id', t0), description: 'key', lastModifiedAt: t1 }, feature('ts', t0), feature('new', t1),
      ]);
      assert.equal(await store.deleteFeatureGroup(A, R, 'Earlier'), true);
      assert.equal(await store.getFeatureGroup(A, R, 'earlier'), undefined);
      assert.deepEqual(await store.listFeatureMetadata(A, R, 'earlier'), []);
      assert.equal(await store.putFeatureMetadata(A, R, 'earlier', []), false);
      assert.equal(await store.deleteFeatureGroup(A, R, 'earlier'), false);
      assert.equal(await store.countFeatureGroups(A, R), 3);
    }));

    it('a group deleted and created again under its name is the new one', withStore(async (store) => {
      await store.createFeatureGroup(group(A, 'g', new Date(1_000)), []);
      assert.equal((await store.getFeatureGroup(A, R, 'g'))?.createdAt.getTime(), 1_000);
      await store.deleteFeatureGroup(A, R, 'G');
      await store.createFeatureGroup(group(A, 'G', new Date(2_000)), []);
      const again = (await store.getFeatureGroup(A, R, 'g'))!;
      assert.deepEqual([again.name, again.createdAt.getTime()], ['G', 2_000]);
    }));

    it('keeps every concurrent metadata update, and lets exactly one of several concurrent creates win', withStore(async (store) => {
      const outcomes = await Promise.allSettled([1, 2, 3, 4].map((i) => store.createFeatureGroup(group(A, i % 2 ? 'Race' : 'race', new Date(i)), [])));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      const winner = (await store.getFeatureGroup(A, R, 'race'))!;
      for (const o of outcomes) {
        if (o.status === 'fulfilled') continue;
        assert.ok(o.reason instanceof FeatureGroupExistsError, String(o.reason));
        assert.deepEqual(o.reason.existing, winner);
      }
      const at = new Date(5_000);
      await Promise.all(['f1', 'f2', 'f3', 'f4', 'f5'].map((f) => store.putFeatureMetadata(A, R, 'race', [feature(f, at)])));
      assert.deepEqual((await store.listFeatureMetadata(A, R, 'race')).map((f) => f.featureName).sort(), ['f1', 'f2', 'f3', 'f4', 'f5']);
    }));

    it('changes one feature’s metadata from what is stored at the write: concurrent parameter additions all stay; a refusal writes nothing', withStore(async (store) => {
      const at = new Date(5_000);
      await store.createFeatureGroup(group(A, 'meta'), [feature('id', at)]);
      const keys = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
      const add = (Key: string) => (stored: readonly FeatureMetadata[]) => stored.filter((f) => f.featureName === 'id').map((f) => ({ ...f, parameters: [...f.parameters, { Key, Value: 'v' }] }));
      await Promise.all(keys.map((k) => store.putFeatureMetadata(A, R, 'meta', add(k))));
      const params = () => store.listFeatureMetadata(A, R, 'meta').then((fs) => fs[0]!.parameters.map((p) => p.Key).sort());
      assert.deepEqual(await params(), keys);
      await assert.rejects(store.putFeatureMetadata(A, R, 'meta', () => {
        throw new RangeError('refused');
      }), RangeError);
      assert.deepEqual(await params(), keys);
      assert.equal(await store.putFeatureMetadata(A, R, 'gone', add('x')), false);
    }));
  });
}
