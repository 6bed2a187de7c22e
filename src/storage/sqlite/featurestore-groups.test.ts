import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../core/clock.js';
import { FeatureGroupExistsError, type FeatureGroup, type FeatureMetadata } from '../feature-store.js';
import { SqliteAccountStore } from './account-store.js';
import { openDatabase } from './database.js';
import { SqliteFeatureGroupStore } from './featurestore-groups.js';

function withDb(run: (dir: string, accountId: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-fg-'));
  try {
    const db = openDatabase(dir);
    const { account } = new SqliteAccountStore(db, new FixedClock(new Date(0))).createAccount({});
    db.close();
    run(dir, account.accountId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function group(accountId: string, name: string, createdAt = new Date(1_700_000_000_000)): FeatureGroup {
  return {
    accountId, region: 'us-east-1', name, arn: `arn:aws:sagemaker:us-east-1:${accountId}:feature-group/${name.toLowerCase()}`,
    recordIdentifierFeatureName: 'id', eventTimeFeatureName: 'ts',
    featureDefinitions: [{ FeatureName: 'id', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }],
    createdAt, lastModifiedAt: createdAt, status: 'Created', onlineStoreConfig: { EnableOnlineStore: true, StorageType: 'Standard' },
    offlineStoreStatus: { Status: 'Active' }, tags: [{ Key: 'team', Value: 'ml' }],
  };
}

const feature = (name: string, at: Date): FeatureMetadata => ({ featureName: name, parameters: [], createdAt: at, lastModifiedAt: at });

describe('SQLite feature group store', () => {
  it('keeps a group across a reopen, finds it in any case, and refuses the name again in any case', () =>
    withDb((dir, acct) => {
      let db = openDatabase(dir);
      const g = group(acct, 'Customers');
      new SqliteFeatureGroupStore(db).createFeatureGroup(g, [feature('id', g.createdAt), feature('ts', g.createdAt)]);
      db.close();
      db = openDatabase(dir);
      const store = new SqliteFeatureGroupStore(db);
      assert.deepEqual(store.getFeatureGroup(acct, 'us-east-1', 'customers'), g);
      assert.equal(store.getFeatureGroup(acct, 'eu-west-1', 'Customers'), undefined);
      assert.throws(() => store.createFeatureGroup(group(acct, 'CUSTOMERS'), []), FeatureGroupExistsError);
      assert.equal(store.countFeatureGroups(acct, 'us-east-1'), 1);
      db.close();
    }));

  it('hands out frozen groups, and a save or a status report is seen by the next read', () =>
    withDb((dir, acct) => {
      const db = openDatabase(dir);
      const store = new SqliteFeatureGroupStore(db);
      store.createFeatureGroup(group(acct, 'a'), []);
      const read = store.getFeatureGroup(acct, 'us-east-1', 'a')!;
      assert.throws(() => ((read as { description?: string }).description = 'x'), TypeError);
      assert.throws(() => read.tags.push({ Key: 'k', Value: 'v' }), TypeError);
      assert.equal(store.saveFeatureGroup({ ...read, description: 'changed', offlineStoreStatus: { Status: 'Disabled' } }), true);
      store.setOfflineStoreStatus(acct, 'us-east-1', 'A', { Status: 'Blocked', BlockedReason: 'AccessDenied' });
      const after = store.getFeatureGroup(acct, 'us-east-1', 'a')!;
      assert.equal(after.description, 'changed');
      assert.deepEqual(after.offlineStoreStatus, { Status: 'Blocked', BlockedReason: 'AccessDenied' }, 'a save never overwrites the writer’s status');
      assert.equal(store.saveFeatureGroup(group(acct, 'gone')), false);
      db.close();
    }));

  it('lists oldest first, keeps feature metadata in definition order, and deletes both', () =>
    withDb((dir, acct) => {
      const db = openDatabase(dir);
      const store = new SqliteFeatureGroupStore(db);
      const t0 = new Date(1_000_000);
      store.createFeatureGroup(group(acct, 'later', new Date(2_000_000)), []);
      store.createFeatureGroup(group(acct, 'earlier', t0), [feature('id', t0), feature('ts', t0)]);
      assert.deepEqual(store.listFeatureGroups(acct, 'us-east-1').map((g) => g.name), ['earlier', 'later']);
      const t1 = new Date(3_000_000);
      assert.equal(store.putFeatureMetadata(acct, 'us-east-1', 'earlier', [{ ...feature('id', t0), description: 'key', lastModifiedAt: t1 }, feature('new', t1)]), true);
      assert.deepEqual(store.listFeatureMetadata(acct, 'us-east-1', 'EARLIER'), [
        { ...feature('id', t0), description: 'key', lastModifiedAt: t1 }, feature('ts', t0), feature('new', t1),
      ]);
      assert.equal(store.deleteFeatureGroup(acct, 'us-east-1', 'Earlier'), true);
      assert.equal(store.getFeatureGroup(acct, 'us-east-1', 'earlier'), undefined);
      assert.deepEqual(store.listFeatureMetadata(acct, 'us-east-1', 'earlier'), []);
      assert.equal(store.putFeatureMetadata(acct, 'us-east-1', 'earlier', []), false);
      assert.equal(store.deleteFeatureGroup(acct, 'us-east-1', 'earlier'), false);
      db.close();
    }));
});
