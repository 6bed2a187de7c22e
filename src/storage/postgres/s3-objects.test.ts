import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { runObjectStoreContract } from '../files/object-store.contract.js';
import { runObjectVersionsContract } from '../s3-object-versions.contract.js';
import { blobIdOf, object, part, runObjectMetadataStoreContract, upload, type ObjectMetadataFixture } from '../s3-objects.contract.js';
import type { WriteCondition } from '../s3-objects.js';
import { PgDatabase } from './database.js';
import { ALL_SCHEMAS } from './schema.js';
import { PgObjectMetadataStore } from './s3-objects-meta.js';
import { LockHolder } from './s3-test-locks.js';

/**
 * One database for the whole file (creating one per test costs a second or more), emptied before
 * each test; the stores are over two pools on it: two server processes.
 */
let shared: Promise<{ url: string; db: PgDatabase; second: PgDatabase; close(): Promise<void> }> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

async function openPg(): Promise<ObjectMetadataFixture & { url: string }> {
  shared ??= openTestDatabase().then(async (t) => {
    const second = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 4 });
    const close = async () => {
      await second.close();
      await t.close();
    };
    return { ...t, second, close };
  });
  const { url, db, second } = await shared;
  await db.query('TRUNCATE s3_objects, s3_uploads, s3_parts, s3_object_versions');
  return { url, meta: new PgObjectMetadataStore(db), other: new PgObjectMetadataStore(second), close: async () => undefined };
}

runObjectMetadataStoreContract('PostgreSQL', openPg);
runObjectVersionsContract('PostgreSQL', openPg);
runObjectStoreContract('PostgreSQL', openPg);

const ifNoneMatch: WriteCondition = (current) => {
  if (current) throw new Error('PreconditionFailed');
};
const ROW = "INSERT INTO s3_objects VALUES ('b', 'k', $1, 1, 'held', 0, '1', 'STANDARD', '{\"headers\":{},\"metadata\":{},\"ownerCanonicalId\":\"c\",\"tags\":[]}')";

/**
 * Races made certain: a {@link LockHolder} stands for a process caught mid-write, the racers
 * (on two pools) are let go only once all of them wait behind it.
 */
describe('PgObjectMetadataStore: races between processes, made to happen', () => {
  it('an If-None-Match put that passed its check while another process\'s insert was uncommitted fails once that commits', async () => {
    const f = await openPg();
    try {
      const holder = await LockHolder.begin(f.url);
      await holder.query(ROW, [blobIdOf(1)]);
      const put = f.meta.putObject(object('k', blobIdOf(2)), ifNoneMatch).then(() => 'won', (e: Error) => e.message);
      await holder.waitForWaiters(1);
      await holder.end('COMMIT');
      assert.equal(await put, 'PreconditionFailed');
      assert.equal((await f.meta.getObject('b', 'k'))?.etag, 'held');
    } finally {
      await f.close();
    }
  });

  it('of two If-None-Match puts released together, exactly one wins', async () => {
    const f = await openPg();
    try {
      const holder = await LockHolder.begin(f.url);
      await holder.query(ROW, [blobIdOf(1)]);
      const puts = [f.meta, f.other].map((s, i) => s.putObject(object('k', blobIdOf(10 + i)), ifNoneMatch).then(() => i, () => undefined));
      await holder.waitForWaiters(2);
      await holder.end('ROLLBACK');
      const won = (await Promise.all(puts)).filter((i) => i !== undefined);
      assert.equal(won.length, 1);
      assert.equal((await f.meta.getObject('b', 'k'))?.blobId, blobIdOf(10 + won[0]!));
    } finally {
      await f.close();
    }
  });

  it('two completions of one upload released together: one completes, the other finds it gone', async () => {
    const f = await openPg();
    try {
      await f.meta.createUpload(upload('u1'));
      await f.meta.putPart(part('u1', 1, blobIdOf(1)));
      const holder = await LockHolder.begin(f.url);
      await holder.query("SELECT 1 FROM s3_uploads WHERE upload_id = 'u1' FOR UPDATE");
      const done = [f.meta, f.other].map((s, i) => s.completeUpload('u1', object('k', blobIdOf(10 + i))));
      await holder.waitForWaiters(2);
      await holder.end('ROLLBACK');
      const results = await Promise.all(done);
      assert.equal(results.filter((r) => r === undefined).length, 1);
      assert.deepEqual(results.find((r) => r !== undefined), { obsoleteBlobIds: [blobIdOf(1)] });
    } finally {
      await f.close();
    }
  });

  it('a part stored while the upload completes waits, then finds the upload gone; one stored before is reported obsolete', async () => {
    const f = await openPg();
    try {
      await f.meta.createUpload(upload('u1'));
      const holder = await LockHolder.begin(f.url);
      await holder.query("SELECT 1 FROM s3_uploads WHERE upload_id = 'u1' FOR KEY SHARE");
      await holder.query("INSERT INTO s3_parts VALUES ('u1', 1, $1, 5, 'x', 0, NULL)", [blobIdOf(1)]);
      const complete = f.meta.completeUpload('u1', object('k', blobIdOf(10)));
      await holder.waitForWaiters(1);
      await holder.end('COMMIT');
      assert.deepEqual(await complete, { obsoleteBlobIds: [blobIdOf(1)] }, 'the part committed while completion waited is not lost');
      assert.deepEqual(await f.other.putPart(part('u1', 2, blobIdOf(2))), { stored: false });
    } finally {
      await f.close();
    }
  });

  it('two stores replacing one part number released together: the loser learns of the blob it replaced', async () => {
    const f = await openPg();
    try {
      await f.meta.createUpload(upload('u1'));
      const holder = await LockHolder.begin(f.url);
      await holder.query("INSERT INTO s3_parts VALUES ('u1', 1, $1, 5, 'x', 0, NULL)", [blobIdOf(1)]);
      const puts = [f.meta, f.other].map((s, i) => s.putPart(part('u1', 1, blobIdOf(10 + i))));
      await holder.waitForWaiters(2);
      await holder.end('ROLLBACK');
      const results = await Promise.all(puts);
      const stored = (await f.meta.listParts('u1'))[0]!.blobId;
      const replaced = results.flatMap((r) => (r.replacedBlobId ? [r.replacedBlobId] : []));
      assert.deepEqual(replaced, [blobIdOf(10) === stored ? blobIdOf(11) : blobIdOf(10)], 'every blob but the stored one is reported replaced');
    } finally {
      await f.close();
    }
  });
});
