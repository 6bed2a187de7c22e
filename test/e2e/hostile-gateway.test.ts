import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { canonicalRequest, EMPTY_SHA256, sha256Hex } from '../../src/auth/sigv4/canonical.js';
import { deriveSigningKey, hmac, stringToSign } from '../../src/auth/sigv4/signing-key.js';
import { amzDate } from '../../src/core/clock.js';
import { createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

// Issue 12, the HTTP edge: a hostile tenant must not make the server buffer big bodies before
// it is authenticated, stall others with aws-chunked framing, replay old presigned URLs or reach
// Object.prototype through an operation name. Account A attacks; account B must stay served.

const MiB = 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** Body bytes the client had written when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends a request head announcing `declaredLength` bytes, then `prefix` and filler in 64 KiB
 * pieces up to `maxSend` bytes (never the whole declared body), and returns the answer. Python's
 * socket, because the server closes a refused upload's connection: a later write fails (EPIPE),
 * and node's socket then drops the answer it has received but not yet handed over.
 */
function rawRequest(url: string, head: { method: string; path: string; headers: Record<string, string> }, declaredLength: number, prefix: Buffer, maxSend: number): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const lines = [`${head.method} ${head.path} HTTP/1.1`, `host: ${hostname}:${port}`, `content-length: ${declaredLength}`];
  for (const [k, v] of Object.entries(head.headers)) lines.push(`${k}: ${v}`);
  const out = python(
    `
import base64, json, socket, sys
head = base64.b64decode('${Buffer.from(lines.join('\r\n') + '\r\n\r\n').toString('base64')}')
prefix = base64.b64decode('${prefix.toString('base64')}')
s = socket.create_connection(('${hostname}', ${port}))
s.settimeout(60)
s.sendall(head)
sent = 0
filler = b'{' * 65536
s.setblocking(False)
answer = b''
import select
while sent < ${maxSend}:
    r, w, _ = select.select([s], [s], [], 60)
    if r:
        break
    piece = prefix[sent:sent + 65536] if sent < len(prefix) else filler
    try:
        sent += s.send(piece)
    except (BrokenPipeError, ConnectionResetError):
        break
s.setblocking(True)
while True:
    try:
        d = s.recv(65536)
    except ConnectionResetError:
        break
    if not d:
        break
    answer += d
    end = answer.find(b'\\r\\n\\r\\n')
    if end >= 0:
        import re
        m = re.search(rb'content-length: (\\d+)', answer[:end], re.I)
        if m and len(answer) - end - 4 >= int(m.group(1)):
            break
text = answer.decode('utf8', 'replace')
end = text.find('\\r\\n\\r\\n')
print(json.dumps({'status': int(text[9:12]) if text else 0, 'headers': text[:end], 'body': text[end + 4:], 'sentWhenAnswered': sent}))
`,
    {},
  );
  return Promise.resolve(JSON.parse(out) as RawAnswer);
}

/** Authorization headers for a request, signed by `keys` over `body` (Content-Length is not signed). */
async function signedHeaders(url: string, keys: AccountKeys, service: string, req: { method: string; path: string; headers: Record<string, string>; body?: string; query?: Record<string, string> }): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: keys, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({ method: req.method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: req.path, headers: { host: u.host, ...req.headers }, body: req.body ?? '', ...(req.query ? { query: req.query } : {}) }),
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') out[k] = v;
  return out;
}

/** A presigned STS GetCallerIdentity URL dated `date`, with no X-Amz-Expires at all. */
function presignedWithoutExpiry(url: string, keys: AccountKeys, date: Date): string {
  const u = new URL(url);
  const when = amzDate(date);
  const day = when.slice(0, 8);
  const scope = `${day}/us-east-1/sts/aws4_request`;
  const query = [
    'Action=GetCallerIdentity',
    'Version=2011-06-15',
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    `X-Amz-Credential=${encodeURIComponent(`${keys.accessKeyId}/${scope}`)}`,
    `X-Amz-Date=${when}`,
    'X-Amz-SignedHeaders=host',
  ].join('&');
  const headers = new Map([['host', [u.host]]]);
  const creq = canonicalRequest({ method: 'GET', rawPath: '/', rawQuery: query, headers, signedHeaders: ['host'], payloadHash: EMPTY_SHA256, s3: false, normalize: true, omitQueryParameters: [] });
  const signature = hmac(deriveSigningKey(keys.secretAccessKey, day, 'us-east-1', 'sts'), stringToSign(when, scope, sha256Hex(creq))).toString('hex');
  return `${url}/?${query}&X-Amz-Signature=${signature}`;
}

describe('hostile tenants at the HTTP edge', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  const bStillServed = async () => {
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, b.accountId);
  };

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
  });
  after(() => server.stop());

  describe('a non-S3 body is not read before its sender is known', () => {
    const glueHead = { method: 'POST', path: '/', headers: { 'x-amz-target': 'AWSGlue.CreateDatabase', 'content-type': 'application/x-amz-json-1.1' } };

    it('an unsigned 200 MiB Glue request is refused with MissingAuthenticationTokenException, answered without the body', async () => {
      const res = await rawRequest(server.url, glueHead, 200 * MiB, Buffer.from('{"DatabaseInput":{"Name":"x","Description":"'), 2 * MiB);
      assert.equal(res.status, 400);
      assert.match(res.body, /"__type":"MissingAuthenticationTokenException"/);
      assert.ok(res.sentWhenAnswered < 3 * MiB, `answered after ${res.sentWhenAnswered} bytes`);
      await bStillServed();
    });

    it('a 200 MiB STS query body from an unknown key is refused with InvalidClientTokenId before it is read', async () => {
      const forged = { ...b, accessKeyId: 'AKIAFORGEDFORGED0000' };
      const headers = await signedHeaders(server.url, forged, 'sts', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
      const res = await rawRequest(server.url, { method: 'POST', path: '/', headers }, 200 * MiB, Buffer.from('Action=GetCallerIdentity&Version=2011-06-15&x='), 2 * MiB);
      assert.equal(res.status, 403);
      assert.match(res.body, /<Code>InvalidClientTokenId<\/Code>/);
      assert.ok(res.sentWhenAnswered < 3 * MiB);
      await bStillServed();
    });

    it('a 200 MiB Glue request from a real key is refused by its declared size, before it is read', async () => {
      const headers = await signedHeaders(server.url, a, 'glue', { ...glueHead, body: '{}' });
      const res = await rawRequest(server.url, { ...glueHead, headers }, 200 * MiB, Buffer.from('{"DatabaseInput":{"Name":"x"}}'), 2 * MiB);
      assert.equal(res.status, 413);
      assert.match(res.body, /"__type":"RequestEntityTooLargeException"/);
      assert.match(res.headers, /connection: close/i);
      await bStillServed();
    });

    it('a GET with a 200 MiB body is not read at the edge either', async () => {
      const res = await rawRequest(server.url, { method: 'GET', path: '/?Action=GetCallerIdentity&Version=2011-06-15', headers: {} }, 200 * MiB, Buffer.alloc(0), 2 * MiB);
      assert.equal(res.status, 403);
      assert.match(res.body, /<Code>MissingAuthenticationToken<\/Code>/);
      await bStillServed();
    });
  });

  describe('presigned URLs outside S3', () => {
    it('a URL dated 2020 without X-Amz-Expires is refused as expired', async () => {
      const res = await fetch(presignedWithoutExpiry(server.url, a, new Date('2020-01-01T00:00:00Z')));
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: 20200101T000000Z is now earlier than/);
    });

    it('a fresh one without X-Amz-Expires works (the window is 15 minutes)', async () => {
      const res = await fetch(presignedWithoutExpiry(server.url, a, new Date()));
      assert.equal(res.status, 200);
      assert.match(await res.text(), new RegExp(`<Account>${a.accountId}</Account>`));
    });
  });

  describe('operation names that are Object.prototype properties', () => {
    for (const name of ['__proto__', 'hasOwnProperty', 'constructor', 'toString']) {
      it(`X-Amz-Target SageMaker.${name} answers UnknownOperationException`, async () => {
        const head = { method: 'POST', path: '/', headers: { 'x-amz-target': `SageMaker.${name}`, 'content-type': 'application/x-amz-json-1.1' } };
        const headers = await signedHeaders(server.url, a, 'sagemaker', { ...head, body: '{}' });
        const res = await fetch(server.url + '/', { method: 'POST', headers, body: '{}' });
        assert.equal(res.status, 400);
        assert.deepEqual(await res.json(), { __type: 'UnknownOperationException' });
      });

      it(`Action=${name} answers InvalidAction over the query protocol`, async () => {
        const body = `Action=${name}&Version=2010-05-08`;
        const headers = await signedHeaders(server.url, a, 'iam', { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
        const res = await fetch(server.url + '/', { method: 'POST', headers, body });
        assert.equal(res.status, 400);
        assert.match(await res.text(), new RegExp(`<Code>InvalidAction</Code><Message>Could not find operation ${name} for version 2010-05-08</Message>`));
      });
    }
  });

  describe('aws-chunked uploads', () => {
    const bucket = 'hostile-chunked-a';
    before(async () => {
      const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: a, forcePathStyle: true, maxAttempts: 1 });
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    });

    const streamingHeaders = (decoded: number) =>
      signedHeaders(server.url, a, 's3', {
        method: 'PUT',
        path: `/${bucket}/big`,
        headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length': String(decoded), 'content-encoding': 'aws-chunked' },
      });

    it('a chunk header announcing 128 MiB is refused with EntityTooLarge before its data is read', async () => {
      const headers = await streamingHeaders(128 * MiB);
      const chunkHeader = Buffer.from(`8000000;chunk-signature=${'0'.repeat(64)}\r\n`);
      const res = await rawRequest(server.url, { method: 'PUT', path: `/${bucket}/big`, headers }, 128 * MiB + 200, chunkHeader, 2 * MiB);
      assert.equal(res.status, 400);
      assert.match(res.body, /<Code>EntityTooLarge<\/Code>/);
      assert.match(res.body, /<ProposedSize>134217728<\/ProposedSize><MaxSizeAllowed>16777216<\/MaxSizeAllowed>/);
      assert.ok(res.sentWhenAnswered < 3 * MiB);
      await bStillServed();
    });

    it('a chunk with a forged signature is refused and nothing is written', async () => {
      const size = 1 * MiB;
      const headers = await streamingHeaders(size);
      const body = Buffer.concat([Buffer.from(`${size.toString(16)};chunk-signature=${'1'.repeat(64)}\r\n`), Buffer.alloc(size, 0x61), Buffer.from(`\r\n0;chunk-signature=${'2'.repeat(64)}\r\n\r\n`)]);
      const res = await fetch(`${server.url}/${bucket}/big`, { method: 'PUT', headers, body });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
      const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: a, forcePathStyle: true, maxAttempts: 1 });
      await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big' })), (e: { name: string }) => e.name === 'NotFound');
      await bStillServed();
    });
  });
});
