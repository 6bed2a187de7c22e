import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { blobIdOf, object, part, upload, type ObjectMetadataFixture } from '../s3-objects.contract.js';
import { SHARED_SWEEP_MIN_AGE_MS, type BlobDirectorySharing } from './blob-store.js';
import { FileObjectStore } from './object-store.js';

async function blob(store: FileObjectStore, content: string): Promise<string> {
  const w = await store.blobs.create();
  await w.write(Buffer.from(content));
  return w.commit();
}

const blobPath = (dir: string, id: string) => join(dir, 'blobs', id.slice(0, 2), id);

/** Sets a file's times back by `ms`: a file written that long ago. */
function age(path: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  utimesSync(path, then, then);
}

/**
 * The object store as a whole — a {@link FileObjectStore} over the metadata store the factory
 * opens, and a blob directory — in both ways it is run: alone on its directory (the embedded
 * server) and sharing it with other server processes (PostgreSQL).
 *
 * @example
 * runObjectStoreContract('SQLite', async () => ({ meta, other, close }));
 */
export function runObjectStoreContract(implementation: string, open: () => Promise<ObjectMetadataFixture>): void {
  const withStore = (fn: (f: ObjectMetadataFixture & { dir: string; openStore(sharing: BlobDirectorySharing): Promise<FileObjectStore> }) => Promise<void>) => async () => {
    const f = await open();
    const dir = join(mkdtempSync(join(tmpdir(), 'sagelite-objects-')), 'objects');
    try {
      await fn({ ...f, dir, openStore: (sharing) => FileObjectStore.open(f.meta, dir, { sharing }) });
    } finally {
      await f.close();
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  };

  describe(`ObjectStore contract: blob files over ${implementation}`, () => {
    it('stores, reads ranges of, replaces and deletes objects', withStore(async ({ openStore }) => {
      const store = await openStore('exclusive');
      const first = await blob(store, 'hello world');
      assert.deepEqual(await store.meta.putObject(object('k', first)), {});
      const reader = (await store.blobs.open(first))!;
      assert.equal(reader.size, 11);
      assert.equal(await text(reader.stream({ start: 6, end: 10 })), 'world');
      const second = await blob(store, 'bye');
      const { replacedBlobId } = await store.meta.putObject(object('k', second));
      assert.equal(replacedBlobId, first);
      await store.discardBlobs([replacedBlobId!]);
      assert.equal(await store.blobs.open(first), undefined);
      assert.equal(await text((await store.blobs.open(second))!.stream()), 'bye');
      assert.equal((await store.meta.deleteObject('b', 'k'))?.blobId, second);
      assert.ok(await store.bucketIsEmpty('b'));
    }));

    it('drops a bucket with its objects\' and parts\' files, and no other bucket\'s', withStore(async ({ openStore, dir }) => {
      const store = await openStore('shared');
      const [obj, prt, kept] = [await blob(store, 'o'), await blob(store, 'p'), await blob(store, 'k')];
      await store.meta.putObject(object('k', obj));
      await store.meta.createUpload(upload('u1'));
      await store.meta.putPart(part('u1', 1, prt));
      await store.meta.putObject(object('k', kept, { bucket: 'kept' }));
      await store.dropBucket('b');
      assert.ok(!existsSync(blobPath(dir, obj)));
      assert.ok(!existsSync(blobPath(dir, prt)));
      assert.ok(existsSync(blobPath(dir, kept)));
      assert.ok(await store.bucketIsEmpty('b'));
    }));

    it('discarding never fails: a file already gone, or a name that is no blob, is passed over', withStore(async ({ openStore }) => {
      const store = await openStore('exclusive');
      await store.discardBlobs([blobIdOf(1), 'not a blob id']);
    }));

    it('materializes a blob as a file that keeps its bytes after the blob goes', withStore(async ({ openStore, dir }) => {
      const store = await openStore('exclusive');
      const id = await blob(store, 'bytes');
      const path = join(dir, '..', 'materialized');
      assert.equal(await store.blobs.materialize(id, path), true);
      await store.discardBlobs([id]);
      assert.equal(readFileSync(path, 'utf8'), 'bytes');
      assert.equal(await store.blobs.materialize(id, join(dir, '..', 'again')), false);
    }));

    it('alone on its directory, opening throws away every temp file and every file no metadata names', withStore(async ({ openStore, dir }) => {
      const store = await openStore('exclusive');
      const kept = await blob(store, 'kept');
      await store.meta.putObject(object('k', kept));
      const keptPart = await blob(store, 'part');
      await store.meta.createUpload(upload('u1'));
      await store.meta.putPart(part('u1', 1, keptPart));
      const orphan = await blob(store, 'orphan');
      const w = await store.blobs.create();
      await w.write(Buffer.from('half'));
      writeFileSync(join(dir, 'blobs', '00', 'not-a-blob'), 'x');
      await openStore('exclusive');
      assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
      assert.ok(existsSync(blobPath(dir, kept)));
      assert.ok(existsSync(blobPath(dir, keptPart)));
      assert.ok(!existsSync(blobPath(dir, orphan)));
      assert.ok(!existsSync(join(dir, 'blobs', '00', 'not-a-blob')));
      await w.abort();
    }));

    it('sharing its directory, opening throws away only leftovers too old to be another process\'s work in progress', withStore(async ({ openStore, dir }) => {
      const store = await openStore('shared');
      const kept = await blob(store, 'kept');
      await store.meta.putObject(object('k', kept));
      age(blobPath(dir, kept), 2 * SHARED_SWEEP_MIN_AGE_MS);
      // Another process's blob, renamed into place and not yet recorded; and its upload in progress.
      const fresh = await blob(store, 'fresh');
      const writing = await store.blobs.create();
      await writing.write(Buffer.from('in progress'));
      // Leftovers of a process that died long ago.
      const old = await blob(store, 'old');
      age(blobPath(dir, old), SHARED_SWEEP_MIN_AGE_MS + 60_000);
      writeFileSync(join(dir, 'tmp', 'stale.tmp'), 'x');
      age(join(dir, 'tmp', 'stale.tmp'), SHARED_SWEEP_MIN_AGE_MS + 60_000);
      writeFileSync(join(dir, 'blobs', '00', 'not-a-blob'), 'x');
      age(join(dir, 'blobs', '00', 'not-a-blob'), SHARED_SWEEP_MIN_AGE_MS + 60_000);
      const tempsBefore = readdirSync(join(dir, 'tmp')).length;

      await openStore('shared');
      assert.ok(existsSync(blobPath(dir, kept)), 'named: kept, however old');
      assert.ok(existsSync(blobPath(dir, fresh)), 'young and unnamed: another process may be about to name it');
      assert.ok(!existsSync(blobPath(dir, old)), 'old and unnamed: abandoned');
      assert.ok(!existsSync(join(dir, 'blobs', '00', 'not-a-blob')));
      assert.ok(!existsSync(join(dir, 'tmp', 'stale.tmp')));
      assert.equal(readdirSync(join(dir, 'tmp')).length, tempsBefore - 1, 'the upload in progress keeps its temp file');
      await writing.write(Buffer.from(', still'));
      const id = await writing.commit();
      assert.equal(readFileSync(blobPath(dir, id), 'utf8'), 'in progress, still');
    }));

    it('several processes open one shared directory at once, the first time', withStore(async ({ openStore, dir }) => {
      const stores = await Promise.all([openStore('shared'), openStore('shared'), openStore('shared')]);
      assert.equal(readdirSync(join(dir, 'blobs')).length, 256);
      for (const s of stores) assert.equal(await text((await s.blobs.open(await blob(s, 'x')))!.stream()), 'x');
    }));
  });
}
