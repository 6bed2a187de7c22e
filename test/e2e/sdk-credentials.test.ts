import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CROSS_ACCOUNT_ROLE, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { crossAccountCredentials } from '../../packages/sdk/src/index.js';
import { createGuideRoles, notebookCredentials, type SessionCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { rejection } from './iam-helpers.js';

/**
 * The sample's long-running session, across expiry without waiting: the server runs a test clock,
 * and the provider's clock (which it also signs its AssumeRole calls with) moves with it.
 */
describe('SDK crossAccountCredentials: a session that renews itself across expiry (test clock)', () => {
  let server: ServerProcess;
  let admin: AdminClient;
  let a: AccountKeys;
  let b: AccountKeys;
  let notebook: SessionCredentials;
  let roleArn: string;
  let skewMs = 0;
  const now = () => new Date(Date.now() + skewMs);
  /** Moves the server's clock and the test's (provider and signing) clock together. */
  const advance = async (ms: number) => {
    await admin.call('AdvanceClock', { Milliseconds: ms });
    skewMs += ms;
  };
  /** A fresh client signing on the moved clock (the SDK caches credentials per client). */
  const sts = (credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider) =>
    new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: skewMs });

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    admin = new AdminClient({ endpoint: server.url, credentials: server.operatorKey(), clockOffsetMs: () => skewMs });
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    const g: GuideAccounts = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'sagemaker-athena-results-a' };
    await createGuideRoles(server.url, a, b, g);
    notebook = await notebookCredentials(server, g);
    roleArn = `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`;
  });
  after(() => server.stop());

  it('assumes B’s role from A’s notebook, refreshes 5 minutes before expiry, and the expired session is refused by the server', async () => {
    const credentials = crossAccountCredentials({
      roleArn, roleSessionName: 'long-job', durationSeconds: 900, sourceCredentials: notebook, endpoint: server.url, now,
      stsClientConfig: { maxAttempts: 1 },
    });
    const who = await sts(credentials).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, b.accountId);
    assert.equal(who.Arn, `arn:aws:sts::${b.accountId}:assumed-role/${CROSS_ACCOUNT_ROLE}/long-job`);
    const first = credentials.current()!;
    assert.match(first.accessKeyId, /^ASIA/);
    assert.equal(first.accountId, b.accountId);

    // 601 s in: 299 s left, inside the 5-minute window. The next use renews first.
    await advance(601_000);
    await sts(credentials).send(new GetCallerIdentityCommand({}));
    const second = credentials.current()!;
    assert.notEqual(second.accessKeyId, first.accessKeyId, 'a new session was assumed before the old one expired');
    // 601 s of test clock, plus the real seconds the calls took (whole seconds: a loaded machine may cross one or more).
    const sessionsApart = second.expiresAt.getTime() - first.expiresAt.getTime();
    assert.ok(sessionsApart >= 601_000 && sessionsApart <= 631_000, `the new session runs 900 s from the refresh (${sessionsApart} ms apart)`);
    assert.equal((await sts(first).send(new GetCallerIdentityCommand({}))).Account, b.accountId, 'the old session still works until its expiry');

    // 901 s in: the first session has expired on the server; the provider keeps using the second.
    await advance(300_000);
    const expired = await rejection(sts(first).send(new GetCallerIdentityCommand({})));
    assert.equal(expired.name, 'ExpiredToken');
    assert.equal(expired.$metadata.httpStatusCode, 403);
    assert.equal(expired.message, 'The security token included in the request is expired');
    assert.equal((await sts(credentials).send(new GetCallerIdentityCommand({}))).Account, b.accountId);
    assert.equal(credentials.current()!.accessKeyId, second.accessKeyId, '600 s left: no refresh yet');

    // Far past the second session's expiry too: the provider assumes the role again.
    await advance(1_000_000);
    assert.equal((await sts(credentials).send(new GetCallerIdentityCommand({}))).Account, b.accountId);
    const third = credentials.current()!;
    assert.notEqual(third.accessKeyId, second.accessKeyId);
    assert.equal((await rejection(sts(second).send(new GetCallerIdentityCommand({})))).name, 'ExpiredToken');
  });

  it('concurrent first uses share one AssumeRole', async () => {
    const credentials = crossAccountCredentials({ roleArn, roleSessionName: 'fan-out', durationSeconds: 900, sourceCredentials: notebook, endpoint: server.url, now });
    const ids = await Promise.all(Array.from({ length: 8 }, () => credentials()));
    assert.equal(new Set(ids.map((i) => i.accessKeyId)).size, 1);
  });

  it('surfaces AssumeRole’s error through the client that needed the credentials', async () => {
    const credentials = crossAccountCredentials({
      roleArn, roleSessionName: 'denied', sourceCredentials: a, endpoint: server.url, now, stsClientConfig: { maxAttempts: 1 },
    });
    const e = await rejection(sts(credentials).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.message, 'Roles may not be assumed by root accounts.');
    assert.equal(credentials.current(), undefined);
  });

  it('refuses more than an hour when chaining roles (the notebook is itself a role session), with STS’s ValidationError', async () => {
    const credentials = crossAccountCredentials({
      roleArn, roleSessionName: 'too-long', durationSeconds: 3601, sourceCredentials: notebook, endpoint: server.url, now, stsClientConfig: { maxAttempts: 1 },
    });
    const e = await rejection(credentials());
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });
});
