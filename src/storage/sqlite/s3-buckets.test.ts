import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetClock } from '../../core/clock.js';
import { BUCKET_CONTRACT_ACCOUNTS, runBucketStoreContract } from '../s3-buckets.contract.js';
import { openDatabase } from './database.js';
import { SqliteBucketStore } from './s3-buckets.js';

runBucketStoreContract('SQLite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-s3b-'));
  const db = openDatabase(dir);
  // Another connection to the same file, as the CLI has while the server runs.
  const second = openDatabase(dir);
  // Bucket owners are accounts (a foreign key): the contract's must exist.
  for (const id of BUCKET_CONTRACT_ACCOUNTS) db.prepare('INSERT INTO accounts (account_id, canonical_user_id, created_at) VALUES (?, ?, 0)').run(id, `canon-${id}`);
  return {
    store: new SqliteBucketStore(db, clock),
    other: new SqliteBucketStore(second, clock),
    close: async () => {
      second.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteBucketStore: what is particular to SQLite', () => {
  it('reads a policy saved before bindings existed as unbound, and refuses an owner that is no account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-s3b-'));
    const db = openDatabase(dir);
    try {
      db.prepare("INSERT INTO accounts (account_id, canonical_user_id, created_at) VALUES ('111111111111', 'c', 0)").run();
      const store = new SqliteBucketStore(db, new OffsetClock());
      await store.createBucket({ name: 'bkt', accountId: '111111111111', region: 'us-east-1', ownership: 'BucketOwnerEnforced', acl: { ownerId: 'c', grants: [] } });
      await store.setPolicy('bkt', { document: '{"Version":"2012-10-17"}', principalBindings: { 'arn:aws:iam::111111111111:role/R': 'AROAEXAMPLE' } });
      db.prepare('UPDATE s3_buckets SET policy_bindings = NULL').run();
      const got = (await store.getBucket('bkt'))!;
      assert.equal(got.policy, '{"Version":"2012-10-17"}');
      assert.deepEqual(got.policyPrincipalBindings, {});
      await assert.rejects(store.createBucket({ name: 'orphan', accountId: '999999999999', region: 'us-east-1', ownership: 'BucketOwnerEnforced', acl: { ownerId: 'c', grants: [] } }), /FOREIGN KEY/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
