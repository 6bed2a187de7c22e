import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { FEATURE_GROUP_CONTRACT_ACCOUNTS, runFeatureGroupStoreContract } from '../feature-groups.contract.js';
import type { FeatureGroup } from '../feature-store.js';
import { openDatabase } from './database.js';
import { SqliteFeatureGroupStore } from './featurestore-groups.js';

/** Feature groups refer to their account (feature_groups → accounts): the accounts are made directly. */
function addAccounts(db: DatabaseSync, ids: readonly string[]): void {
  const insert = db.prepare('INSERT INTO accounts (account_id, canonical_user_id, created_at) VALUES (?, ?, 0)');
  for (const id of ids) insert.run(id, `canonical-${id}`);
}

runFeatureGroupStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-fg-'));
  const db = openDatabase(dir);
  addAccounts(db, FEATURE_GROUP_CONTRACT_ACCOUNTS);
  return {
    store: new SqliteFeatureGroupStore(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite feature group store', () => {
  it('keeps a group and its feature metadata across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-fg-'));
    try {
      const acct = '123456789012';
      let db = openDatabase(dir);
      addAccounts(db, [acct]);
      const at = new Date(1_700_000_000_000);
      const g: FeatureGroup = {
        accountId: acct, region: 'us-east-1', name: 'Customers', arn: `arn:aws:sagemaker:us-east-1:${acct}:feature-group/customers`,
        recordIdentifierFeatureName: 'id', eventTimeFeatureName: 'ts', featureDefinitions: [{ FeatureName: 'id', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }],
        createdAt: at, lastModifiedAt: at, status: 'Created', offlineStoreStatus: { Status: 'Active' }, tags: [],
      };
      const features = [{ featureName: 'id', parameters: [{ Key: 'k', Value: 'v' }], createdAt: at, lastModifiedAt: at }];
      await new SqliteFeatureGroupStore(db).createFeatureGroup(g, features);
      db.close();
      db = openDatabase(dir);
      const store = new SqliteFeatureGroupStore(db);
      assert.deepEqual(await store.getFeatureGroup(acct, 'us-east-1', 'CUSTOMERS'), g);
      assert.deepEqual(await store.listFeatureMetadata(acct, 'us-east-1', 'customers'), features);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
