import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetBucketVersioningCommand, GetObjectAclCommand, GetObjectCommand,
  GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand,
  PutObjectTaggingCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { userWith } from './iam-helpers.js';
import { bodyBytes, fails, s3 } from './s3-objects-helpers.js';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const text = async (p: Promise<{ Body?: unknown }>) => (await bodyBytes(await p)).toString();
/** The headers of a HEAD that fails (the SDK's error keeps the raw answer as `$response`). */
async function failedHeadHeaders(url: string, creds: { accessKeyId: string; secretAccessKey: string }, bucket: string, key: string): Promise<{ status: number; headers: Record<string, string> }> {
  try {
    await s3(url, creds).send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (e) {
    const raw = (e as { $response?: { statusCode: number; headers: Record<string, string> } }).$response;
    if (raw) return { status: raw.statusCode, headers: raw.headers };
  }
  throw new Error('HEAD did not fail with an answer');
}
const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;

/**
 * S3 versioning (issue 16): versions, delete markers, ListObjectVersions, a version id on every
 * read, write, copy, delete, tagging and ACL operation, suspended versioning's null version, and
 * MFA delete refused — with the SDK's own paginating, across accounts (JS SDK v3).
 */
describe('S3 versioning (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'versions-owner-a');
    b = createAccount(server.dataDir, 'versions-reader-b');
  });
  after(() => server.stop());

  const versioned = async (bucket: string) => {
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: bucket }));
    await s3(server.url, a).send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  };

  it('keeps every version, reads each by id, and a delete marker hides the key until it is removed', async () => {
    const c = s3(server.url, a);
    await c.send(new CreateBucketCommand({ Bucket: 'v-life' }));
    assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: 'v-life' }))).Status, undefined);
    const before = await c.send(new PutObjectCommand({ Bucket: 'v-life', Key: 'k', Body: 'zero' }));
    assert.equal(before.VersionId, undefined, 'a bucket never versioned sends no version id');
    await c.send(new PutBucketVersioningCommand({ Bucket: 'v-life', VersioningConfiguration: { Status: 'Enabled' } }));
    const got = await c.send(new GetBucketVersioningCommand({ Bucket: 'v-life' }));
    assert.deepEqual([got.Status, got.MFADelete], ['Enabled', undefined], 'MfaDelete is shown only for a bucket once configured with MFA delete');
    const one = (await c.send(new PutObjectCommand({ Bucket: 'v-life', Key: 'k', Body: 'one' }))).VersionId!;
    const two = (await c.send(new PutObjectCommand({ Bucket: 'v-life', Key: 'k', Body: 'two' }))).VersionId!;
    assert.match(one, /^[A-Za-z0-9._]{32}$/);
    assert.notEqual(one, two);
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k' }))), 'two');
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: one }))), 'one');
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: 'null' }))), 'zero', 'the object from before versioning is the null version');
    assert.equal((await c.send(new HeadObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: one }))).VersionId, one);
    assert.equal((await c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k' }))).VersionId, two);

    const del = await c.send(new DeleteObjectCommand({ Bucket: 'v-life', Key: 'k' }));
    assert.equal(del.DeleteMarker, true);
    const marker = del.VersionId!;
    await fails(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k' })), 'NoSuchKey', 404);
    const head = await failedHeadHeaders(server.url, a, 'v-life', 'k');
    assert.deepEqual([head.status, head.headers['x-amz-delete-marker'], head.headers['x-amz-version-id']], [404, 'true', marker], 'a hidden key says so in headers');
    assert.equal((await c.send(new ListObjectsV2Command({ Bucket: 'v-life' }))).KeyCount, 0);
    await fails(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: marker })), 'MethodNotAllowed', 405);
    await fails(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: 'A'.repeat(32) })), 'NoSuchVersion', 404, 'The specified version does not exist.');
    await fails(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: 'not a version' })), 'InvalidArgument', 400, 'Invalid version id specified');

    const listed = await c.send(new ListObjectVersionsCommand({ Bucket: 'v-life' }));
    assert.deepEqual(listed.DeleteMarkers!.map((m) => [m.VersionId, m.IsLatest]), [[marker, true]]);
    assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsLatest, v.Size]), [[two, false, 3], [one, false, 3], ['null', false, 4]]);

    const removed = await c.send(new DeleteObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: marker }));
    assert.deepEqual([removed.DeleteMarker, removed.VersionId], [true, marker]);
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k' }))), 'two', 'removing the marker brings the newest back');
    await c.send(new DeleteObjectCommand({ Bucket: 'v-life', Key: 'k', VersionId: two }));
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-life', Key: 'k' }))), 'one', 'removing the current version makes the previous one current');
    await fails(c.send(new DeleteBucketCommand({ Bucket: 'v-life' })), 'BucketNotEmpty', 409);
  });

  it('suspended versioning writes and deletes the null version, keeping the others', async () => {
    const c = s3(server.url, a);
    await versioned('v-suspend');
    const kept = (await c.send(new PutObjectCommand({ Bucket: 'v-suspend', Key: 'k', Body: 'kept' }))).VersionId!;
    await c.send(new PutBucketVersioningCommand({ Bucket: 'v-suspend', VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: 'v-suspend' }))).Status, 'Suspended');
    // A write of the null version names no version id (S3 sends none while versioning is suspended).
    assert.equal((await c.send(new PutObjectCommand({ Bucket: 'v-suspend', Key: 'k', Body: 'n1' }))).VersionId, undefined);
    assert.equal((await c.send(new PutObjectCommand({ Bucket: 'v-suspend', Key: 'k', Body: 'n2' }))).VersionId, undefined);
    const versions = (await c.send(new ListObjectVersionsCommand({ Bucket: 'v-suspend' }))).Versions!;
    assert.deepEqual(versions.map((v) => v.VersionId), ['null', kept], 'the null version was replaced, not added');
    const del = await c.send(new DeleteObjectCommand({ Bucket: 'v-suspend', Key: 'k' }));
    assert.deepEqual([del.DeleteMarker, del.VersionId], [true, 'null']);
    const after = await c.send(new ListObjectVersionsCommand({ Bucket: 'v-suspend' }));
    assert.deepEqual(after.Versions!.map((v) => v.VersionId), [kept]);
    assert.deepEqual(after.DeleteMarkers!.map((m) => m.VersionId), ['null']);
  });

  it('copies, tags and reads the ACL of one version by id; multipart and copy answer version ids', async () => {
    const c = s3(server.url, a);
    await versioned('v-ops');
    const first = (await c.send(new PutObjectCommand({ Bucket: 'v-ops', Key: 'src', Body: 'first' }))).VersionId!;
    await c.send(new PutObjectCommand({ Bucket: 'v-ops', Key: 'src', Body: 'second' }));
    const copied = await c.send(new CopyObjectCommand({ Bucket: 'v-ops', Key: 'dst', CopySource: `v-ops/src?versionId=${first}` }));
    assert.equal(copied.CopySourceVersionId, first);
    assert.match(copied.VersionId!, /^[A-Za-z0-9._]{32}$/);
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-ops', Key: 'dst' }))), 'first');
    // Restoring an old version over the key is a copy of it onto itself.
    await c.send(new CopyObjectCommand({ Bucket: 'v-ops', Key: 'src', CopySource: `v-ops/src?versionId=${first}` }));
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-ops', Key: 'src' }))), 'first');

    const tagged = await c.send(new PutObjectTaggingCommand({ Bucket: 'v-ops', Key: 'src', VersionId: first, Tagging: { TagSet: [{ Key: 'old', Value: 'yes' }] } }));
    assert.equal(tagged.VersionId, first);
    assert.deepEqual((await c.send(new GetObjectTaggingCommand({ Bucket: 'v-ops', Key: 'src', VersionId: first }))).TagSet, [{ Key: 'old', Value: 'yes' }]);
    assert.deepEqual((await c.send(new GetObjectTaggingCommand({ Bucket: 'v-ops', Key: 'src' }))).TagSet, [], 'the current version keeps its own tags');
    assert.ok((await c.send(new GetObjectAclCommand({ Bucket: 'v-ops', Key: 'src', VersionId: first }))).Owner?.ID);

    const upload = await c.send(new CreateMultipartUploadCommand({ Bucket: 'v-ops', Key: 'big' }));
    const part = await c.send(new UploadPartCommand({ Bucket: 'v-ops', Key: 'big', UploadId: upload.UploadId!, PartNumber: 1, Body: 'only part' }));
    const done = await c.send(new CompleteMultipartUploadCommand({ Bucket: 'v-ops', Key: 'big', UploadId: upload.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    assert.match(done.VersionId!, /^[A-Za-z0-9._]{32}$/);
    assert.equal((await c.send(new HeadObjectCommand({ Bucket: 'v-ops', Key: 'big', VersionId: done.VersionId! }))).ContentLength, 9);
  });

  it('DeleteObjects makes markers and removes versions by id; ListObjectVersions pages with the SDK’s markers', async () => {
    const c = s3(server.url, a);
    await versioned('v-many');
    const ids: Record<string, string[]> = {};
    for (const key of ['a', 'b/1', 'b/2', 'c']) {
      ids[key] = [];
      for (let i = 0; i < 3; i++) ids[key]!.push((await c.send(new PutObjectCommand({ Bucket: 'v-many', Key: key, Body: `${key}${i}` }))).VersionId!);
    }
    const out = await c.send(new DeleteObjectsCommand({ Bucket: 'v-many', Delete: { Objects: [{ Key: 'a' }, { Key: 'c', VersionId: ids['c']![2]! }] } }));
    const byKey = Object.fromEntries(out.Deleted!.map((d) => [d.Key, d]));
    assert.equal(byKey['a']!.DeleteMarker, true);
    assert.match(byKey['a']!.DeleteMarkerVersionId!, /^[A-Za-z0-9._]{32}$/);
    assert.equal(byKey['c']!.VersionId, ids['c']![2]);
    assert.equal(await text(c.send(new GetObjectCommand({ Bucket: 'v-many', Key: 'c' }))), 'c1');

    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await c.send(new ListObjectVersionsCommand({ Bucket: 'v-many', MaxKeys: 2, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      pages++;
      const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].sort((x, y) => (x.Key! < y.Key! ? -1 : x.Key! > y.Key! ? 1 : x.LastModified! < y.LastModified! ? 1 : -1));
      seen.push(...entries.map((e) => `${e.Key}:${e.VersionId}`));
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
    assert.equal(seen.length, 12, '11 versions and a marker, each once');
    assert.equal(new Set(seen).size, 12);
    assert.equal(pages, 6);
    const rolled = await c.send(new ListObjectVersionsCommand({ Bucket: 'v-many', Delimiter: '/' }));
    assert.deepEqual(rolled.CommonPrefixes, [{ Prefix: 'b/' }]);
    assert.deepEqual([...new Set(rolled.Versions!.map((v) => v.Key))], ['a', 'c']);
  });

  it('MFA delete is refused, as AWS refuses it without an MFA device', async () => {
    const c = s3(server.url, a);
    await c.send(new CreateBucketCommand({ Bucket: 'v-mfa' }));
    await fails(
      c.send(new PutBucketVersioningCommand({ Bucket: 'v-mfa', MFA: 'arn:aws:iam::000000000000:mfa/root 123456', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } })),
      'AccessDenied', 403, 'Mfa Authentication must be used for this request',
    );
    assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: 'v-mfa' }))).Status, undefined, 'nothing changed');
    await c.send(new PutBucketVersioningCommand({ Bucket: 'v-mfa', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Disabled' } }));
    assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: 'v-mfa' }))).Status, 'Enabled');
  });

  it('another account reads an old version only with s3:GetObjectVersion; the refusal is explained', async () => {
    const c = s3(server.url, a);
    await versioned('v-shared');
    const old = (await c.send(new PutObjectCommand({ Bucket: 'v-shared', Key: 'k', Body: 'old' }))).VersionId!;
    await c.send(new PutObjectCommand({ Bucket: 'v-shared', Key: 'k', Body: 'new' }));
    const reader = await userWith(server.url, b, 'version-reader', policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: '*' }));
    await c.send(new PutBucketPolicyCommand({
      Bucket: 'v-shared',
      Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::v-shared/*' }),
    }));
    const rb = s3(server.url, reader);
    assert.equal(await text(rb.send(new GetObjectCommand({ Bucket: 'v-shared', Key: 'k' }))), 'new');
    const refused = await fails(rb.send(new GetObjectCommand({ Bucket: 'v-shared', Key: 'k', VersionId: old })), 'AccessDenied', 403);
    const explained = sagelite(['explain', requestIdOf(refused), '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explained, /s3:GetObjectVersion/);
    await c.send(new PutBucketPolicyCommand({
      Bucket: 'v-shared',
      Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::v-shared/*' }),
    }));
    assert.equal(await text(rb.send(new GetObjectCommand({ Bucket: 'v-shared', Key: 'k', VersionId: old }))), 'old');
    await fails(rb.send(new ListObjectVersionsCommand({ Bucket: 'v-shared' })), 'AccessDenied', 403);
  });
});
