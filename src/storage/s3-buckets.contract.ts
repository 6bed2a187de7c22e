import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock, type Clock } from '../core/clock.js';
import { BucketExistsError, type BucketStore, type NewBucket } from './s3.js';

/** A fresh, empty store whose clock is `clock`, over state that another connection can reach too, and how to let it go. */
export interface BucketStoreFixture {
  store: BucketStore;
  /** A second store over the same state, as another server process (or connection) has it. */
  other: BucketStore;
  close(): Promise<void>;
}

/** The accounts the contract's buckets belong to: a factory whose backend checks owners makes them exist. */
export const BUCKET_CONTRACT_ACCOUNTS = ['111111111111', '222222222222'] as const;
const [A, B] = BUCKET_CONTRACT_ACCOUNTS;
const created = new Date('2030-01-02T03:04:05.678Z');

function bucket(name: string, over: Partial<NewBucket> = {}): NewBucket {
  return { name, accountId: A, region: 'us-east-1', ownership: 'BucketOwnerEnforced', acl: { ownerId: 'canon-a', grants: [] }, ...over };
}

/**
 * The behaviour every {@link BucketStore} must have, derived from the SQLite store's. Run it from
 * the implementation's own test file with a factory that opens an empty store.
 *
 * @example
 * runBucketStoreContract('SQLite', async (clock) => { ...; return { store, other, close } });
 */
export function runBucketStoreContract(implementation: string, open: (clock: Clock) => Promise<BucketStoreFixture>): void {
  const withStore = (fn: (f: BucketStoreFixture) => Promise<void>) => async () => {
    const f = await open(new FixedClock(created));
    try {
      await fn(f);
    } finally {
      await f.close();
    }
  };

  describe(`BucketStore contract: ${implementation}`, () => {
    it('creates a bucket at the clock\'s time and reads it back, with no optional settings', withStore(async ({ store }) => {
      const made = await store.createBucket(bucket('data', { region: 'eu-west-1', acl: { ownerId: 'canon-a', grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }] } }));
      const expected = {
        name: 'data', accountId: A, region: 'eu-west-1', createdAt: created, ownership: 'BucketOwnerEnforced',
        acl: { ownerId: 'canon-a', grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }] },
      };
      assert.deepEqual(made, expected);
      assert.deepEqual(await store.getBucket('data'), expected);
      assert.equal(await store.getBucket('Data'), undefined, 'names are exact');
      assert.equal(await store.getBucket('nope'), undefined);
    }));

    it('keeps the public access block and tags a bucket is created with', withStore(async ({ store }) => {
      const pab = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
      await store.createBucket(bucket('with-settings', { publicAccessBlock: pab, tags: [{ Key: 'team', Value: 'ml' }], ownership: 'ObjectWriter' }));
      const got = (await store.getBucket('with-settings'))!;
      assert.deepEqual(got.publicAccessBlock, pab);
      assert.deepEqual(got.tags, [{ Key: 'team', Value: 'ml' }]);
      assert.equal(got.ownership, 'ObjectWriter');
      assert.equal(got.ownershipControlsAbsent, undefined);
    }));

    it('refuses a taken name, by this account or another, naming the bucket that has it', withStore(async ({ store, other }) => {
      await store.createBucket(bucket('taken'));
      for (const [s, accountId] of [[store, A], [store, B], [other, B]] as const) {
        await assert.rejects(s.createBucket(bucket('taken', { accountId, region: 'us-west-2' })), (e: unknown) => {
          assert.ok(e instanceof BucketExistsError);
          assert.equal(e.existing.accountId, A);
          assert.equal(e.existing.region, 'us-east-1');
          return true;
        });
      }
      assert.equal((await store.getBucket('taken'))!.region, 'us-east-1', 'the first bucket is untouched');
    }));

    it('of two stores creating one name at once, exactly one succeeds', withStore(async ({ store, other }) => {
      const results = await Promise.allSettled([store, other, store, other].map((s, i) => s.createBucket(bucket('contested', { region: `region-${i}` }))));
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof BucketExistsError);
      assert.equal((await store.getBucket('contested'))!.region, won[0]!.value.region);
    }));

    it('lists an account\'s buckets in byte order and no other account\'s; deletes once', withStore(async ({ store, other }) => {
      for (const name of ['b-2', 'a.1', 'b-10', 'zz']) await store.createBucket(bucket(name));
      await store.createBucket(bucket('other', { accountId: B }));
      assert.deepEqual((await store.listBuckets(A)).map((b) => b.name), ['a.1', 'b-10', 'b-2', 'zz']);
      assert.deepEqual((await other.listBuckets(B)).map((b) => b.name), ['other']);
      assert.deepEqual(await store.listBuckets('333333333333'), []);
      assert.equal(await store.deleteBucket('b-10'), true);
      assert.equal(await other.deleteBucket('b-10'), false);
      assert.equal(await other.getBucket('b-10'), undefined);
      assert.deepEqual((await other.listBuckets(A)).map((b) => b.name), ['a.1', 'b-2', 'zz']);
      await store.createBucket(bucket('b-10', { accountId: B }));
      assert.equal((await store.getBucket('b-10'))!.accountId, B, 'a deleted name is free again');
    }));

    it('stores a policy with its principal bindings, and removes both', withStore(async ({ store, other }) => {
      await store.createBucket(bucket('bkt'));
      const bindings = { 'arn:aws:iam::111111111111:role/R': 'AROAEXAMPLE' };
      assert.equal(await store.setPolicy('bkt', { document: '{"Version":"2012-10-17"}', principalBindings: bindings }), true);
      const got = (await other.getBucket('bkt'))!;
      assert.equal(got.policy, '{"Version":"2012-10-17"}');
      assert.deepEqual(got.policyPrincipalBindings, bindings);
      assert.equal(await store.setPolicy('bkt', { document: ' { "kept" : "byte for byte" } ', principalBindings: {} }), true);
      assert.equal((await store.getBucket('bkt'))!.policy, ' { "kept" : "byte for byte" } ');
      assert.deepEqual((await store.getBucket('bkt'))!.policyPrincipalBindings, {});
      assert.equal(await store.setPolicy('bkt', undefined), true);
      const gone = (await store.getBucket('bkt'))!;
      assert.equal(gone.policy, undefined);
      assert.equal(gone.policyPrincipalBindings, undefined);
      assert.equal(await store.setPolicy('nope', undefined), false);
    }));

    it('deleting ownership controls leaves ObjectWriter, marked absent; setting them again clears the mark', withStore(async ({ store }) => {
      await store.createBucket(bucket('own'));
      assert.equal(await store.setOwnership('own', 'BucketOwnerPreferred'), true);
      assert.equal((await store.getBucket('own'))!.ownership, 'BucketOwnerPreferred');
      assert.equal(await store.setOwnership('own', undefined), true);
      let got = (await store.getBucket('own'))!;
      assert.equal(got.ownership, 'ObjectWriter');
      assert.equal(got.ownershipControlsAbsent, true);
      await store.setOwnership('own', 'ObjectWriter');
      got = (await store.getBucket('own'))!;
      assert.equal(got.ownership, 'ObjectWriter');
      assert.equal(got.ownershipControlsAbsent, undefined);
      assert.equal(await store.setOwnership('nope', 'ObjectWriter'), false);
    }));

    it('sets and removes the public access block and tags, replaces the ACL; false for a missing bucket', withStore(async ({ store, other }) => {
      await store.createBucket(bucket('cfg'));
      const pab = { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true };
      assert.equal(await store.setPublicAccessBlock('cfg', pab), true);
      assert.equal(await store.setTags('cfg', [{ Key: 'k', Value: 'v' }, { Key: 'é', Value: '' }]), true);
      const acl = { ownerId: 'canon-a', grants: [{ grantee: { type: 'CanonicalUser' as const, id: 'canon-b', displayName: 'b' }, permission: 'WRITE' as const }] };
      assert.equal(await store.setAcl('cfg', acl), true);
      let got = (await other.getBucket('cfg'))!;
      assert.deepEqual(got.publicAccessBlock, pab);
      assert.deepEqual(got.tags, [{ Key: 'k', Value: 'v' }, { Key: 'é', Value: '' }]);
      assert.deepEqual(got.acl, acl);
      await store.setPublicAccessBlock('cfg', undefined);
      await store.setTags('cfg', undefined);
      got = (await other.getBucket('cfg'))!;
      assert.equal(got.publicAccessBlock, undefined);
      assert.equal(got.tags, undefined);
      assert.equal(await store.setPublicAccessBlock('nope', pab), false);
      assert.equal(await store.setTags('nope', []), false);
      assert.equal(await store.setAcl('nope', acl), false);
      assert.equal(await store.deleteBucket('nope'), false);
    }));

    it('sets and removes default encryption (absent is S3’s default, SSE-S3)', withStore(async ({ store, other }) => {
      await store.createBucket(bucket('enc'));
      assert.equal((await other.getBucket('enc'))!.encryption, undefined);
      const rule = { sseAlgorithm: 'aws:kms' as const, kmsMasterKeyId: 'alias/data', bucketKeyEnabled: true };
      assert.equal(await store.setEncryption('enc', rule), true);
      assert.deepEqual((await other.getBucket('enc'))!.encryption, rule);
      await store.setEncryption('enc', undefined);
      assert.equal((await other.getBucket('enc'))!.encryption, undefined);
      assert.equal(await store.setEncryption('nope', rule), false);
    }));

    it('sets and removes each configuration (versioning, object lock, lifecycle, CORS), seen by another connection', withStore(async ({ store, other }) => {
      await store.createBucket(bucket('configured'));
      const settings = {
        versioning: { status: 'Suspended' as const },
        objectLock: { enabled: true as const, defaultRetention: { mode: 'GOVERNANCE' as const, days: 3 } },
        lifecycle: [{ ID: 'old', Status: 'Enabled' as const, Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } }],
        cors: [{ AllowedOrigins: ['https://example.com'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: 60 }],
      };
      for (const kind of ['versioning', 'objectLock', 'lifecycle', 'cors'] as const) {
        assert.equal(await store.setConfiguration('configured', kind, settings[kind]), true);
        assert.deepEqual((await other.getBucket('configured'))![kind], settings[kind], kind);
      }
      await store.setConfiguration('configured', 'cors', undefined);
      const after = (await other.getBucket('configured'))!;
      assert.equal(after.cors, undefined);
      assert.deepEqual(after.lifecycle, settings.lifecycle, 'removing one leaves the others');
      assert.equal(await store.setConfiguration('nope', 'versioning', settings.versioning), false);
      await store.createBucket(bucket('plain-other', { accountId: B }));
      await store.createBucket(bucket('configured-too', { accountId: B }));
      await store.setConfiguration('configured-too', 'lifecycle', settings.lifecycle);
      assert.deepEqual((await other.bucketsWithConfiguration('lifecycle')).map((b) => b.name), ['configured', 'configured-too'], 'every account\'s');
      assert.deepEqual((await other.bucketsWithConfiguration('cors')).map((b) => b.name), []);
    }));

    it('makes a bucket created with Object Lock versioned and locked from the start', withStore(async ({ store, other }) => {
      const made = await store.createBucket(bucket('locked', { objectLock: true }));
      assert.deepEqual(made.versioning, { status: 'Enabled' });
      assert.deepEqual(made.objectLock, { enabled: true });
      assert.deepEqual((await other.getBucket('locked'))!.objectLock, { enabled: true });
      const plain = await store.createBucket(bucket('plain'));
      assert.equal(plain.versioning, undefined);
      assert.equal(plain.objectLock, undefined);
    }));

    it('sets and removes server access logging', withStore(async ({ store, other }) => {
      await store.createBucket(bucket('logged'));
      const logging = { TargetBucket: 'logs', TargetPrefix: 'logged/', TargetObjectKeyFormat: { SimplePrefix: {} } };
      assert.equal(await store.setLogging('logged', logging), true);
      assert.deepEqual((await other.getBucket('logged'))!.logging, logging);
      await store.setLogging('logged', undefined);
      assert.equal((await other.getBucket('logged'))!.logging, undefined);
      assert.equal(await store.setLogging('nope', logging), false);
    }));
  });
}
