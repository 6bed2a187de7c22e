import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, GetPolicyCommand, ListAttachedUserPoliciesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient } from './iam-helpers.js';

/**
 * Every AWS managed policy, not only the guide's (issue 16): IAMReadOnlyAccess and a service-role
 * policy with a path attach and decide requests as their documents say (JS SDK v3).
 */
describe('IAM: every AWS managed policy attaches and is enforced', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'managed-a');
  });
  after(() => server.stop());

  it('IAMReadOnlyAccess lets a user list IAM and nothing more; a service-role policy is found by its path', async () => {
    const iam = iamClient(server.url, a);
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    const attached = (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'auditor' }))).AttachedPolicies!;
    assert.deepEqual(attached.map((p) => p.PolicyName), ['IAMReadOnlyAccess']);
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
    const auditor = iamClient(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.deepEqual((await auditor.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName), ['auditor']);
    await assertAwsError(auditor.send(new CreateUserCommand({ UserName: 'x' })), 'AccessDenied', 403, /iam:CreateUser .*because no identity-based policy allows/);
    const glue = (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole' }))).Policy!;
    assert.deepEqual([glue.PolicyName, glue.Path], ['AWSGlueServiceRole', '/service-role/']);
    await assertAwsError(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSGlueServiceRole' })), 'NoSuchEntity', 404, /arn:aws:iam::aws:policy\/AWSGlueServiceRole/);
  });
});
