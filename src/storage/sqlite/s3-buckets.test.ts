import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetClock } from '../../core/clock.js';
import { SqliteAccountStore } from './account-store.js';
import { openDatabase } from './database.js';
import { SqliteBucketStore } from './s3-buckets.js';

describe('SqliteBucketStore: bucket policy and its principal bindings', () => {
  it('stores the text with its bindings, removes both, and reads a policy saved before bindings as unbound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-s3b-'));
    const clock = new OffsetClock();
    const db = openDatabase(dir);
    try {
      const account = new SqliteAccountStore(db, clock).createAccount({}).account.accountId;
      const store = new SqliteBucketStore(db, clock);
      store.createBucket({ name: 'bkt', accountId: account, region: 'us-east-1', ownership: 'BucketOwnerEnforced', acl: { ownerId: 'c', grants: [] } });
      const bindings = { 'arn:aws:iam::111111111111:role/R': 'AROAEXAMPLE' };
      assert.equal(store.setPolicy('bkt', { document: '{"Version":"2012-10-17"}', principalBindings: bindings }), true);
      assert.equal(store.getBucket('bkt')!.policy, '{"Version":"2012-10-17"}');
      assert.deepEqual(store.getBucket('bkt')!.policyPrincipalBindings, bindings);

      db.prepare('UPDATE s3_buckets SET policy_bindings = NULL').run();
      assert.deepEqual(store.getBucket('bkt')!.policyPrincipalBindings, {});

      store.setPolicy('bkt', undefined);
      const gone = store.getBucket('bkt')!;
      assert.equal(gone.policy, undefined);
      assert.equal(gone.policyPrincipalBindings, undefined);
      assert.equal(store.setPolicy('nope', undefined), false);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
