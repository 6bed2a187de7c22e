import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MultipartUpload, ObjectMetadataStore, StoredObject, StoredPart, WriteCondition } from './s3-objects.js';

/** A fresh, empty metadata store, a second one over the same state (another process's), and how to let them go. */
export interface ObjectMetadataFixture {
  meta: ObjectMetadataStore;
  other: ObjectMetadataStore;
  close(): Promise<void>;
}

/** A blob id as the blob store makes them: 32 hex digits. */
export const blobIdOf = (n: number): string => n.toString(16).padStart(32, '0');

export function object(key: string, blobId: string, over: Partial<StoredObject> = {}): StoredObject {
  return {
    bucket: 'b', key, size: 1, etag: 'e', lastModified: new Date(1_700_000_000_000), headers: { contentType: 'text/plain' }, metadata: { a: '1' },
    ownerAccountId: '111111111111', ownerCanonicalId: 'c', storageClass: 'STANDARD', tags: [], blobId, ...over,
  };
}

export function upload(uploadId: string, over: Partial<MultipartUpload> = {}): MultipartUpload {
  return {
    uploadId, bucket: 'b', key: 'k', initiated: new Date(1_700_000_000_123), headers: {}, metadata: {},
    ownerAccountId: '1', ownerCanonicalId: 'c', initiatorArn: 'arn', initiatorId: 'id', storageClass: 'STANDARD', tags: [], ...over,
  };
}

export function part(uploadId: string, partNumber: number, blobId: string, over: Partial<StoredPart> = {}): StoredPart {
  return { uploadId, partNumber, size: 5, etag: `etag${partNumber}`, lastModified: new Date(1_700_000_001_000), blobId, ...over };
}

class PreconditionFailed extends Error {}
/** If-None-Match: * as the S3 service checks it. */
const ifNoneMatch: WriteCondition = (current) => {
  if (current) throw new PreconditionFailed('exists');
};
/** If-Match: `etag`. */
const ifMatch = (etag: string): WriteCondition => (current) => {
  if (current?.etag !== etag) throw new PreconditionFailed(`not ${etag}`);
};

/**
 * The behaviour every {@link ObjectMetadataStore} must have, derived from the SQLite store's.
 * Run it from the implementation's own test file with a factory that opens an empty store; its
 * blob directory side is {@link runObjectStoreContract}'s.
 *
 * @example
 * runObjectMetadataStoreContract('SQLite', async () => ({ meta, other, close }));
 */
export function runObjectMetadataStoreContract(implementation: string, open: () => Promise<ObjectMetadataFixture>): void {
  const withStore = (fn: (f: ObjectMetadataFixture) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f);
    } finally {
      await f.close();
    }
  };

  describe(`ObjectMetadataStore contract: ${implementation}`, () => {
    it('puts, reads back, replaces and deletes an object, with every optional field', withStore(async ({ meta, other }) => {
      const full = object('k', blobIdOf(1), {
        size: 5_000_000_000, checksum: { algorithm: 'CRC32', value: 'AAAAAA==', type: 'FULL_OBJECT' }, acl: { ownerId: 'c', grants: [{ grantee: { type: 'CanonicalUser', id: 'd' }, permission: 'READ' }] },
        tags: [{ Key: 't', Value: 'v' }], partSizes: [5, 6], headers: { contentType: 'a/b', cacheControl: 'no-cache', expires: 'x' }, metadata: { 'x-y': 'ü' },
      });
      assert.deepEqual(await meta.putObject(full), {});
      assert.deepEqual(await other.getObject('b', 'k'), full);
      assert.equal(await meta.bucketIsEmpty('b'), false);
      assert.deepEqual(await other.putObject(object('k', blobIdOf(2))), { replacedBlobId: blobIdOf(1) });
      assert.deepEqual(await meta.getObject('b', 'k'), object('k', blobIdOf(2)));
      assert.deepEqual(await meta.putObject(object('k', blobIdOf(2), { etag: 'same blob' })), {}, 'the same blob is not reported replaced');
      assert.equal((await meta.deleteObject('b', 'k'))?.etag, 'same blob');
      assert.equal(await meta.deleteObject('b', 'k'), undefined);
      assert.equal(await other.getObject('b', 'k'), undefined);
      assert.ok(await meta.bucketIsEmpty('b'));
    }));

    it('runs a write\'s condition against the stored object; one that throws changes nothing', withStore(async ({ meta }) => {
      await assert.rejects(meta.putObject(object('k', blobIdOf(1)), ifMatch('e')), PreconditionFailed, 'If-Match on no object fails');
      assert.equal(await meta.getObject('b', 'k'), undefined);
      await meta.putObject(object('k', blobIdOf(1)), ifNoneMatch);
      await assert.rejects(meta.putObject(object('k', blobIdOf(2)), ifNoneMatch), PreconditionFailed);
      await assert.rejects(meta.putObject(object('k', blobIdOf(2)), ifMatch('other')), PreconditionFailed);
      assert.equal((await meta.getObject('b', 'k'))?.blobId, blobIdOf(1));
      assert.deepEqual(await meta.putObject(object('k', blobIdOf(3), { etag: 'e2' }), ifMatch('e')), { replacedBlobId: blobIdOf(1) });
      assert.equal((await meta.getObject('b', 'k'))?.etag, 'e2');
    }));

    it('of many If-None-Match: * puts of one key from two stores at once, exactly one wins', withStore(async ({ meta, other }) => {
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : meta).putObject(object('race', blobIdOf(100 + i)), ifNoneMatch)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof PreconditionFailed, String(r.reason));
      assert.equal((await meta.getObject('b', 'race'))?.blobId, blobIdOf(100 + won[0]!));
    }));

    it('of many If-Match puts against one version from two stores at once, exactly one wins', withStore(async ({ meta, other }) => {
      await meta.putObject(object('race', blobIdOf(1), { etag: 'v1' }));
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : meta).putObject(object('race', blobIdOf(100 + i), { etag: `v2-${i}` }), ifMatch('v1'))));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(won.length, 1);
      assert.deepEqual((results[won[0]!] as PromiseFulfilledResult<unknown>).value, { replacedBlobId: blobIdOf(1) });
      assert.equal((await meta.getObject('b', 'race'))?.etag, `v2-${won[0]!}`);
    }));

    it('changes an object\'s ACL or tags in place, keeping the rest; false when it is gone', withStore(async ({ meta, other }) => {
      const acl = { ownerId: 'c', grants: [{ grantee: { type: 'Group' as const, uri: 'u' }, permission: 'READ' as const }] };
      await meta.putObject(object('k', blobIdOf(1), { acl, tags: [{ Key: 'a', Value: 'b' }] }));
      assert.equal(await other.updateObject('b', 'k', { tags: [{ Key: 'c', Value: 'd' }] }), true);
      assert.deepEqual(await meta.getObject('b', 'k'), object('k', blobIdOf(1), { acl, tags: [{ Key: 'c', Value: 'd' }] }));
      assert.equal(await meta.updateObject('b', 'k', { acl: { ownerId: 'c', grants: [] } }), true);
      assert.deepEqual(await meta.getObject('b', 'k'), object('k', blobIdOf(1), { acl: { ownerId: 'c', grants: [] }, tags: [{ Key: 'c', Value: 'd' }] }));
      assert.equal(await meta.updateObject('b', 'gone', { tags: [] }), false);
      assert.equal(await meta.getObject('b', 'gone'), undefined);
    }));

    it('lists in UTF-8 byte order within a prefix, after a marker, up to a limit, one bucket only', withStore(async ({ meta, other }) => {
      for (const key of ['a/1', 'a/2', 'b', '\u{1F600}', '\uFF61', 'a0', 'A', 'a']) await meta.putObject(object(key, blobIdOf(1)));
      await meta.putObject(object('a/3', blobIdOf(1), { bucket: 'elsewhere' }));
      const keys = async (opts: { prefix: string; after?: string; limit?: number }) => (await other.listObjects('b', { limit: 100, ...opts })).map((o) => o.key);
      assert.deepEqual(await keys({ prefix: '' }), ['A', 'a', 'a/1', 'a/2', 'a0', 'b', '\uFF61', '\u{1F600}']);
      assert.deepEqual(await keys({ prefix: 'a/' }), ['a/1', 'a/2']);
      assert.deepEqual(await keys({ prefix: 'a/', after: 'a/1' }), ['a/2']);
      assert.deepEqual(await keys({ prefix: 'a', after: '0' }), ['a', 'a/1', 'a/2', 'a0']);
      assert.deepEqual(await keys({ prefix: '', after: 'a0', limit: 2 }), ['b', '\uFF61']);
      assert.deepEqual(await keys({ prefix: '\uFF61' }), ['\uFF61']);
      assert.deepEqual(await keys({ prefix: 'c' }), []);
      assert.deepEqual((await meta.listObjects('b', { prefix: '', limit: 100 }))[0], object('A', blobIdOf(1)), 'whole objects');
    }));

    it('keeps a multipart upload and its parts: replaced parts reported, none for a missing upload', withStore(async ({ meta, other }) => {
      const u = upload('u1', { headers: { contentType: 'x/y' }, metadata: { m: 'n' }, checksumAlgorithm: 'SHA256', checksumType: 'COMPOSITE', tags: [{ Key: 'a', Value: 'b' }] });
      await meta.createUpload(u);
      assert.deepEqual(await other.getUpload('u1'), u);
      assert.equal(await meta.getUpload('u2'), undefined);
      assert.deepEqual(await meta.putPart(part('u1', 2, blobIdOf(2))), { stored: true });
      const checksum = { algorithm: 'SHA256' as const, value: 'abc=', type: 'COMPOSITE' as const };
      assert.deepEqual(await other.putPart(part('u1', 1, blobIdOf(1), { checksum })), { stored: true });
      assert.deepEqual(await meta.putPart(part('u1', 2, blobIdOf(3), { size: 7 })), { stored: true, replacedBlobId: blobIdOf(2) });
      assert.deepEqual(await meta.putPart(part('nope', 1, blobIdOf(4))), { stored: false });
      assert.deepEqual(await meta.listParts('nope'), []);
      assert.deepEqual(await other.listParts('u1'), [part('u1', 1, blobIdOf(1), { checksum }), part('u1', 2, blobIdOf(3), { size: 7 })]);
      assert.deepEqual((await meta.listParts('u1', { afterPart: 1 })).map((p) => p.partNumber), [2]);
      assert.deepEqual((await meta.listParts('u1', { limit: 1 })).map((p) => p.partNumber), [1]);
    }));

    it('completes an upload once: the object appears, the upload goes, parts and the replaced object are obsolete', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(9)));
      await meta.createUpload(upload('u1'));
      await meta.putPart(part('u1', 2, blobIdOf(2)));
      await meta.putPart(part('u1', 1, blobIdOf(1)));
      const done = await meta.completeUpload('u1', object('k', blobIdOf(10), { partSizes: [5, 5] }));
      assert.deepEqual(done, { obsoleteBlobIds: [blobIdOf(1), blobIdOf(2), blobIdOf(9)] });
      assert.deepEqual(await other.getObject('b', 'k'), object('k', blobIdOf(10), { partSizes: [5, 5] }));
      assert.equal(await other.getUpload('u1'), undefined);
      assert.deepEqual(await other.listParts('u1'), []);
      assert.equal(await other.completeUpload('u1', object('k', blobIdOf(11))), undefined);
      assert.equal((await meta.getObject('b', 'k'))?.blobId, blobIdOf(10));
      assert.deepEqual(await meta.putPart(part('u1', 3, blobIdOf(3))), { stored: false });
    }));

    it('a completion whose condition fails changes nothing: the upload and its parts stay', withStore(async ({ meta }) => {
      await meta.putObject(object('k', blobIdOf(9)));
      await meta.createUpload(upload('u1'));
      await meta.putPart(part('u1', 1, blobIdOf(1)));
      await assert.rejects(meta.completeUpload('u1', object('k', blobIdOf(10)), ifNoneMatch), PreconditionFailed);
      assert.equal((await meta.getObject('b', 'k'))?.blobId, blobIdOf(9));
      assert.deepEqual((await meta.listParts('u1')).map((p) => p.blobId), [blobIdOf(1)]);
      assert.deepEqual(await meta.completeUpload('u1', object('k', blobIdOf(10)), ifMatch('e')), { obsoleteBlobIds: [blobIdOf(1), blobIdOf(9)] });
    }));

    it('of many completions of one upload from two stores at once, exactly one succeeds', withStore(async ({ meta, other }) => {
      await meta.createUpload(upload('u1'));
      await meta.putPart(part('u1', 1, blobIdOf(1)));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : meta).completeUpload('u1', object('k', blobIdOf(100 + i)))));
      const won = results.flatMap((r, i) => (r ? [i] : []));
      assert.equal(won.length, 1);
      assert.deepEqual(results[won[0]!], { obsoleteBlobIds: [blobIdOf(1)] });
      assert.equal((await meta.getObject('b', 'k'))?.blobId, blobIdOf(100 + won[0]!));
    }));

    it('aborts an upload once, returning its parts\' blobs', withStore(async ({ meta, other }) => {
      await meta.createUpload(upload('u1'));
      await meta.putPart(part('u1', 1, blobIdOf(1)));
      await meta.putPart(part('u1', 2, blobIdOf(2)));
      assert.deepEqual(await other.abortUpload('u1'), [blobIdOf(1), blobIdOf(2)]);
      assert.equal(await meta.abortUpload('u1'), undefined);
      assert.equal(await meta.getUpload('u1'), undefined);
      assert.deepEqual(await meta.listParts('u1'), []);
      assert.equal(await meta.isBlobReferenced(blobIdOf(1)), false);
    }));

    it('lists uploads by key and upload id, within a prefix, after the key and upload-id markers', withStore(async ({ meta, other }) => {
      for (const [id, key] of [['u3', 'a/1'], ['u1', 'a/1'], ['u2', 'a/2'], ['u4', 'b'], ['u5', 'a0']] as const) await meta.createUpload(upload(id, { key }));
      await meta.createUpload(upload('u6', { bucket: 'elsewhere', key: 'a/1' }));
      const ids = async (opts: { prefix: string; keyMarker?: string; uploadIdMarker?: string; limit?: number }) =>
        (await other.listUploads('b', { limit: 100, ...opts })).map((u) => u.uploadId);
      assert.deepEqual(await ids({ prefix: '' }), ['u1', 'u3', 'u2', 'u5', 'u4']);
      assert.deepEqual(await ids({ prefix: 'a/' }), ['u1', 'u3', 'u2']);
      assert.deepEqual(await ids({ prefix: '', keyMarker: 'a/1' }), ['u2', 'u5', 'u4'], 'without an upload-id-marker the marker key is skipped');
      assert.deepEqual(await ids({ prefix: '', keyMarker: 'a/1', uploadIdMarker: 'u1' }), ['u3', 'u2', 'u5', 'u4']);
      assert.deepEqual(await ids({ prefix: 'a', keyMarker: '0', limit: 2 }), ['u1', 'u3']);
      assert.deepEqual((await meta.listUploads('b', { prefix: 'b', limit: 10 }))[0], upload('u4', { key: 'b' }), 'whole uploads');
    }));

    it('drops a bucket\'s objects and uploads, returning their blobs, and nothing of another bucket', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k1', blobIdOf(1)));
      await meta.putObject(object('k2', blobIdOf(2)));
      await meta.createUpload(upload('u1'));
      await meta.putPart(part('u1', 1, blobIdOf(3)));
      await meta.putObject(object('k1', blobIdOf(4), { bucket: 'kept' }));
      await meta.createUpload(upload('u2', { bucket: 'kept' }));
      await meta.putPart(part('u2', 1, blobIdOf(5)));
      assert.deepEqual((await other.dropBucket('b')).sort(), [blobIdOf(1), blobIdOf(2), blobIdOf(3)]);
      assert.ok(await meta.bucketIsEmpty('b'));
      assert.equal(await meta.getUpload('u1'), undefined);
      assert.deepEqual(await meta.listUploads('b', { prefix: '', limit: 10 }), []);
      assert.equal(await meta.isBlobReferenced(blobIdOf(3)), false);
      assert.equal(await meta.bucketIsEmpty('kept'), false);
      assert.deepEqual((await meta.listParts('u2')).map((p) => p.blobId), [blobIdOf(5)]);
      assert.deepEqual(await meta.dropBucket('b'), []);
    }));

    it('knows which blobs objects and parts name', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1)));
      await meta.createUpload(upload('u1'));
      await meta.putPart(part('u1', 1, blobIdOf(2)));
      assert.equal(await other.isBlobReferenced(blobIdOf(1)), true);
      assert.equal(await other.isBlobReferenced(blobIdOf(2)), true);
      assert.equal(await other.isBlobReferenced(blobIdOf(3)), false);
    }));
  });
}
