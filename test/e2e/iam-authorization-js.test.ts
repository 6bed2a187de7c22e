import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

const TRUST = trustPolicy({ Service: 'sagemaker.amazonaws.com' });

/** Creates a user with one inline policy and an access key, and returns a client signing as that user. */
async function asUser(root: IAMClient, url: string, userName: string, policy: object): Promise<IAMClient> {
  await root.send(new CreateUserCommand({ UserName: userName }));
  await root.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', ...policy }) }));
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  return iamClient(url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
}

describe('IAM operations are authorized with IAM\'s actions, resource ARNs and condition keys', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  let iam: IAMClient;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir, 'authz-a');
    iam = iamClient(server.url, root);
  });
  after(() => server.stop());

  it('a user may read only itself when its policy names its own user ARN; GetUser without a name answers for it', async () => {
    const self = await asUser(iam, server.url, 'self', {
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' }],
    });
    const me = await self.send(new GetUserCommand({}));
    assert.equal(me.User!.UserName, 'self');
    assert.equal((await self.send(new GetUserCommand({ UserName: 'self' }))).User!.UserName, 'self');
    await assertAwsError(
      self.send(new GetUserCommand({ UserName: 'alice-not-here' })),
      'AccessDenied',
      403,
      new RegExp(`^User: arn:aws:iam::${root.accountId}:user/self is not authorized to perform: iam:GetUser on resource: .*user/alice-not-here`),
    );
    await assertAwsError(self.send(new ListUsersCommand({})), 'AccessDenied', 403, /iam:ListUsers/);
  });

  it('an inactive key no longer signs', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dormant' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dormant' }))).AccessKey!;
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'dormant', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    await assertAwsError(iamClient(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetUserCommand({})), 'InvalidClientTokenId', 403, /security token/);
  });

  it('aws:RequestTag and aws:TagKeys decide CreateRole and TagRole; aws:ResourceTag decides GetRole', async () => {
    const tagger = await asUser(iam, server.url, 'tagger', {
      Statement: [
        { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:TagRole'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'ml' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } },
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'ml' } } },
      ],
    });
    await tagger.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'ml' }] }));
    await assertAwsError(tagger.send(new CreateRoleCommand({ RoleName: 'untagged', AssumeRolePolicyDocument: TRUST })), 'AccessDenied', 403, /iam:CreateRole/);
    await assertAwsError(
      tagger.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'ml' }, { Key: 'x', Value: 'y' }] })),
      'AccessDenied',
      403,
      /iam:CreateRole/,
    );
    assert.equal((await tagger.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!.RoleName, 'tagged');
    await iam.send(new CreateRoleCommand({ RoleName: 'foreign', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'web' }] }));
    await assertAwsError(tagger.send(new GetRoleCommand({ RoleName: 'foreign' })), 'AccessDenied', 403, /iam:GetRole/);
    await assertAwsError(tagger.send(new TagRoleCommand({ RoleName: 'foreign', Tags: [{ Key: 'team', Value: 'web' }] })), 'AccessDenied', 403, /iam:TagRole/);
  });

  it('iam:PolicyARN limits which policies a user may attach', async () => {
    const attacher = await asUser(iam, server.url, 'attacher', {
      Statement: [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' } } }],
    });
    await attacher.send(new AttachRolePolicyCommand({ RoleName: 'tagged', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    await assertAwsError(attacher.send(new AttachRolePolicyCommand({ RoleName: 'tagged', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })), 'AccessDenied', 403, /iam:AttachRolePolicy/);
  });

  it('managed policies are authorized on their own ARN (with path)', async () => {
    const creator = await asUser(iam, server.url, 'creator', {
      Statement: [{ Effect: 'Allow', Action: 'iam:CreatePolicy', Resource: `arn:aws:iam::${root.accountId}:policy/team/*` }],
    });
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    await creator.send(new CreatePolicyCommand({ PolicyName: 'ok', Path: '/team/', PolicyDocument: doc }));
    await assertAwsError(creator.send(new CreatePolicyCommand({ PolicyName: 'no', PolicyDocument: doc })), 'AccessDenied', 403, new RegExp(`policy/no`));
  });
});
