import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

const DENY_DELETE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] });

describe('IAM policy simulation with the AWS SDK for JavaScript v3', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  let iam: IAMClient;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir, 'simulate-a');
    iam = iamClient(server.url, root);
  });
  after(() => server.stop());

  it('SimulateCustomPolicy: allowed, explicitDeny and implicitDeny for each action × resource, with matched statements', async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowPolicy('s3:GetObject', 's3:DeleteObject'), DENY_DELETE],
        ActionNames: ['s3:GetObject', 's3:DeleteObject', 's3:PutObject'],
        ResourceArns: ['arn:aws:s3:::bkt/a', 'arn:aws:s3:::bkt/b'],
      }),
    );
    const results = out.EvaluationResults!;
    assert.equal(results.length, 6);
    const decision = (action: string) => [...new Set(results.filter((r) => r.EvalActionName === action).map((r) => r.EvalDecision))];
    assert.deepEqual(decision('s3:GetObject'), ['allowed']);
    assert.deepEqual(decision('s3:DeleteObject'), ['explicitDeny']);
    assert.deepEqual(decision('s3:PutObject'), ['implicitDeny']);
    const get = results.find((r) => r.EvalActionName === 's3:GetObject' && r.EvalResourceName === 'arn:aws:s3:::bkt/b')!;
    assert.equal(get.MatchedStatements!.length, 1);
    assert.equal(get.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.1');
    assert.deepEqual(get.MatchedStatements![0]!.StartPosition, { Line: 1, Column: 38 });
    const del = results.find((r) => r.EvalActionName === 's3:DeleteObject')!;
    assert.equal(del.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.2');
    assert.deepEqual(results.find((r) => r.EvalActionName === 's3:PutObject')!.MatchedStatements, []);
  });

  it('SimulateCustomPolicy: typed context entries decide conditions; missing keys are reported', async () => {
    const conditional = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' }, Bool: { 'aws:SecureTransport': 'true' } } }],
    });
    const run = (entries: Array<{ ContextKeyName: string; ContextKeyValues: string[]; ContextKeyType: 'numeric' | 'boolean' }>) =>
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [conditional], ActionNames: ['s3:GetObject'], ContextEntries: entries }));
    const none = (await run([])).EvaluationResults![0]!;
    assert.equal(none.EvalDecision, 'implicitDeny');
    assert.deepEqual(none.MissingContextValues!.sort(), ['aws:SecureTransport', 's3:max-keys']);
    const ok = (await run([{ ContextKeyName: 's3:max-keys', ContextKeyValues: ['5'], ContextKeyType: 'numeric' }, { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }])).EvaluationResults![0]!;
    assert.equal(ok.EvalDecision, 'allowed');
    assert.deepEqual(ok.MissingContextValues, []);
    const tooMany = (await run([{ ContextKeyName: 's3:max-keys', ContextKeyValues: ['50'], ContextKeyType: 'numeric' }, { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }])).EvaluationResults![0]!;
    assert.equal(tooMany.EvalDecision, 'implicitDeny');
  });

  it('SimulateCustomPolicy: a permissions boundary limits, and a resource policy naming the caller allows', async () => {
    const bounded = await iam.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [allowPolicy('s3:*')], PermissionsBoundaryPolicyInputList: [allowPolicy('s3:GetObject')], ActionNames: ['s3:GetObject', 's3:PutObject'] }),
    );
    assert.deepEqual(bounded.EvaluationResults!.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]), [['allowed', true], ['implicitDeny', false]]);
    const caller = `arn:aws:iam::${root.accountId}:user/reader`;
    const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: caller }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*' }] });
    const viaResource = await iam.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [allowPolicy('sqs:SendMessage')], ResourcePolicy: bucketPolicy, CallerArn: caller, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::bkt/k'] }),
    );
    assert.equal(viaResource.EvaluationResults![0]!.EvalDecision, 'allowed');
    assert.equal(viaResource.EvaluationResults![0]!.MatchedStatements![0]!.SourcePolicyType, 'resource');
  });

  it('SimulateCustomPolicy: refuses a malformed input policy with InvalidInput', async () => {
    await assertAwsError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{bad'], ActionNames: ['s3:GetObject'] })), 'InvalidInput', 400, 'Syntax errors in policy.');
  });

  it('SimulatePrincipalPolicy: a user\'s own and group policies; a role under its boundary; unknown principals', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'alice' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'NoDelete', PolicyDocument: DENY_DELETE }));
    const user = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${root.accountId}:user/alice`, ActionNames: ['s3:GetObject', 's3:DeleteObject', 'sagemaker:PutRecord'] }),
    );
    assert.deepEqual(user.EvaluationResults!.map((r) => r.EvalDecision), ['allowed', 'explicitDeny', 'implicitDeny']);
    assert.deepEqual(user.EvaluationResults![0]!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'aws-managed']]);
    assert.deepEqual(user.EvaluationResults![1]!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['NoDelete', 'user']]);

    await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'All', PolicyDocument: allowPolicy('s3:*', 'glue:*') }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'exec', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    const role = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${root.accountId}:role/exec`, ActionNames: ['s3:PutObject', 'glue:GetTable'] }));
    assert.deepEqual(role.EvaluationResults!.map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);
    const extra = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${root.accountId}:role/exec`,
        PermissionsBoundaryPolicyInputList: [allowPolicy('glue:*')],
        ActionNames: ['glue:GetTable'],
      }),
    );
    assert.equal(extra.EvaluationResults![0]!.EvalDecision, 'allowed');

    await assertAwsError(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${root.accountId}:user/ghost`, ActionNames: ['s3:GetObject'] })),
      'NoSuchEntity',
      404,
      'The user with name ghost cannot be found.',
    );
  });

  it('pages the results with MaxItems and Marker', async () => {
    const first = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowPolicy('s3:*')], ActionNames: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], MaxItems: 2 }));
    assert.equal(first.EvaluationResults!.length, 2);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowPolicy('s3:*')], ActionNames: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(rest.EvaluationResults!.map((r) => r.EvalActionName), ['s3:ListBucket']);
  });
});
