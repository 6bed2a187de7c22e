import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { bodyBytes, fails, md5Hex, patterned, rejection, s3, type Style } from './s3-objects-helpers.js';

for (const style of ['path', 'virtual'] as Style[]) {
  describe(`S3 objects with the JS SDK v3 (${style === 'path' ? 'forcePathStyle' : 'default settings, virtual-hosted'})`, () => {
    let server: ServerProcess;
    let a: AccountKeys;
    let client: S3Client;
    const bucket = `objects-${style}`;

    before(async () => {
      server = await ServerProcess.start();
      a = createAccount(server.dataDir, 'objects');
      client = s3(server.url, a, style);
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    });
    after(() => server.stop());

    it('PutObject (aws-chunked with a CRC32 trailer) and GetObject give back bytes, headers, metadata and checksum', async () => {
      const put = await client.send(
        new PutObjectCommand({
          Bucket: bucket, Key: 'docs/hello.txt', Body: 'hello world', ContentType: 'text/plain', CacheControl: 'max-age=60',
          ContentDisposition: 'attachment; filename="h.txt"', ContentLanguage: 'en', ContentEncoding: 'identity', Metadata: { team: 'ml', Mixed: 'Case' },
        }),
      );
      assert.equal(put.ETag, `"${md5Hex('hello world')}"`);
      assert.equal(put.ChecksumCRC32, 'DUoRhQ==');
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', ChecksumMode: 'ENABLED' }));
      assert.equal((await bodyBytes(got)).toString(), 'hello world');
      assert.deepEqual(
        [got.ContentType, got.CacheControl, got.ContentDisposition, got.ContentLanguage, got.ContentEncoding, got.ContentLength, got.ETag, got.ChecksumCRC32, got.AcceptRanges],
        ['text/plain', 'max-age=60', 'attachment; filename="h.txt"', 'en', 'identity', 11, put.ETag, 'DUoRhQ==', 'bytes'],
      );
      assert.deepEqual(got.Metadata, { team: 'ml', mixed: 'Case' });
      assert.ok(got.LastModified instanceof Date);
    });

    it('large bodies stream both ways: a 3 MiB Buffer and a 2.5 MiB stream of unknown hash', async () => {
      const big = patterned(3 * 1024 * 1024);
      const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big/one', Body: big }));
      assert.equal(put.ETag, `"${md5Hex(big)}"`);
      assert.ok((await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/one' })))).equals(big));
      const streamed = patterned(2.5 * 1024 * 1024, 7);
      const parts = [streamed.subarray(0, 1_000_000), streamed.subarray(1_000_000)];
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big/two', Body: Readable.from(parts), ContentLength: streamed.length }));
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big/two' }));
      assert.deepEqual([head.ContentLength, head.ETag], [streamed.length, `"${md5Hex(streamed)}"`]);
      assert.ok((await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/two' })))).equals(streamed));
    });

    it('Range: first-last, open and suffix ranges answer 206 with Content-Range; past the end is InvalidRange (416)', async () => {
      const ranged = async (Range: string) => {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range }));
        return [out.$metadata.httpStatusCode, out.ContentRange, out.ContentLength, (await bodyBytes(out)).toString()];
      };
      assert.deepEqual(await ranged('bytes=0-4'), [206, 'bytes 0-4/11', 5, 'hello']);
      assert.deepEqual(await ranged('bytes=6-'), [206, 'bytes 6-10/11', 5, 'world']);
      assert.deepEqual(await ranged('bytes=-3'), [206, 'bytes 8-10/11', 3, 'rld']);
      assert.deepEqual(await ranged('bytes=4-400'), [206, 'bytes 4-10/11', 7, 'o world']);
      await fails(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=11-' })), 'InvalidRange', 416, 'The requested range is not satisfiable');
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=0-0' }));
      assert.deepEqual([head.$metadata.httpStatusCode, head.ContentLength, head.ContentRange], [206, 1, 'bytes 0-0/11']);
    });

    it('conditional reads: 412 PreconditionFailed and 304 Not Modified, with S3’s precedence', async () => {
      const { ETag, LastModified } = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
      const get = (c: Record<string, unknown>) => client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', ...c }));
      await fails(get({ IfMatch: '"0000"' }), 'PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
      // 304 has no body: the SDK cannot name it, only its status tells.
      const notModified = async (p: Promise<unknown>) => assert.equal((await rejection(p)).$metadata.httpStatusCode, 304);
      await notModified(get({ IfNoneMatch: ETag }));
      await notModified(get({ IfModifiedSince: LastModified }));
      await fails(get({ IfUnmodifiedSince: new Date(LastModified!.getTime() - 60_000) }), 'PreconditionFailed', 412);
      // If-Match that holds wins over a failing If-Unmodified-Since; a failing If-None-Match wins over If-Modified-Since.
      assert.equal((await get({ IfMatch: ETag, IfUnmodifiedSince: new Date(LastModified!.getTime() - 60_000) })).$metadata.httpStatusCode, 200);
      await notModified(get({ IfNoneMatch: ETag, IfModifiedSince: new Date(LastModified!.getTime() - 60_000) }));
      const head = await rejection(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', IfMatch: '"0000"' })));
      assert.equal(head.$metadata.httpStatusCode, 412);
    });

    it('response-* overrides replace the stored headers for one GET', async () => {
      const out = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', ResponseContentType: 'application/json', ResponseContentDisposition: 'inline', ResponseCacheControl: 'no-store' }),
      );
      assert.deepEqual([out.ContentType, out.ContentDisposition, out.CacheControl], ['application/json', 'inline', 'no-store']);
    });

    it('NoSuchKey (404) with its message; HEAD of a missing key is a bare 404', async () => {
      await fails(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })), 'NoSuchKey', 404, 'The specified key does not exist.');
      await fails(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' })), 'NotFound', 404);
      await fails(client.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
    });

    it('keys keep their spelling: spaces, plus signs, unicode, doubled slashes; too long is KeyTooLongError', async () => {
      for (const key of ['a b+c.txt', 'ünï/cødé ☃.txt', 'x//y/./z', 'q?x=1&y=%41']) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
        assert.equal((await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })))).toString(), key);
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      await fails(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1025), Body: 'x' })), 'KeyTooLongError', 400, 'Your key is too long');
    });

    it('DeleteObject answers 204 whether or not the key exists; DeleteObjects lists what it deleted unless Quiet', async () => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'del/1', Body: '1' }));
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'del/2', Body: '2' }));
      assert.equal((await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/1' }))).$metadata.httpStatusCode, 204);
      assert.equal((await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/1' }))).$metadata.httpStatusCode, 204);
      const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/2' }, { Key: 'del/none' }] } }));
      assert.deepEqual(out.Deleted?.map((d) => d.Key).sort(), ['del/2', 'del/none']);
      const quiet = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/3' }], Quiet: true } }));
      assert.equal(quiet.Deleted, undefined);
      await fails(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'del/2' })), 'NotFound', 404);
    });

    it('CopyObject copies bytes and metadata (COPY) or takes the request’s (REPLACE); copy-source conditions fail with 412', async () => {
      const copied = await client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/a', CopySource: `${bucket}/docs/hello.txt` }));
      assert.equal(copied.CopyObjectResult?.ETag, `"${md5Hex('hello world')}"`);
      const a1 = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copies/a' }));
      assert.deepEqual([a1.ContentType, a1.Metadata], ['text/plain', { team: 'ml', mixed: 'Case' }]);
      await client.send(
        new CopyObjectCommand({ Bucket: bucket, Key: 'copies/b', CopySource: `${bucket}/docs/hello.txt`, MetadataDirective: 'REPLACE', ContentType: 'text/csv', Metadata: { n: '2' } }),
      );
      const b1 = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copies/b' }));
      assert.deepEqual([b1.ContentType, b1.Metadata], ['text/csv', { n: '2' }]);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'src/ü b+c', Body: 'odd key' }));
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/c', CopySource: `${bucket}/${encodeURIComponent('src/ü b+c')}` }));
      assert.equal((await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'copies/c' })))).toString(), 'odd key');
      await fails(
        client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/d', CopySource: `${bucket}/docs/hello.txt`, CopySourceIfMatch: '"0000"' })),
        'PreconditionFailed', 412,
      );
      await fails(client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/a', CopySource: `${bucket}/copies/a` })), 'InvalidRequest', 400, /copy an object to itself/);
      await fails(client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/e', CopySource: `${bucket}/nothing-here` })), 'NoSuchKey', 404);
    });

    it('conditional writes: If-None-Match: * refuses to overwrite (412)', async () => {
      await fails(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Body: 'x', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/new.txt', Body: 'x', IfNoneMatch: '*' }));
      assert.equal((await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' })))).toString(), 'hello world');
    });
  });
}
