import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { bodyBytes, patterned, s3 } from './s3-objects-helpers.js';

interface Answer {
  status: number;
  /** Interim 1xx answers received before the final one. */
  interim: number[];
  bodySent: boolean;
}

/** A PUT that sends its body only if the server answers 100 Continue (as clients with `Expect: 100-continue` do). */
function putExpecting(url: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const interim: number[] = [];
    let bodySent = false;
    const req = request(`${url}${path}`, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) } });
    req.on('information', (info) => interim.push(info.statusCode));
    req.on('continue', () => {
      bodySent = true;
      req.end(body);
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        if (!bodySent) req.destroy();
        resolve({ status: res.statusCode ?? 0, interim, bodySent });
      });
    });
    req.on('error', (e) => (bodySent ? reject(e) : undefined));
    req.flushHeaders();
  });
}

/**
 * `Expect` as S3 treats it (issue 16's conformance findings): 100 Continue only for a request the
 * server will read — never before it is authorized — and an expectation it does not know is
 * ignored, not refused with 417.
 */
describe('S3: Expect: 100-continue after authorization, other expectations ignored', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'expect-a');
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: 'expect' }));
  });
  after(() => server.stop());

  it('an upload that is refused gets its 403 without a 100 Continue, so its body is never sent', async () => {
    const big = Buffer.alloc(24 * 1024 * 1024);
    const forged = {
      expect: '100-continue',
      authorization: `AWS4-HMAC-SHA256 Credential=${a.accessKeyId}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      'x-amz-date': '20260101T000000Z',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    };
    const refused = await putExpecting(server.url, '/expect/refused.bin', forged, big);
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.interim, [], 'no 100 Continue before the refusal');
    assert.equal(refused.bodySent, false);
  });

  it('an authorized upload with Expect: 100-continue (the JS SDK sends it for large bodies) is read and stored', async () => {
    const body = patterned(3 * 1024 * 1024, 7);
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'expect', Key: 'ok.bin', Body: body }));
    assert.deepEqual(await bodyBytes(await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'expect', Key: 'ok.bin' }))), body);
  });

  it('an expectation S3 does not know is ignored, not answered 417', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/expect/x`, { method: 'GET', headers: { expect: 'something-else' } });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    assert.notEqual(answer, 417);
    assert.equal(answer, 403, 'an unsigned GET of a private object is refused as any other');
  });
});
