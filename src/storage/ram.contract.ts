import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INVITATION_LIFETIME_MS, ShareConflictError, shareKeys, type ResourceShareDocument, type ResourceShareStore } from './ram.js';

/** A fresh, empty store and how to let it go. */
export interface ResourceShareStoreFixture {
  store: ResourceShareStore;
  close(): Promise<void>;
}

const B = '222222222222';
const A = '111111111111';
const C = '333333333333';
const R = 'us-east-1';
const GROUP = `arn:aws:sagemaker:${R}:${B}:feature-group/customers`;
/** A time at which share()'s invitation (created at 1,000) is still live. */
const NOW = 2_000;

function share(id: string, over: Partial<ResourceShareDocument> = {}): ResourceShareDocument {
  return {
    arn: `arn:aws:ram:${R}:${B}:resource-share/${id}`,
    ownerAccountId: B,
    region: R,
    name: `share-${id}`,
    allowExternalPrincipals: true,
    status: 'ACTIVE',
    tags: [{ key: 'team', value: 'ml' }],
    createdAt: 1_000,
    updatedAt: 1_000,
    permissions: [{ arn: 'arn:aws:ram::aws:permission/P', version: '1', resourceType: 'sagemaker:FeatureGroup', createdAt: 1_000, updatedAt: 1_000 }],
    associations: [
      { type: 'RESOURCE', entity: GROUP, status: 'ASSOCIATED', external: false, createdAt: 1_000, updatedAt: 1_000 },
      { type: 'PRINCIPAL', entity: A, status: 'ASSOCIATED', external: true, createdAt: 1_000, updatedAt: 1_000 },
    ],
    invitations: [{ arn: `arn:aws:ram:${R}:${B}:resource-share-invitation/i-${id}`, receiverAccountId: A, status: 'PENDING', createdAt: 1_000 }],
    revision: 1,
    ...over,
  };
}

/**
 * A share whose index holds every kind of key, for the tests of the schema step that rebuilds the
 * index from stored documents: it must give what shareIndex gives.
 */
export function shareWithEveryKey(): ResourceShareDocument {
  return share('migrated', {
    associations: [
      ...share('x').associations,
      { type: 'PRINCIPAL', entity: C, status: 'ASSOCIATING', external: true, createdAt: 3_000, updatedAt: 3_000 },
      { type: 'RESOURCE', entity: `${GROUP}-gone`, status: 'DISASSOCIATED', external: false, createdAt: 1_000, updatedAt: 2_000 },
    ],
    invitations: [
      { ...share('x').invitations[0]!, arn: `arn:aws:ram:${R}:${B}:resource-share-invitation/accepted`, status: 'ACCEPTED' },
      { arn: `arn:aws:ram:${R}:${B}:resource-share-invitation/c-old`, receiverAccountId: C, status: 'PENDING', createdAt: 1_500 },
      { arn: `arn:aws:ram:${R}:${B}:resource-share-invitation/c-new`, receiverAccountId: C, status: 'PENDING', createdAt: 3_000 },
    ],
  });
}

/**
 * The behaviour every {@link ResourceShareStore} implementation must have. Run it from the
 * implementation's own test file with a factory that opens an empty store.
 */
export function runResourceShareStoreContract(implementation: string, open: () => Promise<ResourceShareStoreFixture>): void {
  const withStore = (fn: (s: ResourceShareStore) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f.store);
    } finally {
      await f.close();
    }
  };

  describe(`ResourceShareStore contract: ${implementation}`, () => {
    it('saves a share and reads back the same document, by ARN, by owner and by each entity it names', withStore(async (store) => {
      const s = share('one');
      await store.saveShare(s);
      assert.deepEqual(await store.getShare(s.arn), s);
      assert.deepEqual(await store.sharesOwnedBy(B, R), [s]);
      assert.deepEqual(await store.sharesOwnedBy(B, 'eu-west-1'), []);
      assert.deepEqual(await store.sharesOwnedBy(A, R), []);
      assert.deepEqual(await store.sharesByKey(shareKeys.resource(GROUP), NOW), [s]);
      assert.deepEqual(await store.sharesByKey(shareKeys.consumer(A), NOW), [s]);
      assert.deepEqual(await store.sharesByKey(shareKeys.invited(A), NOW), [s]);
      assert.deepEqual(await store.sharesByKey(shareKeys.invitation(s.invitations[0]!.arn), NOW), [s]);
      assert.deepEqual(await store.sharesByKey(shareKeys.consumer(C), NOW), []);
      assert.deepEqual(await store.sharesByKey(shareKeys.resource(A), NOW), [], 'an account id is not a resource key');
      assert.equal(await store.getShare(`arn:aws:ram:${R}:${B}:resource-share/none`), undefined);
    }));

    it('replaces a share only from the revision it was read at, and its index follows the document', withStore(async (store) => {
      const s = share('two');
      await store.saveShare(s);
      await assert.rejects(store.saveShare(s), ShareConflictError, 'a second insert');
      const moved = { ...s, associations: [s.associations[0]!, { ...s.associations[1]!, entity: C }], revision: 2 };
      await store.saveShare(moved);
      await assert.rejects(store.saveShare({ ...s, revision: 2 }), ShareConflictError, 'a save from the older revision');
      assert.deepEqual(await store.getShare(s.arn), moved);
      assert.deepEqual(await store.sharesByKey(shareKeys.consumer(A), NOW), [], 'A is no longer a consumer');
      assert.deepEqual(await store.sharesByKey(shareKeys.consumer(C), NOW), [moved]);
      await assert.rejects(store.saveShare(share('absent', { revision: 3 })), ShareConflictError, 'a replace of a share never stored');
    }));

    it('lists shares oldest first and counts them per owner and region', withStore(async (store) => {
      const older = share('b-older', { createdAt: 1_000 });
      const newer = share('a-newer', { createdAt: 2_000 });
      await store.saveShare(newer);
      await store.saveShare(older);
      await store.saveShare(share('elsewhere', { region: 'eu-west-1', arn: `arn:aws:ram:eu-west-1:${B}:resource-share/elsewhere` }));
      assert.deepEqual((await store.sharesOwnedBy(B, R)).map((s) => s.arn), [older.arn, newer.arn]);
      assert.deepEqual((await store.sharesByKey(shareKeys.resource(GROUP), NOW)).filter((s) => s.region === R).map((s) => s.arn), [older.arn, newer.arn]);
      assert.equal(await store.countOwnedBy(B, R), 2);
      assert.equal(await store.countOwnedBy(B, 'eu-west-1'), 1);
      assert.equal(await store.countOwnedBy(A, R), 0);
    }));

    it('finds a share by an invitation to an account only while the invitation is pending and live', withStore(async (store) => {
      const s = share('invite', {
        associations: [{ type: 'PRINCIPAL', entity: C, status: 'ASSOCIATING', external: true, createdAt: 5_000, updatedAt: 5_000 }],
        invitations: [
          { arn: `arn:aws:ram:${R}:${B}:resource-share-invitation/old`, receiverAccountId: C, status: 'REJECTED', createdAt: 1_000 },
          { arn: `arn:aws:ram:${R}:${B}:resource-share-invitation/new`, receiverAccountId: C, status: 'PENDING', createdAt: 5_000 },
        ],
      });
      await store.saveShare(s);
      assert.deepEqual(await store.sharesByKey(shareKeys.invited(C), 5_000 + INVITATION_LIFETIME_MS - 1), [s]);
      assert.deepEqual(await store.sharesByKey(shareKeys.invited(C), 5_000 + INVITATION_LIFETIME_MS), [], 'the entry lapses with the invitation');
      assert.deepEqual(await store.sharesByKey(shareKeys.consumer(C), 5_000), [], 'an invited account is not a consumer until it accepts');
      assert.deepEqual(await store.sharesByKey(shareKeys.invitation(s.invitations[0]!.arn), 10 * INVITATION_LIFETIME_MS), [s], 'an invitation is found by its ARN for good');
      const accepted = {
        ...s,
        associations: [{ ...s.associations[0]!, status: 'ASSOCIATED' as const }],
        invitations: [s.invitations[0]!, { ...s.invitations[1]!, status: 'ACCEPTED' as const }],
        revision: 2,
      };
      await store.saveShare(accepted);
      assert.deepEqual(await store.sharesByKey(shareKeys.invited(C), 5_000), [], 'an answered invitation no longer finds the share');
      assert.deepEqual(await store.sharesByKey(shareKeys.consumer(C), 10 * INVITATION_LIFETIME_MS), [accepted]);
    }));

    it('keeps every character of names and tags', withStore(async (store) => {
      const s = share('text', { name: 'ünïcode – "quoted" \\ back', tags: [{ key: 'k:ü', value: '' }] });
      await store.saveShare(s);
      assert.deepEqual(await store.getShare(s.arn), s);
    }));

    it('lets one of two concurrent saves from the same revision win', withStore(async (store) => {
      const s = share('race');
      await store.saveShare(s);
      const results = await Promise.allSettled([store.saveShare({ ...s, name: 'x', revision: 2 }), store.saveShare({ ...s, name: 'y', revision: 2 })]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(lost.reason instanceof ShareConflictError);
    }));
  });
}
