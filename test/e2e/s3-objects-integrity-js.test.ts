import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Crc32 } from '@aws-crypto/crc32';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, DeleteBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { fails, md5Hex, patterned, s3, uploadTempFiles } from './s3-objects-helpers.js';

const Bucket = 'integrity';

function crc32Base64(data: Buffer): string {
  const c = new Crc32();
  c.update(data);
  const b = Buffer.alloc(4);
  b.writeUInt32BE(c.digest() >>> 0);
  return b.toString('base64');
}

/** An aws-chunked body with unsigned chunks and a checksum trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER). */
function chunked(data: Buffer, trailer: string, opts: { dropTail?: number } = {}): Buffer {
  const frames: Buffer[] = [];
  for (let i = 0; i < data.length; i += 64 * 1024) {
    const piece = data.subarray(i, i + 64 * 1024);
    frames.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  frames.push(Buffer.from(`0\r\nx-amz-checksum-crc32:${trailer}\r\n\r\n`));
  const all = Buffer.concat(frames);
  return opts.dropTail ? all.subarray(0, all.length - opts.dropTail) : all;
}

describe('S3 object integrity: digests, checksums, truncated bodies, presigned URLs', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let client: S3Client;
  let signer: SignatureV4;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'integrity');
    client = s3(server.url, a);
    signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: a, sha256: Sha256, uriEscapePath: false });
    await client.send(new CreateBucketCommand({ Bucket }));
  });
  after(() => server.stop());

  /** Sends a hand-signed PUT of `body` with the given x-amz-content-sha256 and extra headers. */
  async function rawPut(key: string, body: Buffer, contentSha256: string, headers: Record<string, string> = {}) {
    const url = new URL(`${server.url}/${Bucket}/${key}`);
    const request = new HttpRequest({
      method: 'PUT',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'x-amz-content-sha256': contentSha256, 'content-length': String(body.length), ...headers },
      body,
    });
    const signed = await signer.sign(request);
    const res = await fetch(url, { method: 'PUT', headers: signed.headers, body: new Uint8Array(body) });
    const text = await res.text();
    return { status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] };
  }

  async function absent(key: string): Promise<void> {
    await fails(client.send(new HeadObjectCommand({ Bucket, Key: key })), 'NotFound', 404);
    assert.deepEqual(uploadTempFiles(server.dataDir), [], 'no temp file is left behind');
  }

  it('Content-MD5: a wrong digest is BadDigest, a malformed one InvalidDigest; nothing is stored', async () => {
    await fails(client.send(new PutObjectCommand({ Bucket, Key: 'md5', Body: 'hello', ContentMD5: Buffer.alloc(16).toString('base64') })), 'BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
    await fails(client.send(new PutObjectCommand({ Bucket, Key: 'md5', Body: 'hello', ContentMD5: 'not-base64!' })), 'InvalidDigest', 400, 'The Content-MD5 you specified is not valid.');
    await absent('md5');
    const good = Buffer.from(md5Hex('hello'), 'hex').toString('base64');
    await client.send(new PutObjectCommand({ Bucket, Key: 'md5', Body: 'hello', ContentMD5: good }));
  });

  it('a wrong x-amz-checksum-crc32 header is BadDigest, small or streamed', async () => {
    for (const [key, body] of [['crc-small', Buffer.from('hello')], ['crc-large', patterned(3 * 1024 * 1024)]] as const) {
      await fails(client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ChecksumCRC32: 'AAAAAA==' })), 'BadDigest', 400, 'The CRC32 you specified did not match the calculated checksum.');
      await absent(key);
    }
    await fails(client.send(new PutObjectCommand({ Bucket, Key: 'crc-bad', Body: 'x', ChecksumCRC32: 'abc' })), 'InvalidRequest', 400, 'Value for x-amz-checksum-crc32 header is invalid.');
  });

  it('a body that does not hash to the signed x-amz-content-sha256 is XAmzContentSHA256Mismatch, small or streamed', async () => {
    for (const [key, size] of [['sha-small', 100], ['sha-large', 2 * 1024 * 1024]] as const) {
      const out = await rawPut(key, patterned(size), 'a'.repeat(64));
      assert.deepEqual([out.status, out.code], [400, 'XAmzContentSHA256Mismatch']);
      await absent(key);
    }
  });

  it('a wrong checksum trailer is BadDigest; a truncated aws-chunked body is IncompleteBody; nothing is stored', async () => {
    for (const [key, size] of [['trailer-small', 1000], ['trailer-large', 2 * 1024 * 1024 + 5]] as const) {
      const data = patterned(size);
      const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(size), 'x-amz-trailer': 'x-amz-checksum-crc32' };
      const wrong = await rawPut(key, chunked(data, 'AAAAAA=='), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', headers);
      assert.deepEqual([wrong.status, wrong.code, wrong.message], [400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.']);
      await absent(key);
      const short = await rawPut(key, chunked(data.subarray(0, size - 10), crc32Base64(data.subarray(0, size - 10))), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', headers);
      assert.deepEqual([short.status, short.code], [400, 'IncompleteBody']);
      await absent(key);
      const cut = await rawPut(key, chunked(data, crc32Base64(data), { dropTail: 40 }), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', headers);
      assert.deepEqual([cut.status, cut.code], [400, 'IncompleteBody']);
      await absent(key);
      const ok = await rawPut(key, chunked(data, crc32Base64(data)), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', headers);
      assert.equal(ok.status, 200);
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: key, ChecksumMode: 'ENABLED' }));
      assert.deepEqual([head.ContentLength, head.ChecksumCRC32, head.ETag], [size, crc32Base64(data), `"${md5Hex(data)}"`]);
    }
  });

  it('presigned PUT and GET URLs work with plain fetch; a tampered one is SignatureDoesNotMatch', async () => {
    const url = new URL(`${server.url}/${Bucket}/presigned/file.txt`);
    // S3 presigned URLs leave the payload unsigned, as the SDKs' presigners do.
    const base = { protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
    const toUrl = (r: HttpRequest) => `${url.origin}${r.path}?${Object.entries(r.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
    const putUrl = toUrl((await signer.presign(new HttpRequest({ ...base, method: 'PUT' }), { expiresIn: 300 })) as HttpRequest);
    assert.equal((await fetch(putUrl, { method: 'PUT', body: 'sent by fetch' })).status, 200);
    const getUrl = toUrl((await signer.presign(new HttpRequest({ ...base, method: 'GET' }), { expiresIn: 300 })) as HttpRequest);
    const res = await fetch(getUrl);
    assert.deepEqual([res.status, await res.text()], [200, 'sent by fetch']);
    const tampered = await fetch(getUrl.replace('presigned/file.txt', 'presigned/other.txt'));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('a bucket deleted while an upload into it is in flight: the upload fails with NoSuchBucket and leaves nothing', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'short-lived' }));
    let sent = 0;
    const slow = new Readable({
      async read() {
        if (sent >= 3) return void this.push(null);
        await sleep(100);
        sent++;
        this.push(patterned(1024 * 1024, sent));
      },
    });
    const put = client.send(new PutObjectCommand({ Bucket: 'short-lived', Key: 'late', Body: slow, ContentLength: 3 * 1024 * 1024 }));
    while (uploadTempFiles(server.dataDir).length === 0) await sleep(20);
    await client.send(new DeleteBucketCommand({ Bucket: 'short-lived' }));
    await fails(put, 'NoSuchBucket', 404, 'The specified bucket does not exist');
    await client.send(new CreateBucketCommand({ Bucket: 'short-lived' }));
    await fails(client.send(new HeadObjectCommand({ Bucket: 'short-lived', Key: 'late' })), 'NotFound', 404);
    assert.deepEqual(uploadTempFiles(server.dataDir), []);
  });
});
