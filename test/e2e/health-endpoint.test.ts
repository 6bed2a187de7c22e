import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SAGELITE_VERSION } from '../../src/core/version.js';
import { BIN, cleanEnv, exited, listeningUrl, unprivileged } from './cli-process.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { bodyBytes, s3 } from './s3-objects-helpers.js';

const SERVICES = { sts: 'running', iam: 'running', s3: 'running', sagemaker: 'running', 'sagemaker-featurestore-runtime': 'running', glue: 'running', athena: 'running', ram: 'running', kms: 'running' };

/** One raw HTTP request (any method, path and Host), as curl would send it. */
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /_sagelite/health: unauthenticated, about the server only; every other /_sagelite/ path is as before', () => {
  let server: ServerProcess;
  let owner: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    owner = createAccount(server.dataDir);
  });
  after(() => server.stop());

  it('answers the version, the services and the data directory, to GET and HEAD, whatever the query or signature', async () => {
    const r = await raw(server.url, 'GET', '/_sagelite/health');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(r.body), { status: 'ok', version: SAGELITE_VERSION, services: SERVICES, dataDir: { path: server.dataDir, writable: true } });
    const head = await raw(server.url, 'HEAD', '/_sagelite/health');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(r.body)));
    // Nothing of the request but its path and method matters: a query or a tenant's signature changes nothing.
    assert.equal((await raw(server.url, 'GET', '/_sagelite/health?bucket=x&list-type=2&prefix=')).body, r.body);
    const signed = await raw(server.url, 'GET', '/_sagelite/health', {
      authorization: `AWS4-HMAC-SHA256 Credential=${owner.accessKeyId}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    });
    assert.equal(signed.status, 200);
    assert.equal(signed.body, r.body);
  });

  it('leaves every other path, method and virtual-hosted bucket to S3, as before: no tenant data through it', async () => {
    const noBucket = /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>_sagelite<\/BucketName>/;
    for (const path of ['/_sagelite/other', '/_sagelite/health/', '/_sagelite', '/%5Fsagelite/health']) {
      const r = await raw(server.url, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.match(r.body, noBucket, path);
      assert.ok(r.headers['x-amz-request-id'], path);
    }
    const post = await raw(server.url, 'POST', '/_sagelite/health');
    assert.notEqual(post.status, 200);
    assert.match(post.body, /<Error><Code>/);

    // A tenant's object under the key "_sagelite/health", addressed virtual-hosted: S3's, with S3's access rules.
    const bucket = `health-${owner.accountId}`;
    const client = s3(server.url, owner, 'virtual');
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: '_sagelite/health', Body: 'tenant bytes' }));
    const host = `${bucket}.localhost:${new URL(server.url).port}`;
    const anonymous = await raw(server.url, 'GET', '/_sagelite/health', { host });
    assert.equal(anonymous.status, 403);
    assert.match(anonymous.body, /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
    assert.doesNotMatch(anonymous.body, /tenant bytes|running/);
    const own = await client.send(new GetObjectCommand({ Bucket: bucket, Key: '_sagelite/health' }));
    assert.equal((await bodyBytes(own)).toString(), 'tenant bytes');
    client.destroy();
  });

  it('does not show the data directory’s path when the server listens beyond loopback', async () => {
    const wide = await ServerProcess.start({ extraArgs: ['--host', '0.0.0.0'] });
    try {
      const port = new URL(wide.url).port;
      const r = await raw(`http://127.0.0.1:${port}`, 'GET', '/_sagelite/health');
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.body).dataDir, { writable: true });
    } finally {
      await wide.stop();
    }
  });

  it('answers 503 "degraded" when the data directory can no longer be written', { skip: unprivileged() ? false : 'needs a non-root user that can run node here' }, async () => {
    const user = unprivileged()!;
    const work = mkdtempSync(join(tmpdir(), 'sagelite-health-'));
    chmodSync(work, 0o755);
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    if (process.getuid!() === 0) chownSync(dataDir, user.uid, user.gid);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv({ HOME: work }) });
    try {
      const url = await listeningUrl(child.stdout!);
      assert.equal((await raw(url, 'GET', '/_sagelite/health')).status, 200);
      chmodSync(dataDir, 0o500);
      const r = await raw(url, 'GET', '/_sagelite/health');
      assert.equal(r.status, 503);
      assert.deepEqual(JSON.parse(r.body), { status: 'degraded', version: SAGELITE_VERSION, services: SERVICES, dataDir: { path: dataDir, writable: false, problem: 'EACCES on the directory' } });
      chmodSync(dataDir, 0o700);
      assert.equal((await raw(url, 'GET', '/_sagelite/health')).status, 200);
    } finally {
      child.kill('SIGTERM');
      await exited(child, 30_000);
      rmSync(work, { recursive: true, force: true });
    }
  });
});
