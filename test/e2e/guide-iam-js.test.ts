import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  assumeCrossAccountRolePolicy, athenaResultsPolicy, CROSS_ACCOUNT_ROLE, CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, DEFAULT_EXECUTION_ROLE, EXECUTION_ROLE_MANAGED_POLICIES,
  executionRoleTrustPolicy, featureStoreS3Policy, finalTrustPolicy, initialTrustPolicy, type GuideAccounts,
} from '../../src/guide/cross-account-policies.js';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { notebookCredentials } from './guide-setup.js';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const iam = (url: string, credentials: Creds) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const sts = (url: string, credentials: Creds, systemClockOffset = 0) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset });

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; message: string; $metadata: { httpStatusCode?: number; requestId?: string } };
  }
  throw new Error('expected the call to fail');
}

describe("the guide's IAM steps, with the guide's own policies (JS SDK v3)", () => {
  let server: ServerProcess;
  let admin: AdminClient;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  let crossRoleArn: string;
  /** The notebook's credentials: A's execution role, as SageMaker hands it over. */
  let notebook: Creds;


  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    admin = new AdminClient({ endpoint: server.url, credentials: server.operatorKey() });
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'sagemaker-athena-results-a' };
    crossRoleArn = `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`;

    // Inside account B: the role A will assume, trusting account A, with the guide's policies.
    const inB = iam(server.url, b);
    await inB.send(new CreateRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE, AssumeRolePolicyDocument: initialTrustPolicy(g) }));
    for (const arn of CROSS_ACCOUNT_ROLE_MANAGED_POLICIES) await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));
    const custom = await inB.send(new CreatePolicyCommand({ PolicyName: 'athena-results-cross-account', PolicyDocument: athenaResultsPolicy(g) }));
    await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: custom.Policy!.Arn! }));

    // Inside account A: the notebook's execution role and its policies.
    const inA = iam(server.url, a);
    await inA.send(new CreateRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE, AssumeRolePolicyDocument: executionRoleTrustPolicy() }));
    for (const arn of EXECUTION_ROLE_MANAGED_POLICIES) await inA.send(new AttachRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyArn: arn }));
    await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'FeatureStoreS3AccessPolicy', PolicyDocument: featureStoreS3Policy() }));
    await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role', PolicyDocument: assumeCrossAccountRolePolicy(g) }));
    notebook = await notebookCredentials(server, g);
  });
  after(() => server.stop());

  it('lets the notebook assume B’s role while the trust names account A and A’s role allows sts:AssumeRole', async () => {
    const out = await sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'notebook' }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{16}:notebook$/);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${b.accountId}:assumed-role/${CROSS_ACCOUNT_ROLE}/notebook`);
    const who = await sts(server.url, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, b.accountId);
    assert.equal(who.Arn, out.AssumedRoleUser!.Arn);
    assert.equal(who.UserId, out.AssumedRoleUser!.AssumedRoleId);
  });

  it('denies it when the trust names only account A and A’s role lacks sts:AssumeRole, and explains why', async () => {
    await iam(server.url, a).send(new DeleteRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role' }));
    try {
      const e = await rejection(sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'notebook' })));
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.$metadata.httpStatusCode, 403);
      assert.match(e.message, new RegExp(`^User: arn:aws:sts::${a.accountId}:assumed-role/${DEFAULT_EXECUTION_ROLE}/SageMaker is not authorized to perform: sts:AssumeRole on resource: ${crossRoleArn} because no identity-based policy allows the sts:AssumeRole action$`));
      const explanation = sagelite(['explain', e.$metadata.requestId!, '--endpoint', server.url, '--data-dir', server.dataDir]);
      assert.match(explanation, /ImplicitDeny|implicit/i);
      assert.match(explanation, /trust policy of arn:aws:iam::\d{12}:role\/cross-account-assume-role/);
      assert.match(explanation, /AmazonSageMakerFullAccess/);
    } finally {
      await iam(server.url, a).send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role', PolicyDocument: assumeCrossAccountRolePolicy(g) }));
    }
  });

  it('denies it when B’s trust policy does not name A at all', async () => {
    const inB = iam(server.url, b);
    const other = createAccount(server.dataDir);
    await inB.send(new UpdateAssumeRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyDocument: initialTrustPolicy({ ...g, accountA: other.accountId }) }));
    try {
      const e = await rejection(sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'notebook' })));
      assert.equal(e.name, 'AccessDenied');
      assert.match(e.message, new RegExp(`is not authorized to perform: sts:AssumeRole on resource: ${crossRoleArn}$`));
    } finally {
      await inB.send(new UpdateAssumeRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyDocument: initialTrustPolicy(g) }));
    }
  });

  it('works with the guide’s final trust policy (execution role + SageMaker) and caps the chained session at one hour', async () => {
    await iam(server.url, b).send(new UpdateAssumeRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyDocument: finalTrustPolicy(g) }));
    const ok = await sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'notebook', DurationSeconds: 3600 }));
    assert.ok(ok.Credentials);
    const e = await rejection(sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'notebook', DurationSeconds: 3601 })));
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });

  it('breaks the trust when A’s execution role is deleted and recreated (the trust bound its unique id)', async () => {
    const inA = iam(server.url, a);
    for (const name of ['FeatureStoreS3AccessPolicy', 'assume-cross-account-role']) await inA.send(new DeleteRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: name }));
    for (const arn of EXECUTION_ROLE_MANAGED_POLICIES) await inA.send(new DetachRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyArn: arn }));
    await inA.send(new DeleteRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE }));
    const shown = await iam(server.url, b).send(new GetRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE }));
    const trust = JSON.parse(decodeURIComponent(shown.Role!.AssumeRolePolicyDocument!)) as { Statement: Array<{ Principal: { AWS: string } }> };
    assert.match(trust.Statement[0]!.Principal.AWS, /^AROA[A-Z2-7]{16}$/, 'a deleted principal shows as its unique id');

    await inA.send(new CreateRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE, AssumeRolePolicyDocument: executionRoleTrustPolicy() }));
    await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role', PolicyDocument: assumeCrossAccountRolePolicy(g) }));
    const recreated = await notebookCredentials(server, g);
    const e = await rejection(sts(server.url, recreated).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'notebook' })));
    assert.equal(e.name, 'AccessDenied');
  });

  it('expires the session: its credentials then get ExpiredToken', async () => {
    // Trust the recreated execution role again (binding its new unique id).
    await iam(server.url, b).send(new UpdateAssumeRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyDocument: finalTrustPolicy(g) }));
    notebook = await notebookCredentials(server, g);
    const out = await sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: crossRoleArn, RoleSessionName: 'short', DurationSeconds: 900 }));
    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    assert.equal((await sts(server.url, session).send(new GetCallerIdentityCommand({}))).Account, b.accountId);
    await admin.call('AdvanceClock', { Milliseconds: 901_000 });
    // The client's clock moves with the server's, so the signature is fresh and only the token is old.
    const e = await rejection(sts(server.url, session, 901_000).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'ExpiredToken');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.message, 'The security token included in the request is expired');
  });
});

