import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command,
  ListPartsCommand, PutObjectCommand, UploadPartCommand, CompleteMultipartUploadCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, TEST_SHAPE, type AccountKeys } from './harness.js';
import { bodyBytes, fails, patterned, s3 } from './s3-objects-helpers.js';

const MiB = 1024 * 1024;
const Bucket = 'crash';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A body that trickles out (1 MiB every 50 ms) so that the upload is still in flight when the server dies. */
function trickle(size: number, seed: number): Readable {
  let sent = 0;
  return new Readable({
    async read() {
      if (sent >= size) return void this.push(null);
      await sleep(50);
      const n = Math.min(MiB, size - sent);
      this.push(patterned(n, seed + sent));
      sent += n;
    },
  });
}

/** The files under `dir`, at any depth (the shared shape keeps each process's uploads in tmp/<host>-<pid>/). */
function files(dir: string): Array<{ name: string; size: number }> {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => ({ name, stat: statSync(join(dir, name)) }))
      .filter((f) => f.stat.isFile())
      .map((f) => ({ name: f.name, size: f.stat.size }));
  } catch {
    return [];
  }
}

function blobCount(dataDir: string): number {
  const root = join(dataDir, 'objects', 'blobs');
  return readdirSync(root).reduce((n, d) => n + readdirSync(join(root, d)).length, 0);
}

describe('S3 uploads survive kill -9: no partial object, every acknowledged one intact, no file left over', () => {
  let dataDir = '';
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL', false);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('kills the server during large PutObjects, UploadParts and a stream of small writes', { timeout: 120_000 }, async (t) => {
    const first = await ServerProcess.start();
    servers.push(first);
    dataDir = first.dataDir;
    const a: AccountKeys = createAccount(dataDir, 'crash');
    const client: S3Client = s3(first.url, a);
    await client.send(new CreateBucketCommand({ Bucket }));

    // Acknowledged before anything goes wrong: objects of several sizes and two parts of an upload.
    const acknowledged = new Map<string, string>();
    for (const [i, size] of [0, 1, 4096, MiB + 1, 3 * MiB].entries()) {
      const body = patterned(size, i * 1000);
      await client.send(new PutObjectCommand({ Bucket, Key: `before/${i}`, Body: body }));
      acknowledged.set(`before/${i}`, sha(body));
    }
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'multipart/target' }));
    const partBodies = [patterned(5 * MiB, 11), patterned(5 * MiB, 12)];
    const partEtags: string[] = [];
    for (const [i, Body] of partBodies.entries()) partEtags.push((await client.send(new UploadPartCommand({ Bucket, Key: 'multipart/target', UploadId, PartNumber: i + 1, Body }))).ETag!);

    // In flight when the server dies: four slow 64 MiB PutObjects and a slow part 3.
    const inFlight = ['big/0', 'big/1', 'big/2', 'big/3'];
    const slow = inFlight.map((Key, i) =>
      client.send(new PutObjectCommand({ Bucket, Key, Body: trickle(64 * MiB, i), ContentLength: 64 * MiB })).then(() => Key, () => undefined),
    );
    const slowPart = client.send(new UploadPartCommand({ Bucket, Key: 'multipart/target', UploadId, PartNumber: 3, Body: trickle(64 * MiB, 99), ContentLength: 64 * MiB })).catch(() => undefined);
    // And a stream of small writes, each recorded only once S3 has answered it.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const body = patterned(16 * 1024 + i * 997, i);
        try {
          await client.send(new PutObjectCommand({ Bucket, Key: `stream/${i}`, Body: body }));
          acknowledged.set(`stream/${i}`, sha(body));
        } catch {
          return;
        }
      }
    })();

    const tmp = join(dataDir, 'objects', 'tmp');
    for (let waited = 0; files(tmp).filter((f) => f.size >= 16 * MiB).length < 5; waited += 100) {
      assert.ok(waited < 30_000, `uploads did not get under way: ${JSON.stringify(files(tmp))}`);
      await sleep(100);
    }
    await first.stop('SIGKILL', false);
    writing = false;
    const finished = (await Promise.all(slow)).filter((k) => k !== undefined);
    assert.deepEqual(finished, [], 'no slow upload could have finished');
    await Promise.all([writer, slowPart]);
    assert.ok(files(tmp).length > 0, 'the crash left temp files behind, for the restart to clean');
    t.diagnostic(`killed with ${files(tmp).length} uploads in flight, ${acknowledged.size} objects acknowledged`);

    const second = await ServerProcess.start({ dataDir });
    servers.push(second);
    try {
      const again = s3(second.url, a);
      assert.deepEqual(files(tmp), [], 'temp files of interrupted uploads are gone');
      for (const Key of inFlight) await fails(again.send(new HeadObjectCommand({ Bucket, Key })), 'NotFound', 404);
      for (const [Key, digest] of acknowledged) {
        const got = await bodyBytes(await again.send(new GetObjectCommand({ Bucket, Key })));
        assert.equal(sha(got), digest, `${Key} is intact`);
      }
      const listed = await again.send(new ListObjectsV2Command({ Bucket }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!);
      for (const key of keys) assert.ok(acknowledged.has(key) || key.startsWith('stream/'), `only written objects are visible: ${key}`);
      // A small write whose answer was lost may have committed: if it is there, it is whole.
      for (const key of keys.filter((k) => !acknowledged.has(k))) {
        const i = Number(key.split('/')[1]);
        assert.equal(sha(await bodyBytes(await again.send(new GetObjectCommand({ Bucket, Key: key })))), sha(patterned(16 * 1024 + i * 997, i)));
      }
      const parts = await again.send(new ListPartsCommand({ Bucket, Key: 'multipart/target', UploadId }));
      assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.ETag]), [[1, partEtags[0]], [2, partEtags[1]]]);
      assert.equal((await again.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.length, 1);
      // A blob renamed into place whose metadata never committed is an orphan; the shared shape
      // cannot tell it from another process's blob about to be named, and sweeps it after a day.
      if (TEST_SHAPE === 'sqlite') assert.equal(blobCount(dataDir), keys.length + 2, 'every file under objects/ belongs to an object or a stored part');
      else assert.ok(blobCount(dataDir) >= keys.length + 2, 'every object and stored part has its file');
      const Parts = partEtags.map((ETag, i) => ({ PartNumber: i + 1, ETag }));
      await again.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'multipart/target', UploadId, MultipartUpload: { Parts } }));
      const joined = await bodyBytes(await again.send(new GetObjectCommand({ Bucket, Key: 'multipart/target' })));
      assert.equal(sha(joined), sha(Buffer.concat(partBodies)));
    } finally {
      await second.stop();
    }
  });
});
