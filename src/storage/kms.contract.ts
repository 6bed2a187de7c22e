import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AliasExistsError, KeyConflictError, type KmsGrant, type KmsKeyDocument, type KmsStore } from './kms.js';

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

let grantSeq = 0;
function grant(over: Partial<KmsGrant> = {}): KmsGrant {
  grantSeq += 1;
  return {
    grantId: grantSeq.toString(16).padStart(64, '0'),
    accountId: A,
    region: R,
    keyId: 'k1',
    granteePrincipal: `arn:aws:iam::${B}:role/consumer`,
    issuingAccount: `arn:aws:iam::${A}:root`,
    operations: ['Decrypt', 'DescribeKey'],
    constraints: { EncryptionContextSubset: { purpose: 'ünïcode' } },
    principalBindings: { [`arn:aws:iam::${B}:role/consumer`]: 'AROACONSUMER' },
    createdAt: 1_000 + grantSeq,
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

    it('keeps grants under their key and lists them by creation, a page after a cursor, one grantee’s, or those a principal may retire in a region', withStore(async (store) => {
      const retiring = `arn:aws:iam::${B}:user/retirer`;
      const first = grant({ retiringPrincipal: retiring, name: 'first' });
      const second = grant({ granteePrincipal: `arn:aws:iam::${A}:root`, principalBindings: {} });
      const sameMs = grant({ createdAt: second.createdAt, grantId: 'f'.repeat(64), retiringPrincipal: retiring });
      const otherKey = grant({ keyId: 'k2', retiringPrincipal: retiring });
      const otherAccount = grant({ accountId: B, retiringPrincipal: retiring, issuingAccount: `arn:aws:iam::${B}:root` });
      const elsewhere = grant({ region: 'eu-west-1', retiringPrincipal: retiring });
      for (const g of [sameMs, second, first, otherKey, otherAccount, elsewhere]) assert.equal((await store.createGrant(g)).created, true);

      assert.deepEqual(await store.getGrant(A, R, 'k1', first.grantId), first, 'the document comes back whole');
      assert.equal(await store.getGrant(A, R, 'k2', first.grantId), undefined, 'under its own key only');
      const ids = (gs: KmsGrant[]) => gs.map((g) => g.grantId);
      assert.deepEqual(ids(await store.listGrants(A, R, 'k1', { limit: 10 })), ids([first, second, sameMs]), 'by creation, then id');
      const page = await store.listGrants(A, R, 'k1', { limit: 2 });
      assert.deepEqual(ids(await store.listGrants(A, R, 'k1', { limit: 2, after: { createdAt: page[1]!.createdAt, grantId: page[1]!.grantId } })), [sameMs.grantId]);
      assert.deepEqual(ids(await store.listGrants(A, R, 'k1', { limit: 10, granteePrincipal: `arn:aws:iam::${A}:root` })), [second.grantId]);
      assert.deepEqual(ids(await store.listRetirableGrants(R, retiring, { limit: 10 })), ids([first, sameMs, otherKey, otherAccount]), 'any account’s keys, this region only');
      assert.deepEqual(ids(await store.listRetirableGrants(R, retiring, { limit: 10, after: { createdAt: sameMs.createdAt, grantId: sameMs.grantId } })), ids([otherKey, otherAccount]));
      assert.deepEqual(await store.listRetirableGrants(R, `arn:aws:iam::${B}:user/other`, { limit: 10 }), []);

      assert.deepEqual(ids(await store.grantsFor(A, R, 'k1', [`arn:aws:iam::${B}:role/consumer`, `arn:aws:iam::${B}:root`])), ids([first, sameMs]));
      assert.deepEqual(await store.grantsFor(A, R, 'k1', []), []);
      assert.equal(await store.countGrants(A, R, 'k1'), 3);
      assert.equal(await store.countGrants(A, R, 'k1', { granteePrincipal: `arn:aws:iam::${B}:role/consumer` }), 2);
      assert.equal(await store.countGrants(A, R, 'k1', { issuingAccount: `arn:aws:iam::${A}:root` }), 3);
      assert.equal(await store.countGrants(B, R, 'k1', { issuingAccount: `arn:aws:iam::${A}:root` }), 0);

      assert.equal(await store.deleteGrant(A, R, 'k1', first.grantId), true);
      assert.equal(await store.deleteGrant(A, R, 'k1', first.grantId), false);
      assert.equal(await store.deleteKeyGrants(A, R, 'k1'), 2);
      assert.equal(await store.countGrants(A, R, 'k1'), 0);
      assert.equal(await store.countGrants(A, R, 'k2'), 1, 'another key keeps its grants');
    }));

    it('a named grant made again with the same digest on the same key is the one made first, even when two are made at once', withStore(async (store) => {
      const named = grant({ name: 'retry-me', idempotencyKey: 'digest-1' });
      assert.deepEqual(await store.createGrant(named), { grant: named, created: true });
      const again = await store.createGrant(grant({ name: 'retry-me', idempotencyKey: 'digest-1' }));
      assert.deepEqual(again, { grant: named, created: false });
      assert.equal((await store.createGrant(grant({ name: 'retry-me', idempotencyKey: 'digest-2' }))).created, true, 'other parameters: another grant');
      assert.equal((await store.createGrant(grant({ keyId: 'k2', name: 'retry-me', idempotencyKey: 'digest-1' }))).created, true, 'another key: another grant');
      assert.equal((await store.createGrant(grant())).created, true);
      assert.equal((await store.createGrant(grant())).created, true, 'unnamed grants never collide');
      const racing = await Promise.all([1, 2, 3].map(() => store.createGrant(grant({ idempotencyKey: 'digest-race' }))));
      assert.equal(racing.filter((r) => r.created).length, 1);
      assert.equal(new Set(racing.map((r) => r.grant.grantId)).size, 1, 'all three answer the one grant');
    }));
  });
}
