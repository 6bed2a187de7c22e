import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AliasExistsError, KeyConflictError, type KmsKeyDocument, type KmsStore } from './kms.js';

/** A fresh, empty store and how to let it go. */
export interface KmsStoreFixture {
  store: KmsStore;
  close(): Promise<void>;
}

const A = '111111111111';
const B = '222222222222';
const R = 'us-east-1';

function key(id: string, over: Partial<KmsKeyDocument> = {}): KmsKeyDocument {
  return {
    keyId: id,
    accountId: A,
    region: R,
    arn: `arn:aws:kms:${R}:${A}:key/${id}`,
    description: 'ünïcode – "quoted"',
    keyManager: 'CUSTOMER',
    state: 'Enabled',
    createdAt: 1_000,
    policy: '{"Version":"2012-10-17","Statement":[]}',
    tags: [{ TagKey: 'team', TagValue: 'ml' }],
    sealedMaterial: 'c2VhbGVk',
    revision: 1,
    ...over,
  };
}

/** The behaviour every {@link KmsStore} implementation must have, run from each implementation's test file. */
export function runKmsStoreContract(implementation: string, open: () => Promise<KmsStoreFixture>): void {
  const withStore = (fn: (s: KmsStore) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f.store);
    } finally {
      await f.close();
    }
  };

  describe(`KmsStore contract: ${implementation}`, () => {
    it('saves a key and reads back the same document, listed oldest first and counted per account and region', withStore(async (store) => {
      const older = key('b-older', { createdAt: 1_000 });
      const newer = key('a-newer', { createdAt: 2_000 });
      await store.saveKey(newer);
      await store.saveKey(older);
      await store.saveKey(key('elsewhere', { region: 'eu-west-1' }));
      await store.saveKey(key('other-account', { accountId: B }));
      assert.deepEqual(await store.getKey(A, R, 'a-newer'), newer);
      assert.equal(await store.getKey(B, R, 'a-newer'), undefined, 'another account does not find it');
      assert.equal(await store.getKey(A, 'eu-west-1', 'a-newer'), undefined, 'nor another region');
      assert.deepEqual((await store.listKeys(A, R)).map((k) => k.keyId), ['b-older', 'a-newer']);
      assert.equal(await store.countKeys(A, R), 2);
      assert.equal(await store.countKeys(B, 'eu-west-1'), 0);
    }));

    it('replaces a key only from the revision it was read at; of two concurrent saves one wins', withStore(async (store) => {
      const k = key('rev');
      await store.saveKey(k);
      await assert.rejects(store.saveKey(k), KeyConflictError, 'a second insert');
      await store.saveKey({ ...k, state: 'Disabled', revision: 2 });
      await assert.rejects(store.saveKey({ ...k, description: 'stale', revision: 2 }), KeyConflictError);
      assert.equal((await store.getKey(A, R, 'rev'))!.state, 'Disabled');
      const results = await Promise.allSettled([store.saveKey({ ...k, description: 'x', revision: 3 }), store.saveKey({ ...k, description: 'y', revision: 3 })]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason instanceof KeyConflictError);
    }));

    it('keeps alias names unique per account and region, moves and deletes them', withStore(async (store) => {
      const alias = { accountId: A, region: R, aliasName: 'alias/Team/data', targetKeyId: 'k1', createdAt: 1, updatedAt: 1 };
      await store.createAlias(alias);
      await assert.rejects(store.createAlias({ ...alias, targetKeyId: 'k2' }), AliasExistsError);
      await store.createAlias({ ...alias, accountId: B });
      await store.createAlias({ ...alias, aliasName: 'alias/Team/Data' });
      await store.createAlias({ ...alias, aliasName: 'alias/a' });
      assert.deepEqual((await store.listAliases(A, R)).map((a) => a.aliasName), ['alias/Team/Data', 'alias/Team/data', 'alias/a'], 'byte order; names are case-sensitive');
      assert.equal(await store.updateAlias(A, R, 'alias/Team/data', 'k2', 5), true);
      assert.deepEqual(await store.getAlias(A, R, 'alias/Team/data'), { ...alias, targetKeyId: 'k2', updatedAt: 5 });
      assert.equal(await store.updateAlias(A, R, 'alias/none', 'k2', 5), false);
      assert.equal(await store.deleteAlias(A, R, 'alias/Team/data'), true);
      assert.equal(await store.deleteAlias(A, R, 'alias/Team/data'), false);
      assert.equal(await store.getAlias(A, R, 'alias/Team/data'), undefined);
      assert.equal((await store.getAlias(B, R, 'alias/Team/data'))!.targetKeyId, 'k1');
    }));
  });
}
