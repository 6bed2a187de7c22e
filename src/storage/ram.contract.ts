import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ShareConflictError, type ResourceShareDocument, type ResourceShareStore } from './ram.js';

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
      assert.deepEqual(await store.sharesNaming(GROUP), [s]);
      assert.deepEqual(await store.sharesNaming(A), [s]);
      assert.deepEqual(await store.sharesNaming(s.invitations[0]!.arn), [s]);
      assert.deepEqual(await store.sharesNaming(C), []);
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
      assert.deepEqual(await store.sharesNaming(A), [], 'A is no longer named');
      assert.deepEqual(await store.sharesNaming(C), [moved]);
      await assert.rejects(store.saveShare(share('absent', { revision: 3 })), ShareConflictError, 'a replace of a share never stored');
    }));

    it('lists shares oldest first and counts them per owner and region', withStore(async (store) => {
      const older = share('b-older', { createdAt: 1_000 });
      const newer = share('a-newer', { createdAt: 2_000 });
      await store.saveShare(newer);
      await store.saveShare(older);
      await store.saveShare(share('elsewhere', { region: 'eu-west-1', arn: `arn:aws:ram:eu-west-1:${B}:resource-share/elsewhere` }));
      assert.deepEqual((await store.sharesOwnedBy(B, R)).map((s) => s.arn), [older.arn, newer.arn]);
      assert.deepEqual((await store.sharesNaming(GROUP)).filter((s) => s.region === R).map((s) => s.arn), [older.arn, newer.arn]);
      assert.equal(await store.countOwnedBy(B, R), 2);
      assert.equal(await store.countOwnedBy(B, 'eu-west-1'), 1);
      assert.equal(await store.countOwnedBy(A, R), 0);
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
