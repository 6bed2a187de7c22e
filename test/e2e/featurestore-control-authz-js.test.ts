import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, ListFeatureGroupsCommand, SageMakerClient, type CreateFeatureGroupCommandInput } from '@aws-sdk/client-sagemaker';
import { CROSS_ACCOUNT_ROLE, DEFAULT_EXECUTION_ROLE, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { createGuideRoles, notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const sagemaker = (url: string, c: Creds) => new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const group = (name: string, over: Partial<CreateFeatureGroupCommandInput> = {}): CreateFeatureGroupCommandInput => ({
  FeatureGroupName: name, RecordIdentifierFeatureName: 'pid', EventTimeFeatureName: 'created_at',
  FeatureDefinitions: [{ FeatureName: 'pid', FeatureType: 'Integral' }, { FeatureName: 'created_at', FeatureType: 'Fractional' }],
  OnlineStoreConfig: { EnableOnlineStore: true }, ...over,
});

describe('SageMaker feature groups: who may create, pass a role and read them, across accounts (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let inB: IAMClient;
  let offlineRole: string;

  /** A user of B with the given inline policy, and its SageMaker client. */
  async function userWith(name: string, document: string): Promise<SageMakerClient> {
    await inB.send(new CreateUserCommand({ UserName: name }));
    await inB.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }));
    const key = (await inB.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return sagemaker(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  }
  const offline = (role: string) => ({ OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/fs' } }, RoleArn: role });

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    inB = iamClient(server.url, b);
    offlineRole = (await inB.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }))).Role!.Arn!;
  });
  after(() => server.stop());

  it('needs iam:PassRole on the RoleArn, for sagemaker.amazonaws.com, besides sagemaker:CreateFeatureGroup', async () => {
    const noPass = await userWith('analyst', policy({ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }));
    await assertAwsError(noPass.send(new CreateFeatureGroupCommand(group('with-role', offline(offlineRole)))), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/analyst is not authorized to perform: iam:PassRole on resource: ${offlineRole} because no identity-based policy allows the iam:PassRole action`);
    await noPass.send(new CreateFeatureGroupCommand(group('online-only')));

    const toGlue = await userWith('glue-passer', policy(
      { Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } } },
    ));
    await assertAwsError(toGlue.send(new CreateFeatureGroupCommand(group('with-role', offline(offlineRole)))), 'AccessDeniedException', 400, /not authorized to perform: iam:PassRole on resource: /);

    const passer = await userWith('passer', policy(
      { Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: offlineRole, Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } },
      // The offline store's Glue database and table are created with the caller's permissions (as AmazonSageMakerFullAccess grants them).
      { Effect: 'Allow', Action: ['glue:CreateDatabase', 'glue:CreateTable'], Resource: '*' },
    ));
    await passer.send(new CreateFeatureGroupCommand(group('with-role', offline(offlineRole))));
    const denied = await userWith('no-create', policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }));
    await assertAwsError(denied.send(new CreateFeatureGroupCommand(group('x', offline(offlineRole)))), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/no-create is not authorized to perform: sagemaker:CreateFeatureGroup on resource: arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/x because no identity-based policy allows the sagemaker:CreateFeatureGroup action`);
  });

  it('refuses a role that does not exist or whose trust does not let SageMaker assume it', async () => {
    const sm = sagemaker(server.url, b);
    const message = (arn: string) => `The execution role ARN "${arn}" is invalid. Please ensure that the role exists and that its trust relationship policy allows the action "sts:AssumeRole" for the service principal "sagemaker.amazonaws.com".`;
    const missing = `arn:aws:iam::${b.accountId}:role/missing`;
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(group('r1', offline(missing)))), 'ValidationException', 400, message(missing));
    const ec2 = (await inB.send(new CreateRoleCommand({ RoleName: 'ec2-only', AssumeRolePolicyDocument: trustPolicy({ Service: 'ec2.amazonaws.com' }) }))).Role!.Arn!;
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(group('r2', offline(ec2)))), 'ValidationException', 400, message(ec2));
    const pinned = (account: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } }] });
    const wrongAccount = (await inB.send(new CreateRoleCommand({ RoleName: 'pinned-to-a', AssumeRolePolicyDocument: pinned(a.accountId) }))).Role!.Arn!;
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(group('r3', offline(wrongAccount)))), 'ValidationException', 400, message(wrongAccount));
    const rightAccount = (await inB.send(new CreateRoleCommand({ RoleName: 'pinned-to-b', AssumeRolePolicyDocument: pinned(b.accountId) }))).Role!.Arn!;
    await sm.send(new CreateFeatureGroupCommand(group('r4', offline(rightAccount))));
    const otherAccountsRole = `arn:aws:iam::${a.accountId}:role/fs-offline`;
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(group('r5', offline(otherAccountsRole)))), 'AccessDeniedException', 400, /iam:PassRole on resource: arn:aws:iam::\d{12}:role\/fs-offline/);
  });

  it('matches policies on the lower-case group ARN, with aws:RequestTag on create and aws:ResourceTag on the group', async () => {
    const scoped = await userWith('scoped', policy(
      { Effect: 'Allow', Action: 'sagemaker:DescribeFeatureGroup', Resource: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/online-*` },
      { Effect: 'Allow', Action: 'sagemaker:DescribeFeatureGroup', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'ml' } } },
      { Effect: 'Allow', Action: 'sagemaker:CreateFeatureGroup', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'ml' } } },
    ));
    assert.equal((await scoped.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'ONLINE-only' }))).FeatureGroupName, 'online-only');
    await assertAwsError(scoped.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'With-Role' })), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/scoped is not authorized to perform: sagemaker:DescribeFeatureGroup on resource: arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/with-role because no identity-based policy allows the sagemaker:DescribeFeatureGroup action`);
    await assertAwsError(scoped.send(new CreateFeatureGroupCommand(group('untagged'))), 'AccessDeniedException', 400, /sagemaker:CreateFeatureGroup on resource: .*feature-group\/untagged/);
    await scoped.send(new CreateFeatureGroupCommand(group('tagged', { Tags: [{ Key: 'team', Value: 'ml' }] })));
    assert.equal((await scoped.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'tagged' }))).FeatureGroupName, 'tagged');
  });

  it('lets A’s notebook, as B’s assumed role, create and describe B’s groups by ARN; A itself is refused', async () => {
    const g: GuideAccounts = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'sagemaker-athena-results-a' };
    await createGuideRoles(server.url, a, b, g);
    const notebook = await notebookCredentials(server, g);
    const assumed = (await new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: notebook, maxAttempts: 1 })
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`, RoleSessionName: 'notebook' }))).Credentials!;
    const inBAsA = sagemaker(server.url, { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! });

    // The sample's second notebook: the group's RoleArn is the cross-account role itself (AmazonSageMakerFullAccess lets it pass roles to SageMaker).
    const roleArn = `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`;
    const created = await inBAsA.send(new CreateFeatureGroupCommand(group('purchases', offline(roleArn))));
    assert.equal(created.FeatureGroupArn, `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/purchases`);
    for (const arn of [created.FeatureGroupArn!, `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/online-only`]) {
      const d = await inBAsA.send(new DescribeFeatureGroupCommand({ FeatureGroupName: arn }));
      assert.equal(d.FeatureGroupArn, arn);
    }
    assert.equal((await inBAsA.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'purchases' }))).RoleArn, roleArn);

    await assertAwsError(sagemaker(server.url, notebook).send(new DescribeFeatureGroupCommand({ FeatureGroupName: created.FeatureGroupArn! })), 'AccessDeniedException', 400,
      new RegExp(`^User: arn:aws:sts::${a.accountId}:assumed-role/${DEFAULT_EXECUTION_ROLE}/SageMaker is not authorized to perform: sagemaker:DescribeFeatureGroup on resource: ${created.FeatureGroupArn}`));
    await assertAwsError(sagemaker(server.url, a).send(new DescribeFeatureGroupCommand({ FeatureGroupName: created.FeatureGroupArn! })), 'AccessDeniedException', 400,
      /is not authorized to perform: sagemaker:DescribeFeatureGroup/);
    assert.deepEqual((await sagemaker(server.url, notebook).send(new ListFeatureGroupsCommand({}))).FeatureGroupSummaries, [], 'A lists its own groups only');
  });
});
