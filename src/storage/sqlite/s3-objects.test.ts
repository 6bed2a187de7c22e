import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { StoredObject } from '../s3-objects.js';
import { openDatabase } from './database.js';
import { LocalObjectStore } from './s3-objects.js';

async function withStore(run: (store: LocalObjectStore, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-objects-'));
  const db = openDatabase(dir);
  try {
    await run(await LocalObjectStore.open(db, join(dir, 'objects')), dir);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function blob(store: LocalObjectStore, content: string): Promise<string> {
  const w = await store.blobs.create();
  await w.write(Buffer.from(content));
  return w.commit();
}

function object(key: string, blobId: string, over: Partial<StoredObject> = {}): StoredObject {
  return {
    bucket: 'b',
    key,
    size: 1,
    etag: 'e',
    lastModified: new Date(1_700_000_000_000),
    headers: { contentType: 'text/plain' },
    metadata: { a: '1' },
    ownerAccountId: '111111111111',
    ownerCanonicalId: 'c',
    storageClass: 'STANDARD',
    tags: [],
    blobId,
    ...over,
  };
}

describe('LocalObjectStore', () => {
  it('stores, reads ranges of, replaces and deletes objects', () =>
    withStore(async (store) => {
      const first = await blob(store, 'hello world');
      assert.deepEqual(store.meta.putObject(object('k', first)), {});
      const reader = (await store.blobs.open(first))!;
      assert.equal(reader.size, 11);
      assert.equal(await text(reader.stream({ start: 6, end: 10 })), 'world');
      const second = await blob(store, 'bye');
      assert.deepEqual(store.meta.putObject(object('k', second)), { replacedBlobId: first });
      assert.deepEqual(store.meta.getObject('b', 'k'), object('k', second));
      assert.equal(store.meta.deleteObject('b', 'k')?.blobId, second);
      assert.equal(store.meta.getObject('b', 'k'), undefined);
      assert.ok(store.bucketIsEmpty('b'));
    }));

  it('a conditional write that throws leaves the stored object alone', () =>
    withStore(async (store) => {
      store.meta.putObject(object('k', await blob(store, 'a')));
      assert.throws(() => store.meta.putObject(object('k', 'f'.repeat(32)), () => {
        throw new Error('precondition');
      }));
      assert.notEqual(store.meta.getObject('b', 'k')?.blobId, 'f'.repeat(32));
    }));

  it('lists in UTF-8 byte order within a prefix, after a marker', () =>
    withStore(async (store) => {
      for (const key of ['a/1', 'a/2', 'b', '\u{1F600}', '\uFF61', 'a0']) store.meta.putObject(object(key, 'f'.repeat(32)));
      const keys = (opts: { prefix: string; after?: string }) => store.meta.listObjects('b', { ...opts, limit: 100 }).map((o) => o.key);
      assert.deepEqual(keys({ prefix: '' }), ['a/1', 'a/2', 'a0', 'b', '\uFF61', '\u{1F600}']);
      assert.deepEqual(keys({ prefix: 'a/' }), ['a/1', 'a/2']);
      assert.deepEqual(keys({ prefix: 'a/', after: 'a/1' }), ['a/2']);
      assert.deepEqual(keys({ prefix: 'a', after: '0' }), ['a/1', 'a/2', 'a0']);
    }));

  it('completes a multipart upload in one step and drops a bucket with its uploads', () =>
    withStore(async (store) => {
      const upload = {
        uploadId: 'u1', bucket: 'b', key: 'k', initiated: new Date(), headers: {}, metadata: {},
        ownerAccountId: '1', ownerCanonicalId: 'c', initiatorArn: 'arn', initiatorId: 'id', storageClass: 'STANDARD', tags: [],
      };
      store.meta.createUpload(upload);
      const p1 = await blob(store, 'p1');
      assert.deepEqual(store.meta.putPart({ uploadId: 'u1', partNumber: 1, size: 2, etag: 'x', lastModified: new Date(), blobId: p1 }), { stored: true });
      assert.equal(store.meta.putPart({ uploadId: 'nope', partNumber: 1, size: 2, etag: 'x', lastModified: new Date(), blobId: p1 }).stored, false);
      const done = store.meta.completeUpload('u1', object('k', await blob(store, 'all')));
      assert.deepEqual(done, { obsoleteBlobIds: [p1] });
      assert.equal(store.meta.getUpload('u1'), undefined);
      assert.equal(store.meta.completeUpload('u1', object('k', 'f'.repeat(32))), undefined);
      store.meta.createUpload({ ...upload, uploadId: 'u2' });
      assert.deepEqual(store.meta.listUploads('b', { prefix: '', limit: 10 }).map((u) => u.uploadId), ['u2']);
      store.dropBucket('b');
      assert.equal(store.meta.getUpload('u2'), undefined);
      assert.ok(store.bucketIsEmpty('b'));
    }));

  it('on open, throws away temp files and files no metadata names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-objects-'));
    try {
      const db = openDatabase(dir);
      const store = await LocalObjectStore.open(db, join(dir, 'objects'));
      const kept = await blob(store, 'kept');
      store.meta.putObject(object('k', kept));
      const orphan = await blob(store, 'orphan');
      const w = await store.blobs.create();
      await w.write(Buffer.from('half'));
      writeFileSync(join(dir, 'objects', 'blobs', '00', 'not-a-blob'), 'x');
      await LocalObjectStore.open(db, join(dir, 'objects'));
      assert.deepEqual(readdirSync(join(dir, 'objects', 'tmp')), []);
      assert.ok(existsSync(join(dir, 'objects', 'blobs', kept.slice(0, 2), kept)));
      assert.ok(!existsSync(join(dir, 'objects', 'blobs', orphan.slice(0, 2), orphan)));
      assert.ok(!existsSync(join(dir, 'objects', 'blobs', '00', 'not-a-blob')));
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
