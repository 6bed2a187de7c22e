import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { runBucketStoreContract } from '../s3-buckets.contract.js';
import { BucketExistsError, type NewBucket } from '../s3.js';
import { PgDatabase } from './database.js';
import { ALL_SCHEMAS } from './schema.js';
import { PgBucketStore } from './s3-buckets.js';
import { LockHolder } from './s3-test-locks.js';

/**
 * One database for the whole file (creating one per test costs a second or more), emptied before
 * each test, and a second pool on it: another server process.
 */
let shared: Promise<{ url: string; db: PgDatabase; second: PgDatabase; close(): Promise<void> }> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

async function openPair() {
  shared ??= openTestDatabase().then(async (t) => {
    const second = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 4 });
    const close = async () => {
      await second.close();
      await t.close();
    };
    return { ...t, second, close };
  });
  const pair = await shared;
  await pair.db.query('TRUNCATE s3_buckets');
  return { ...pair, close: async () => undefined };
}

runBucketStoreContract('PostgreSQL', async (clock) => {
  const { db, second, close } = await openPair();
  return { store: new PgBucketStore(db, clock), other: new PgBucketStore(second, clock), close };
});

const clock = new FixedClock(new Date(1_000));
const bucket = (name: string, region = 'us-east-1'): NewBucket => ({ name, accountId: '111111111111', region, ownership: 'BucketOwnerEnforced', acl: { ownerId: 'c', grants: [] } });
const INSERT_BUCKET = "INSERT INTO s3_buckets (name, account_id, region, created_at, ownership, acl) VALUES ($1, '222222222222', 'eu-west-1', 0, 'ObjectWriter', '{\"ownerId\":\"x\",\"grants\":[]}')";

describe('PgBucketStore: what is particular to PostgreSQL', () => {
  it('announces every bucket write to the other processes', async () => {
    const pair = await openPair();
    try {
      const store = new PgBucketStore(pair.db, clock);
      let heard = 0;
      let wake: () => void = () => undefined;
      pair.second.onChange('buckets', () => {
        heard++;
        wake();
      });
      const noticed = async (write: () => Promise<unknown>) => {
        const before = heard;
        const next = new Promise<void>((resolve) => (wake = resolve));
        await write();
        await next;
        assert.ok(heard > before);
      };
      await noticed(() => store.createBucket(bucket('b')));
      await noticed(() => store.setPolicy('b', { document: '{}', principalBindings: {} }));
      await noticed(() => store.setOwnership('b', undefined));
      await noticed(() => store.setPublicAccessBlock('b', undefined));
      await noticed(() => store.setTags('b', [{ Key: 'k', Value: 'v' }]));
      await noticed(() => store.setAcl('b', { ownerId: 'c', grants: [] }));
      await noticed(() => store.deleteBucket('b'));
    } finally {
      await pair.close();
    }
  });

  it('a create that waited behind another process\'s uncommitted one fails when that commits, and succeeds when it rolls back', async () => {
    const pair = await openPair();
    try {
      const store = new PgBucketStore(pair.db, clock);
      for (const outcome of ['COMMIT', 'ROLLBACK'] as const) {
        const name = `race-${outcome.toLowerCase()}`;
        const holder = await LockHolder.begin(pair.url);
        await holder.query(INSERT_BUCKET, [name]);
        const racers = [store.createBucket(bucket(name)), new PgBucketStore(pair.second, clock).createBucket(bucket(name, 'ap-south-1'))];
        const settled = Promise.allSettled(racers);
        await holder.waitForWaiters(2);
        await holder.end(outcome);
        const results = await settled;
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        const stored = (await store.getBucket(name))!;
        if (outcome === 'COMMIT') {
          assert.equal(won.length, 0);
          assert.equal(stored.region, 'eu-west-1');
        } else {
          assert.equal(won.length, 1);
          assert.equal(stored.region, won[0]!.value.region);
        }
        for (const r of lost) {
          assert.ok(r.reason instanceof BucketExistsError, String(r.reason));
          assert.equal(r.reason.existing.region, stored.region, 'the error names the bucket that won');
        }
      }
    } finally {
      await pair.close();
    }
  });

  it('reads a policy without bindings (NULL) as unbound, as SQLite does', async () => {
    const pair = await openPair();
    try {
      const store = new PgBucketStore(pair.db, clock);
      await store.createBucket(bucket('bkt'));
      await store.setPolicy('bkt', { document: '{"Version":"2012-10-17"}', principalBindings: { a: 'b' } });
      await pair.db.query('UPDATE s3_buckets SET policy_bindings = NULL');
      assert.deepEqual((await store.getBucket('bkt'))!.policyPrincipalBindings, {});
    } finally {
      await pair.close();
    }
  });
});
