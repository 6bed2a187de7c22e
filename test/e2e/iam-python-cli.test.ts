import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'SageMaker', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('IAM with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  let dir: string;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir);
    dir = mkdtempSync(join(tmpdir(), 'sagelite-iam-cli-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('AWS CLI: creates a role from a trust policy file and reads the document back decoded', () => {
    const file = join(dir, 'trust.json');
    writeFileSync(file, JSON.stringify(TRUST, null, 2) + '\n');
    const env = clientEnv(server.url, root);
    const created = awsCli(['iam', 'create-role', '--role-name', 'CliRole', '--path', '/cli/', '--assume-role-policy-document', `file://${file}`], env);
    assert.equal(created.status, 0, created.stderr);
    const role = (JSON.parse(created.stdout) as { Role: { Arn: string; AssumeRolePolicyDocument: unknown } }).Role;
    assert.equal(role.Arn, `arn:aws:iam::${root.accountId}:role/cli/CliRole`);
    assert.deepEqual(role.AssumeRolePolicyDocument, TRUST);
    const got = awsCli(['iam', 'get-role', '--role-name', 'CliRole', '--query', 'Role.AssumeRolePolicyDocument'], env);
    assert.equal(got.status, 0, got.stderr);
    assert.deepEqual(JSON.parse(got.stdout), TRUST);
    const missing = awsCli(['iam', 'get-role', '--role-name', 'Nope'], env);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /An error occurred \(NoSuchEntity\) when calling the GetRole operation: The role with name Nope cannot be found\./);
  });

  it('boto3: decodes trust and managed policy documents into dicts, and sees AWS\'s error codes', () => {
    const out = JSON.parse(
      python(
        `
import json, boto3, botocore
from botocore.config import Config
iam = boto3.client('iam', config=Config(retries={'max_attempts': 1}))
trust = ${JSON.stringify(JSON.stringify(TRUST))}
iam.create_role(RoleName='BotoRole', AssumeRolePolicyDocument=trust, Description='from boto3')
role = iam.get_role(RoleName='BotoRole')['Role']
pol = iam.create_policy(PolicyName='BotoPolicy', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}]}))['Policy']
version = iam.get_policy_version(PolicyArn=pol['Arn'], VersionId='v1')['PolicyVersion']
iam.put_role_policy(RoleName='BotoRole', PolicyName='Inline', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'athena:*', 'Resource': '*'}]}))
inline = iam.get_role_policy(RoleName='BotoRole', PolicyName='Inline')
admin = iam.get_policy_version(PolicyArn='arn:aws:iam::aws:policy/AdministratorAccess', VersionId='v1')['PolicyVersion']
users = [u['UserName'] for page in iam.get_paginator('list_users').paginate(PaginationConfig={'PageSize': 2}) for u in page['Users']] if [iam.create_user(UserName=n) for n in ['c', 'a', 'b']] else []
try:
    iam.create_role(RoleName='botorole', AssumeRolePolicyDocument=trust)
    err = None
except botocore.exceptions.ClientError as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'trust': role['AssumeRolePolicyDocument'], 'desc': role['Description'], 'v1': version['Document'], 'inline': inline['PolicyDocument'], 'admin': admin['Document'], 'users': users, 'err': err}))
`,
        clientEnv(server.url, root),
      ),
    ) as Record<string, unknown>;
    assert.deepEqual(out['trust'], TRUST);
    assert.equal(out['desc'], 'from boto3');
    assert.deepEqual(out['v1'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    assert.deepEqual(out['inline'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'athena:*', Resource: '*' }] });
    assert.deepEqual(out['admin'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.deepEqual(out['users'], ['a', 'b', 'c']);
    assert.deepEqual(out['err'], ['EntityAlreadyExists', 'Role with name botorole already exists.', 409]);
  });
});
