import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListPartsCommand, PutObjectCommand, S3Client, UploadPartCommand, UploadPartCopyCommand, type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { Crc32 } from '@aws-crypto/crc32';
import { Crc32c } from '@aws-crypto/crc32c';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { bodyBytes, fails, md5Hex, patterned, s3 } from './s3-objects-helpers.js';

const MiB = 1024 * 1024;

/** S3's multipart ETag, computed here independently: md5 of the binary part md5s, then -N. */
function multipartEtag(parts: Buffer[]): string {
  const md5s = parts.map((p) => createHash('md5').update(p).digest());
  return `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}"`;
}

function crc32(data: Buffer): Buffer {
  const c = new Crc32();
  c.update(data);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(c.digest() >>> 0);
  return out;
}

describe('S3 multipart uploads with the JS SDK v3', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let client: S3Client;
  const Bucket = 'multipart';

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'multipart');
    client = s3(server.url, a);
    await client.send(new CreateBucketCommand({ Bucket }));
  });
  after(() => server.stop());

  async function upload(Key: string, parts: Buffer[], ChecksumAlgorithm?: ChecksumAlgorithm, ChecksumType?: 'COMPOSITE' | 'FULL_OBJECT') {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/x-test', Metadata: { m: '1' }, ChecksumAlgorithm, ChecksumType }));
    const done = await Promise.all(
      parts.map(async (Body, i) => {
        const out = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm }));
        return { PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32, ChecksumCRC32C: out.ChecksumCRC32C };
      }),
    );
    return { UploadId: UploadId!, done };
  }

  it('completes with the -N ETag and the COMPOSITE CRC32 checksum; the object reads back whole and by part number', async () => {
    const parts = [patterned(5 * MiB, 1), patterned(5 * MiB, 2), Buffer.from('the last part may be small')];
    const { UploadId, done } = await upload('mp/one', parts, 'CRC32');
    assert.deepEqual(done.map((p) => p.ETag), parts.map((p) => `"${md5Hex(p)}"`));
    const listed = await client.send(new ListPartsCommand({ Bucket, Key: 'mp/one', UploadId }));
    assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB], [2, 5 * MiB], [3, parts[2]!.length]]);
    assert.deepEqual([listed.ChecksumAlgorithm, listed.ChecksumType, listed.Initiator?.ID], ['CRC32', 'COMPOSITE', `arn:aws:iam::${a.accountId}:root`]);
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [['mp/one', UploadId]]);
    const out = await client.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'mp/one', UploadId, MultipartUpload: { Parts: done } }));
    assert.equal(out.ETag, multipartEtag(parts));
    const composite = crc32(Buffer.concat(parts.map(crc32))).toString('base64');
    assert.deepEqual([out.ChecksumCRC32, out.ChecksumType], [`${composite}-3`, 'COMPOSITE']);
    const whole = await client.send(new GetObjectCommand({ Bucket, Key: 'mp/one', ChecksumMode: 'ENABLED' }));
    assert.deepEqual([whole.ContentType, whole.Metadata, whole.ETag], ['application/x-test', { m: '1' }, out.ETag]);
    assert.ok((await bodyBytes(whole)).equals(Buffer.concat(parts)));
    const second = await client.send(new GetObjectCommand({ Bucket, Key: 'mp/one', PartNumber: 2 }));
    assert.deepEqual([second.$metadata.httpStatusCode, second.PartsCount, second.ContentRange], [206, 3, `bytes ${5 * MiB}-${10 * MiB - 1}/${10 * MiB + parts[2]!.length}`]);
    assert.ok((await bodyBytes(second)).equals(parts[1]!));
    assert.equal((await client.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads, undefined);
  });

  it('a FULL_OBJECT CRC32C upload carries the checksum of the whole object', async () => {
    const parts = [patterned(5 * MiB, 3), Buffer.from('tail')];
    const { UploadId, done } = await upload('mp/full', parts, 'CRC32C', 'FULL_OBJECT');
    const out = await client.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'mp/full', UploadId, MultipartUpload: { Parts: done.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) } }));
    assert.equal(out.ChecksumType, 'FULL_OBJECT');
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'mp/full', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32C, out.ChecksumCRC32C);
    const whole = new Crc32c();
    whole.update(Buffer.concat(parts));
    const expected = Buffer.alloc(4);
    expected.writeUInt32BE(whole.digest() >>> 0);
    assert.equal(out.ChecksumCRC32C, expected.toString('base64'));
  });

  it('refuses parts out of order (InvalidPartOrder), unknown or mistagged parts (InvalidPart), small parts (EntityTooSmall)', async () => {
    const { UploadId, done } = await upload('mp/bad', [Buffer.from('small one'), Buffer.from('small two')]);
    const complete = (Parts: Array<{ PartNumber: number; ETag?: string }>) => client.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'mp/bad', UploadId, MultipartUpload: { Parts } }));
    await fails(complete([done[1]!, done[0]!]), 'InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.');
    await fails(complete([done[0]!, { PartNumber: 2, ETag: '"00000000000000000000000000000000"' }]), 'InvalidPart', 400, /^One or more of the specified parts could not be found/);
    await fails(complete([done[0]!, { PartNumber: 7, ETag: done[1]!.ETag }]), 'InvalidPart', 400);
    await fails(complete([done[0]!, done[1]!]), 'EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size');
    // One small part alone is a valid object.
    const single = await complete([done[0]!]);
    assert.equal(single.ETag, multipartEtag([Buffer.from('small one')]));
    assert.equal((await bodyBytes(await client.send(new GetObjectCommand({ Bucket, Key: 'mp/bad' })))).toString(), 'small one');
  });

  it('refuses part numbers outside 1–10000 and uploads that are gone (NoSuchUpload after abort)', async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mp/abort' }));
    for (const PartNumber of [0, 10001]) {
      await fails(client.send(new UploadPartCommand({ Bucket, Key: 'mp/abort', UploadId, PartNumber, Body: 'x' })), 'InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive');
    }
    await client.send(new UploadPartCommand({ Bucket, Key: 'mp/abort', UploadId, PartNumber: 1, Body: 'x' }));
    assert.equal((await client.send(new AbortMultipartUploadCommand({ Bucket, Key: 'mp/abort', UploadId }))).$metadata.httpStatusCode, 204);
    const gone = /^The specified upload does not exist/;
    await fails(client.send(new UploadPartCommand({ Bucket, Key: 'mp/abort', UploadId, PartNumber: 2, Body: 'x' })), 'NoSuchUpload', 404, gone);
    await fails(client.send(new ListPartsCommand({ Bucket, Key: 'mp/abort', UploadId })), 'NoSuchUpload', 404, gone);
    await fails(client.send(new AbortMultipartUploadCommand({ Bucket, Key: 'mp/abort', UploadId })), 'NoSuchUpload', 404, gone);
    await fails(client.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'mp/abort', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } })), 'NoSuchUpload', 404);
    await fails(client.send(new HeadObjectCommand({ Bucket, Key: 'mp/abort' })), 'NotFound', 404);
  });

  it('UploadPartCopy builds parts from ranges of a stored object', async () => {
    const source = patterned(6 * MiB, 9);
    await client.send(new PutObjectCommand({ Bucket, Key: 'src/big', Body: source }));
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mp/copied' }));
    const p1 = await client.send(new UploadPartCopyCommand({ Bucket, Key: 'mp/copied', UploadId, PartNumber: 1, CopySource: `${Bucket}/src/big`, CopySourceRange: `bytes=0-${5 * MiB - 1}` }));
    const p2 = await client.send(new UploadPartCopyCommand({ Bucket, Key: 'mp/copied', UploadId, PartNumber: 2, CopySource: `${Bucket}/src/big`, CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}` }));
    assert.equal(p1.CopyPartResult?.ETag, `"${md5Hex(source.subarray(0, 5 * MiB))}"`);
    await fails(
      client.send(new UploadPartCopyCommand({ Bucket, Key: 'mp/copied', UploadId, PartNumber: 3, CopySource: `${Bucket}/src/big`, CopySourceRange: `bytes=0-${7 * MiB}` })),
      'InvalidArgument', 400, `Range specified is not valid for source object of size: ${6 * MiB}`,
    );
    const parts = [{ PartNumber: 1, ETag: p1.CopyPartResult!.ETag! }, { PartNumber: 2, ETag: p2.CopyPartResult!.ETag! }];
    await client.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'mp/copied', UploadId, MultipartUpload: { Parts: parts } }));
    assert.ok((await bodyBytes(await client.send(new GetObjectCommand({ Bucket, Key: 'mp/copied' })))).equals(source));
  });
});
