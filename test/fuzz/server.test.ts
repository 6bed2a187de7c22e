import { seededRandom } from './random.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createAccount, ServerProcess, type AccountKeys } from '../e2e/harness.js';

// Bounded fuzzing of the real server process over loopback: malformed AWS requests (no real client
// can send these, so they are written by hand) must get AWS errors, never a 500, a hang or a crash.
const REQUESTS = 400;
const TIME_CAP_MS = 20_000;


const AUTHS = [
  '',
  'AWS4-HMAC-SHA256',
  'AWS4-HMAC-SHA256 Credential=AKIAAAAAAAAAAAAAAAAA/20261127/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
  'AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=, Signature=',
  'AWS AKIAAAAAAAAAAAAAAAAA:abc=',
  'AWS4-HMAC-SHA256 Credential=%%%/\u00e9/x/s3/aws4_request,SignedHeaders=host,Signature=zz',
];
const TARGETS = ['', 'SageMaker.ListFeatureGroups', 'AWSGlue.Nope', 'AmazonAthena.', 'Sagelite.AdvanceClock', '.', 'x'.repeat(500)];
const SHAS = ['', 'UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'zz', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'];
const PATHS = ['/', '/bucket', '/bucket/key//./x', '/FeatureGroup/arn%3Aaws%3Asagemaker', '/%ZZ', '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=abc', '/?Action=AssumeRole&RoleSessionName=a'];
const BODIES = ['', '{', '{"FeatureGroupName": 5}', 'Action=GetCallerIdentity&Version=2011-06-15', '5;chunk-signature=zz\r\nhello\r\n', 'ffffffffffffffff\r\n', '<a><b>', '\u0000\u0001\u0002'];

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

describe('fuzz: the real server answers malformed requests with AWS errors', () => {
  let server: ServerProcess;
  let keys: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    keys = createAccount(server.dataDir);
  });
  after(() => server.stop());

  it(`${REQUESTS} malformed requests: no 500, no hang`, async () => {
    const next = seededRandom(7);
    const deadline = Date.now() + TIME_CAP_MS;
    let sent = 0;
    for (; sent < REQUESTS && Date.now() < deadline; sent++) {
      const headers: Record<string, string> = {};
      const auth = pick(next, AUTHS);
      if (auth) headers['authorization'] = auth;
      const target = pick(next, TARGETS);
      if (target) headers['x-amz-target'] = target;
      const sha = pick(next, SHAS);
      if (sha) headers['x-amz-content-sha256'] = sha;
      if (next() < 0.5) headers['x-amz-date'] = next() < 0.5 ? '20261127T000000Z' : 'yesterday';
      if (next() < 0.3) headers['x-amz-decoded-content-length'] = String(Math.floor(next() * 10) - 2);
      if (next() < 0.3) headers['content-type'] = 'application/x-www-form-urlencoded';
      const method = pick(next, ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']);
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(next, BODIES);
      const res = await fetch(server.url + pick(next, PATHS), { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      assert.ok(res.status >= 400 && res.status < 500 || res.status === 501, `status ${res.status} for ${method} ${JSON.stringify(headers)}`);
    }
    assert.ok(sent > 50, `only ${sent} requests were sent in time`);
  });

  it('raw garbage on the socket does not take the server down', async () => {
    for (const garbage of ['\u0000\u0001\u0002\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 'GET /' + 'a'.repeat(100_000) + ' HTTP/1.1\r\n\r\n']) {
      await new Promise<void>((resolve) => {
        const u = new URL(server.url);
        const s = connect(Number(u.port), u.hostname, () => s.end(garbage));
        s.on('data', () => {});
        s.on('close', () => resolve());
        s.on('error', () => resolve());
        s.setTimeout(5000, () => s.destroy());
      });
    }
    const out = await new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, keys.accountId);
  });
});
