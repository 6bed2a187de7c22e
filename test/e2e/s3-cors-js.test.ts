import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutBucketPolicyCommand, PutObjectCommand, DeletePublicAccessBlockCommand,
  type CORSRule,
} from '@aws-sdk/client-s3';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { userWith } from './iam-helpers.js';
import { fails, s3 } from './s3-objects-helpers.js';

const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A plain HTTP request, as a browser sends it (no signature); `host` addresses a bucket virtual-hosted. */
function send(url: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = request({ host: '127.0.0.1', port: target.port, method, path: target.pathname + target.search, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v;
        resolve({ status: res.statusCode!, headers: out, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The Access-Control-* and Vary headers of an answer. */
function corsOf(a: Answer): Record<string, string> {
  return Object.fromEntries(Object.entries(a.headers).filter(([k]) => k.startsWith('access-control-') || k === 'vary'));
}

/** `<Error>`'s children, in order. */
function errorOf(a: Answer): Array<[string, string]> {
  const text = (xml: string) => xml.replace(/&(apos|quot|lt|gt|amp);/g, (_, e: string) => ({ apos: "'", quot: '"', lt: '<', gt: '>', amp: '&' })[e]!);
  return [...a.body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, text(m[2]!)]).filter(([k]) => k !== 'RequestId' && k !== 'HostId') as Array<[string, string]>;
}

/**
 * S3 CORS (Put/Get/DeleteBucketCors with the JS SDK v3), and what the rules do for a browser:
 * the unauthenticated OPTIONS preflight, path-style and virtual-hosted, and the Access-Control-*
 * headers of actual requests, errors included (plain HTTP, as a browser sends it).
 */
describe('S3 CORS: configuration, preflight and actual requests (JS SDK v3 and plain HTTP)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  const rules: CORSRule[] = [
    { ID: 'app', AllowedOrigins: ['https://app.example.com', 'http://*.example.org'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['Content-Type', 'x-amz-*'], ExposeHeaders: ['ETag', 'x-amz-request-id'], MaxAgeSeconds: 3000 },
    { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] },
  ];

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'cors-owner-a');
    b = createAccount(server.dataDir, 'cors-other-b');
    for (const bucket of ['cors-site', 'cors-none']) await s3(server.url, a).send(new CreateBucketCommand({ Bucket: bucket }));
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'cors-site', Key: 'dir/page.html', Body: '<p>hello</p>', Metadata: { secret: 'yes' } }));
  });
  after(() => server.stop());

  it('Put/Get/DeleteBucketCors: rules come back as written; none is 404 NoSuchCORSConfiguration; delete answers 204 either way', async () => {
    const owner = s3(server.url, a);
    await fails(owner.send(new GetBucketCorsCommand({ Bucket: 'cors-site' })), 'NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist');
    const deleted = await owner.send(new DeleteBucketCorsCommand({ Bucket: 'cors-site' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const put = await owner.send(new PutBucketCorsCommand({ Bucket: 'cors-site', CORSConfiguration: { CORSRules: rules } }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    assert.deepEqual((await owner.send(new GetBucketCorsCommand({ Bucket: 'cors-site' }))).CORSRules, rules);
    await owner.send(new PutBucketCorsCommand({ Bucket: 'cors-none', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
    assert.equal((await owner.send(new DeleteBucketCorsCommand({ Bucket: 'cors-none' }))).$metadata.httpStatusCode, 204);
    await fails(owner.send(new GetBucketCorsCommand({ Bucket: 'cors-none' })), 'NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist');
    await fails(owner.send(new GetBucketCorsCommand({ Bucket: 'cors-missing' })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
  });

  it('PutBucketCors is checked as S3 does: methods, wildcards, rule count, the schema', async () => {
    const owner = s3(server.url, a);
    const putting = (CORSRules: CORSRule[]) => owner.send(new PutBucketCorsCommand({ Bucket: 'cors-none', CORSConfiguration: { CORSRules } }));
    await fails(putting([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PATCH'] }]), 'InvalidRequest', 400, 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH');
    await fails(putting([{ AllowedOrigins: ['*'], AllowedMethods: ['OPTIONS'] }]), 'InvalidRequest', 400, 'Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS');
    await fails(putting([{ AllowedOrigins: ['https://*.example.*'], AllowedMethods: ['GET'] }]), 'InvalidRequest', 400, 'AllowedOrigin "https://*.example.*" can not have more than one wildcard.');
    await fails(putting([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['x-*-*'] }]), 'InvalidRequest', 400, 'AllowedHeader "x-*-*" can not have more than one wildcard.');
    await fails(putting([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['*'] }]), 'InvalidRequest', 400, 'ExposeHeader "*" contains wildcard. We currently do not support wildcard for ExposeHeader.');
    const malformed = 'The XML you provided was not well-formed or did not validate against our published schema';
    await fails(putting([]), 'MalformedXML', 400, malformed);
    await fails(putting([{ AllowedMethods: ['GET'] } as CORSRule]), 'MalformedXML', 400, malformed);
    await fails(putting([{ AllowedOrigins: ['*'] } as CORSRule]), 'MalformedXML', 400, malformed);
    await fails(putting(Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }))), 'MalformedXML', 400, malformed);
    await putting(Array.from({ length: 100 }, (_, i) => ({ ID: `r${i}`, AllowedOrigins: [`https://site${i}.example.com`], AllowedMethods: ['GET'] })));
    assert.equal((await owner.send(new GetBucketCorsCommand({ Bucket: 'cors-none' }))).CORSRules!.length, 100);
    await owner.send(new DeleteBucketCorsCommand({ Bucket: 'cors-none' }));
  });

  it('who may configure CORS: s3:PutBucketCORS and s3:GetBucketCORS, refusals explained; another account needs the bucket policy', async () => {
    const reader = await userWith(server.url, a, 'cors-reader', policy({ Effect: 'Allow', Action: 's3:GetBucketCORS', Resource: 'arn:aws:s3:::cors-site' }));
    assert.equal((await s3(server.url, reader).send(new GetBucketCorsCommand({ Bucket: 'cors-site' }))).CORSRules!.length, 2);
    const refused = await fails(s3(server.url, reader).send(new PutBucketCorsCommand({ Bucket: 'cors-site', CORSConfiguration: { CORSRules: rules } })), 'AccessDenied', 403,
      `User: arn:aws:iam::${a.accountId}:user/cors-reader is not authorized to perform: s3:PutBucketCORS on resource: "arn:aws:s3:::cors-site" because no identity-based policy allows the s3:PutBucketCORS action`);
    assert.match(sagelite(['explain', requestIdOf(refused), '--endpoint', server.url, '--data-dir', server.dataDir]), /s3:PutBucketCORS/);
    await fails(s3(server.url, reader).send(new DeleteBucketCorsCommand({ Bucket: 'cors-site' })), 'AccessDenied', 403, /s3:PutBucketCORS/);
    const outsider = await userWith(server.url, b, 'outsider', policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    const crossAccount = await fails(s3(server.url, outsider).send(new GetBucketCorsCommand({ Bucket: 'cors-site' })), 'AccessDenied', 403,
      `User: arn:aws:iam::${b.accountId}:user/outsider is not authorized to perform: s3:GetBucketCORS on resource: "arn:aws:s3:::cors-site" because no resource-based policy allows the s3:GetBucketCORS action`);
    assert.match(sagelite(['explain', requestIdOf(crossAccount), '--endpoint', server.url, '--data-dir', server.dataDir]), /s3:GetBucketCORS/);
  });

  it('a preflight that matches: 200 with the rule’s headers, no body, path-style and virtual-hosted', async () => {
    const expected = {
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, PUT',
      'access-control-allow-headers': 'content-type, x-amz-meta-color',
      'access-control-expose-headers': 'ETag, x-amz-request-id',
      'access-control-max-age': '3000',
      vary: VARY,
    };
    const asked = { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'Content-Type,X-Amz-Meta-Color' };
    const path = await send(server.url, 'OPTIONS', '/cors-site/dir/page.html', asked);
    assert.deepEqual([path.status, path.body, corsOf(path)], [200, '', expected]);
    assert.match(path.headers['x-amz-request-id'] ?? '', /./);
    const port = new URL(server.url).port;
    const virtual = await send(server.url, 'OPTIONS', '/dir/page.html', { ...asked, host: `cors-site.localhost:${port}` });
    assert.deepEqual([virtual.status, corsOf(virtual)], [200, expected]);
    // One `*` in an origin stands for any run of characters; a rule of `*` answers `*`, without credentials.
    const wildcardHost = await send(server.url, 'OPTIONS', '/cors-site', { origin: 'http://shop.eu.example.org', 'access-control-request-method': 'GET' });
    assert.equal(wildcardHost.headers['access-control-allow-origin'], 'http://shop.eu.example.org');
    const anyOrigin = await send(server.url, 'OPTIONS', '/cors-site/x', { origin: 'https://elsewhere.test', 'access-control-request-method': 'HEAD' });
    assert.deepEqual([anyOrigin.status, corsOf(anyOrigin)], [200, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD', vary: VARY }]);
  });

  it('a preflight refused: S3’s 400s and 403 AccessForbidden bodies, in S3’s order', async () => {
    const noOrigin = await send(server.url, 'OPTIONS', '/cors-site/dir/page.html', { 'access-control-request-method': 'GET' });
    assert.deepEqual([noOrigin.status, errorOf(noOrigin)], [400, [['Code', 'BadRequest'], ['Message', 'Insufficient information. Origin request header needed.']]]);
    const missing = await send(server.url, 'OPTIONS', '/cors-missing/k', { origin: 'https://app.example.com' });
    assert.deepEqual([missing.status, errorOf(missing)], [403, [['Code', 'AccessForbidden'], ['Message', 'CORSResponse: Bucket not found'], ['Method', 'OPTIONS'], ['ResourceType', 'BUCKET']]]);
    const disabled = await send(server.url, 'OPTIONS', '/cors-none/k', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' });
    assert.deepEqual([disabled.status, errorOf(disabled)], [403, [['Code', 'AccessForbidden'], ['Message', 'CORSResponse: CORS is not enabled for this bucket.'], ['Method', 'PUT'], ['ResourceType', 'BUCKET']]]);
    const noMethod = await send(server.url, 'OPTIONS', '/cors-site/k', { origin: 'https://app.example.com' });
    assert.deepEqual([noMethod.status, errorOf(noMethod)], [400, [['Code', 'BadRequest'], ['Message', 'Invalid Access-Control-Request-Method: null']]]);
    const refusals: Array<[string, Record<string, string>, string]> = [
      ['/cors-site/dir/page.html', { origin: 'https://app.example.com.evil.test', 'access-control-request-method': 'PUT' }, 'OBJECT'],
      ['/cors-site/dir/page.html', { origin: 'http://app.example.com', 'access-control-request-method': 'PUT' }, 'OBJECT'],
      ['/cors-site/dir/page.html', { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' }, 'OBJECT'],
      ['/cors-site/dir/page.html', { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }, 'OBJECT'],
      ['/cors-site', { origin: 'https://other.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-custom' }, 'BUCKET'],
    ];
    for (const [path, headers, resourceType] of refusals) {
      const refused = await send(server.url, 'OPTIONS', path, headers);
      assert.deepEqual([refused.status, errorOf(refused), corsOf(refused)], [403, [['Code', 'AccessForbidden'], ['Message', NOT_ALLOWED], ['Method', headers['access-control-request-method']!], ['ResourceType', resourceType]], {}], path);
    }
  });

  it('a preflight tells nothing of objects or of who asks: the same answer for an object that exists or not, signed or not, from any account', async () => {
    const asked = { origin: 'https://app.example.com', 'access-control-request-method': 'GET' };
    const existing = await send(server.url, 'OPTIONS', '/cors-site/dir/page.html', asked);
    const absent = await send(server.url, 'OPTIONS', '/cors-site/dir/none.html', asked);
    const signedByB = await send(server.url, 'OPTIONS', '/cors-site/dir/page.html', { ...asked, authorization: `AWS4-HMAC-SHA256 Credential=${b.accessKeyId}/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00` });
    for (const answer of [existing, absent, signedByB]) {
      assert.equal(answer.status, 200);
      assert.equal(answer.body, '');
      assert.deepEqual(corsOf(answer), corsOf(existing));
      for (const revealing of ['etag', 'last-modified', 'x-amz-meta-secret', 'content-type', 'x-amz-server-side-encryption']) assert.equal(answer.headers[revealing], undefined, revealing);
    }
  });

  it('actual requests: a matching Origin gets the rule’s headers (for the method, or Access-Control-Request-Method), errors included', async () => {
    const owner = s3(server.url, a);
    await owner.send(new DeletePublicAccessBlockCommand({ Bucket: 'cors-site' }));
    await owner.send(new PutBucketPolicyCommand({ Bucket: 'cors-site', Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::cors-site/dir/*' }) }));
    const appHeaders = { 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET, PUT', 'access-control-expose-headers': 'ETag, x-amz-request-id', 'access-control-max-age': '3000', vary: VARY };
    const got = await send(server.url, 'GET', '/cors-site/dir/page.html', { origin: 'https://app.example.com' });
    assert.deepEqual([got.status, got.body, corsOf(got)], [200, '<p>hello</p>', appHeaders]);
    const port = new URL(server.url).port;
    const virtual = await send(server.url, 'GET', '/dir/page.html', { origin: 'https://app.example.com', host: `cors-site.localhost:${port}` });
    assert.deepEqual([virtual.status, corsOf(virtual)], [200, appHeaders]);
    // Errors carry them too: a key that does not exist (anonymous, allowed to read dir/*, but not to list: 403).
    const absent = await send(server.url, 'GET', '/cors-site/dir/none.html', { origin: 'https://app.example.com' });
    assert.deepEqual([absent.status, corsOf(absent)], [403, appHeaders]);
    const denied = await send(server.url, 'PUT', '/cors-site/dir/new.html', { origin: 'https://app.example.com', 'content-length': '0' });
    assert.deepEqual([denied.status, corsOf(denied)], [403, appHeaders]);
    // No Origin, an origin no rule allows, or a method the rule does not (S3 judges by Access-Control-Request-Method when sent): no CORS headers.
    assert.deepEqual(corsOf(await send(server.url, 'GET', '/cors-site/dir/page.html')), {});
    assert.deepEqual(corsOf(await send(server.url, 'DELETE', '/cors-site/dir/page.html', { origin: 'https://app.example.com' })), {});
    assert.deepEqual(corsOf(await send(server.url, 'GET', '/cors-site/dir/page.html', { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' })), {});
    const other = await send(server.url, 'GET', '/cors-site/dir/page.html', { origin: 'https://elsewhere.test' });
    assert.deepEqual(corsOf(other), { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD', vary: VARY });
    // A bucket without rules, or none at all: nothing.
    assert.deepEqual(corsOf(await send(server.url, 'GET', '/cors-none/k', { origin: 'https://app.example.com' })), {});
    assert.deepEqual(corsOf(await send(server.url, 'GET', '/cors-missing/k', { origin: 'https://app.example.com' })), {});
  });
});
