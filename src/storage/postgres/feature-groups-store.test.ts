import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { runFeatureGroupStoreContract } from '../feature-groups.contract.js';
import { FeatureGroupExistsError, type FeatureGroup } from '../feature-store.js';
import { PgDatabase } from './database.js';
import { PgFeatureGroupStore } from './feature-groups-store.js';
import { ALL_SCHEMAS } from './schema.js';

// One database for the contract (making one takes a second or more), emptied for each test.
let shared: ReturnType<typeof openTestDatabase> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

runFeatureGroupStoreContract('PostgreSQL', async () => {
  const t = await (shared ??= openTestDatabase());
  await t.db.query('TRUNCATE feature_groups');
  return { store: new PgFeatureGroupStore(t.db), close: async () => undefined };
});

const A = '111111111111';
const R = 'us-east-1';

function group(name: string, over: Partial<FeatureGroup> = {}): FeatureGroup {
  const at = new Date(1_700_000_000_000);
  return {
    accountId: A, region: R, name, arn: `arn:aws:sagemaker:${R}:${A}:feature-group/${name.toLowerCase()}`,
    recordIdentifierFeatureName: 'id', eventTimeFeatureName: 'ts', featureDefinitions: [{ FeatureName: 'id', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }],
    createdAt: at, lastModifiedAt: at, status: 'Created', tags: [], ...over,
  };
}

/** Resolves once `db` has heard the next `feature-groups` notice (after the stores' own listeners ran: they were added first). */
function nextNotice(db: PgDatabase): Promise<void> {
  return new Promise((resolve) => db.onChange('feature-groups', () => resolve()));
}

describe('PostgreSQL feature group store: several processes', () => {
  it("lets one of two processes creating a name win, and each sees the other's writes once their notice arrives", async () => {
    const t = await openTestDatabase();
    const other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const [a, b] = [new PgFeatureGroupStore(t.db), new PgFeatureGroupStore(other)];
      const created = nextNotice(other);
      const outcomes = await Promise.allSettled([a.createFeatureGroup(group('Race'), []), b.createFeatureGroup(group('race'), [])]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      const lost = outcomes.find((o) => o.status === 'rejected');
      assert.ok(lost?.reason instanceof FeatureGroupExistsError, String(lost?.reason));
      await created;

      // B reads (and caches) the group; A changes it; B sees the change once A's notice reached it.
      const before = (await b.getFeatureGroup(A, R, 'race'))!;
      assert.equal(before.description, undefined);
      let heard = nextNotice(other);
      assert.ok(await a.saveFeatureGroup({ ...before, description: 'by A' }));
      await heard;
      assert.equal((await b.getFeatureGroup(A, R, 'race'))?.description, 'by A');

      heard = nextNotice(other);
      await a.setOfflineStoreStatus(A, R, 'RACE', { Status: 'Blocked', BlockedReason: 'denied' });
      await heard;
      assert.deepEqual((await b.getFeatureGroup(A, R, 'race'))?.offlineStoreStatus, { Status: 'Blocked', BlockedReason: 'denied' });

      heard = nextNotice(other);
      assert.ok(await a.deleteFeatureGroup(A, R, 'race'));
      await heard;
      assert.equal(await b.getFeatureGroup(A, R, 'race'), undefined, 'a group deleted elsewhere is not served from the cache');
    } finally {
      await other.close();
      await t.close();
    }
  });

  it('announces nothing when a create is refused', async () => {
    const t = await openTestDatabase();
    try {
      const store = new PgFeatureGroupStore(t.db);
      const created = nextNotice(t.db);
      await store.createFeatureGroup(group('g'), []);
      await created;
      let notices = 0;
      t.db.onChange('feature-groups', () => notices++);
      await assert.rejects(store.createFeatureGroup(group('G'), []), FeatureGroupExistsError);
      // A write that changes something is announced: its notice comes after any the refused create could have sent.
      const heard = nextNotice(t.db);
      await store.saveFeatureGroup(group('g', { description: 'x' }));
      await heard;
      assert.equal(notices, 1);
    } finally {
      await t.close();
    }
  });
});
