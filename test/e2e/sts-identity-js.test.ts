import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

function sts(url: string, creds: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) {
  return new STSClient({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; message: string; $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

describe('STS GetCallerIdentity with the AWS SDK for JavaScript v3', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    root = createAccount(server.dataDir, 'account-a');
  });
  after(() => server.stop());

  it('answers a root key with the account id as UserId and the root ARN', async () => {
    const out = await sts(server.url, root).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, root.accountId);
    assert.equal(out.UserId, root.accountId);
    assert.equal(out.Arn, `arn:aws:iam::${root.accountId}:root`);
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (403)', async () => {
    const e = await rejection(sts(server.url, { accessKeyId: root.accessKeyId, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.match(e.message, /^The request signature we calculated does not match the signature you provided/);
  });

  it('refuses an unknown access key with InvalidClientTokenId (403)', async () => {
    const e = await rejection(sts(server.url, { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: root.secretAccessKey }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'InvalidClientTokenId');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.message, 'The security token included in the request is invalid.');
  });

  it('refuses a clock 20 minutes slow: Signature expired', async () => {
    const e = await rejection(sts(server.url, root, { systemClockOffset: -20 * 60_000 }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  it('refuses a clock 20 minutes fast: Signature not yet current', async () => {
    const e = await rejection(sts(server.url, root, { systemClockOffset: 20 * 60_000 }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.match(e.message, /^Signature not yet current: /);
  });

  it('accepts a clock 14 minutes off', async () => {
    const out = await sts(server.url, root, { systemClockOffset: -14 * 60_000 }).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, root.accountId);
  });

  it('validates input against the model before anything else: ValidationError', async () => {
    const e = await rejection(sts(server.url, root).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'a b' })));
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  });

  describe('presigned URLs', () => {
    const presign = async (expiresIn: number) => {
      const u = new URL(server.url);
      const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: root, sha256: Sha256 });
      const req = new HttpRequest({
        method: 'GET',
        protocol: u.protocol,
        hostname: u.hostname,
        port: Number(u.port),
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: u.host },
      });
      const signed = await signer.presign(req, { expiresIn });
      const qs = new URLSearchParams(signed.query as Record<string, string>).toString();
      return `${server.url}/?${qs}`;
    };

    it('serves a presigned GetCallerIdentity fetched with plain fetch', async () => {
      const res = await fetch(await presign(60));
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.match(text, new RegExp(`<Account>${root.accountId}</Account>`));
    });

    it('refuses it once expired (server clock moved forward by the operator)', async () => {
      const url = await presign(1);
      const admin = new AdminClient({ endpoint: server.url, credentials: server.operatorKey() });
      await admin.call('AdvanceClock', { Milliseconds: 5_000 });
      const res = await fetch(url);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: /);
    });
  });
});
