import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetBucketLoggingCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand, ListObjectsCommand, PutBucketLoggingCommand, PutBucketPolicyCommand,
  PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { s3 } from './s3-objects-helpers.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * S3 conformance findings of issue 16, each as S3 answers: 304 with the ETag, PutBucketPolicy
 * 204, HeadObject's x-amz-tagging-count, a repeated CompleteMultipartUpload answered again,
 * ListObjects (v1) Prefix not URL-encoded, `aws-chunked` dropped from Content-Encoding, and
 * SigV4 dated by `Date` (JS SDK v3 and raw HTTP).
 */
describe('S3 conformance: what a well-known S3 test suite found (JS SDK v3, raw HTTP)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'conformance-a');
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: 'conf' }));
  });
  after(() => server.stop());

  it('304 Not Modified carries the ETag and Last-Modified; PutBucketPolicy answers 204', async () => {
    const put = await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'conf', Key: 'k', Body: 'v', Tagging: 'a=1&b=2' }));
    const e = await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'conf', Key: 'k', IfNoneMatch: put.ETag! })).then(() => undefined, (x: { $metadata: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } }) => x);
    assert.equal(e?.$metadata.httpStatusCode, 304);
    assert.equal(e?.$response?.headers['etag'], put.ETag);
    assert.ok(e?.$response?.headers['last-modified']);
    assert.equal((await s3(server.url, a).send(new HeadObjectCommand({ Bucket: 'conf', Key: 'k' }))).TagCount, 2, 'x-amz-tagging-count on HEAD');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::conf/*' }] });
    assert.equal((await s3(server.url, a).send(new PutBucketPolicyCommand({ Bucket: 'conf', Policy: policy }))).$metadata.httpStatusCode, 204);
  });

  it('a CompleteMultipartUpload repeated after success (a retry after a lost answer) gets the same answer', async () => {
    const { UploadId } = await s3(server.url, a).send(new CreateMultipartUploadCommand({ Bucket: 'conf', Key: 'mp' }));
    const part = await s3(server.url, a).send(new UploadPartCommand({ Bucket: 'conf', Key: 'mp', UploadId, PartNumber: 1, Body: 'only part' }));
    const complete = () => s3(server.url, a).send(new CompleteMultipartUploadCommand({ Bucket: 'conf', Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    const first = await complete();
    const again = await complete();
    assert.deepEqual([again.ETag, again.Key, again.Bucket], [first.ETag, 'mp', 'conf']);
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'conf', Key: 'mp', Body: 'replaced' }));
    await assert.rejects(complete(), (x: { name: string }) => x.name === 'NoSuchUpload', 'once the key holds another object, the upload is gone');
  });

  it('GetObjectAttributes: the attributes asked for, and a multipart object’s parts page by page', async () => {
    const put = await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'conf', Key: 'attrs', Body: 'twelve bytes', ChecksumAlgorithm: 'CRC32' }));
    const one = await s3(server.url, a).send(new GetObjectAttributesCommand({ Bucket: 'conf', Key: 'attrs', ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'Checksum'] }));
    assert.deepEqual([one.ETag, one.ObjectSize, one.StorageClass, one.Checksum?.ChecksumCRC32, one.ObjectParts], [put.ETag!.replace(/"/g, ''), 12, 'STANDARD', put.ChecksumCRC32, undefined]);
    assert.ok(one.LastModified instanceof Date);
    const { UploadId } = await s3(server.url, a).send(new CreateMultipartUploadCommand({ Bucket: 'conf', Key: 'parts' }));
    const big = Buffer.alloc(5 * 1024 * 1024, 1);
    const parts = [];
    for (const [n, body] of [[1, big], [2, big], [3, Buffer.from('tail')]] as const) {
      parts.push({ PartNumber: n, ETag: (await s3(server.url, a).send(new UploadPartCommand({ Bucket: 'conf', Key: 'parts', UploadId, PartNumber: n, Body: body }))).ETag! });
    }
    await s3(server.url, a).send(new CompleteMultipartUploadCommand({ Bucket: 'conf', Key: 'parts', UploadId, MultipartUpload: { Parts: parts } }));
    const first = await s3(server.url, a).send(new GetObjectAttributesCommand({ Bucket: 'conf', Key: 'parts', ObjectAttributes: ['ObjectParts'], MaxParts: 2 }));
    assert.deepEqual([first.ObjectParts?.TotalPartsCount, first.ObjectParts?.IsTruncated, first.ObjectParts?.NextPartNumberMarker, first.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size])],
      [3, true, '2', [[1, big.length], [2, big.length]]]);
    const rest = await s3(server.url, a).send(new GetObjectAttributesCommand({ Bucket: 'conf', Key: 'parts', ObjectAttributes: ['ObjectParts'], PartNumberMarker: '2' }));
    assert.deepEqual(rest.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size]), [[3, 4]]);
    await assert.rejects(s3(server.url, a).send(new GetObjectAttributesCommand({ Bucket: 'conf', Key: 'attrs', ObjectAttributes: ['Colour' as 'ETag'] })), (e: { name: string }) => e.name === 'InvalidArgument');
  });

  it('bucket logging: the configuration is kept, to a target bucket of the same account; empty turns it off', async () => {
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: 'conf-logs' }));
    const status = { LoggingEnabled: { TargetBucket: 'conf-logs', TargetPrefix: 'conf/' } };
    await s3(server.url, a).send(new PutBucketLoggingCommand({ Bucket: 'conf', BucketLoggingStatus: status }));
    assert.deepEqual((await s3(server.url, a).send(new GetBucketLoggingCommand({ Bucket: 'conf' }))).LoggingEnabled, status.LoggingEnabled);
    await assert.rejects(s3(server.url, a).send(new PutBucketLoggingCommand({ Bucket: 'conf', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'no-such-bucket-anywhere', TargetPrefix: '' } } })),
      (e: { name: string; message: string }) => e.name === 'InvalidTargetBucketForLogging' && e.message === 'The target bucket for logging does not exist');
    await s3(server.url, a).send(new PutBucketLoggingCommand({ Bucket: 'conf', BucketLoggingStatus: {} }));
    assert.equal((await s3(server.url, a).send(new GetBucketLoggingCommand({ Bucket: 'conf' }))).LoggingEnabled, undefined);
  });

  it('ListObjects (v1) with encoding-type url encodes keys but not Prefix; aws-chunked is not kept in Content-Encoding', async () => {
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'conf', Key: 'dir a/x y', Body: 'x' }));
    const res = await fetch(`${server.url}/conf?prefix=dir%20a%2F&encoding-type=url`, { headers: await signedHeaders('GET', '/conf', 'encoding-type=url&prefix=dir%20a%2F', '') });
    const xml = await res.text();
    assert.equal(res.status, 200, xml);
    assert.match(xml, /<Prefix>dir a\/<\/Prefix>/);
    assert.match(xml, /<Key>dir\+a%2Fx\+y<\/Key>|<Key>dir%20a\/x%20y<\/Key>|<Key>dir\+a\/x\+y<\/Key>/);
    const listed = await s3(server.url, a).send(new ListObjectsCommand({ Bucket: 'conf', Prefix: 'dir a/' }));
    assert.deepEqual([listed.Prefix, listed.Contents?.map((c) => c.Key)], ['dir a/', ['dir a/x y']]);
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'conf', Key: 'gz', Body: 'zz', ContentEncoding: 'gzip, aws-chunked' }));
    assert.equal((await s3(server.url, a).send(new HeadObjectCommand({ Bucket: 'conf', Key: 'gz' }))).ContentEncoding, 'gzip');
  });

  it('a SigV4 request dated by the Date header (no X-Amz-Date) is accepted', async () => {
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'conf', Key: 'dated', Body: 'by Date' }));
    const date = new Date();
    const httpDate = date.toUTCString();
    const amz = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const host = new URL(server.url).host;
    const payload = sha256('');
    const canonical = ['GET', '/conf/dated', '', `date:${httpDate}`, `host:${host}`, `x-amz-content-sha256:${payload}`, '', 'date;host;x-amz-content-sha256', payload].join('\n');
    const { scope, signature } = sign(canonical, amz);
    const res = await fetch(`${server.url}/conf/dated`, {
      headers: { date: httpDate, 'x-amz-content-sha256': payload, authorization: `AWS4-HMAC-SHA256 Credential=${a.accessKeyId}/${scope}, SignedHeaders=date;host;x-amz-content-sha256, Signature=${signature}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(await res.text(), 'by Date');
  });

  it('user metadata sent as UTF-8 bytes (non-ASCII) passes the signature check and comes back byte for byte', async () => {
    const value = Buffer.from('crème brûlée – ü', 'utf8').toString('latin1');
    const headers = await signedHeaders('PUT', '/conf/meta', '', 'body', { 'x-amz-meta-dish': value });
    const put = await fetch(`${server.url}/conf/meta`, { method: 'PUT', body: 'body', headers });
    assert.equal(put.status, 200, await put.text());
    const got = await fetch(`${server.url}/conf/meta`, { headers: await signedHeaders('GET', '/conf/meta', '', '') });
    assert.equal(Buffer.from(got.headers.get('x-amz-meta-dish')!, 'latin1').toString('utf8'), 'crème brûlée – ü');
  });

  /**
   * SigV4 over a canonical request, as a client computes it: the bytes it sends are hashed (header
   * values here are byte strings, one character per byte).
   */
  function sign(canonical: string, amz: string): { scope: string; signature: string } {
    const scope = `${amz.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amz, scope, sha256(Buffer.from(canonical, 'latin1'))].join('\n');
    let key = hmac(`AWS4${a.secretAccessKey}`, amz.slice(0, 8));
    for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
    return { scope, signature: createHmac('sha256', key).update(toSign).digest('hex') };
  }

  /** Headers of a request signed with X-Amz-Date, for raw fetches. */
  async function signedHeaders(method: string, path: string, query: string, body: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const date = new Date();
    const amz = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const host = new URL(server.url).host;
    const payload = sha256(body);
    const names = ['host', 'x-amz-content-sha256', 'x-amz-date', ...Object.keys(extra)].sort();
    const values: Record<string, string> = { host, 'x-amz-content-sha256': payload, 'x-amz-date': amz, ...extra };
    const canonical = [method, path, query, ...names.map((n) => `${n}:${values[n]}`), '', names.join(';'), payload].join('\n');
    const { scope, signature } = sign(canonical, amz);
    return { ...extra, 'x-amz-date': amz, 'x-amz-content-sha256': payload, authorization: `AWS4-HMAC-SHA256 Credential=${a.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
  }
});
