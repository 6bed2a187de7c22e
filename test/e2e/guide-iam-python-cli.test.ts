import { after, before, describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { CROSS_ACCOUNT_ROLE, CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, initialTrustPolicy } from '../../src/guide/cross-account-policies.js';
import { awsCli, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const BOTO = `
import json, os, boto3, botocore
from botocore.config import Config
# botocore would refuse out-of-range values itself; the server's answer is what is tested.
cfg = Config(retries={'max_attempts': 1}, parameter_validation=False)
def call(fn, **kw):
    try:
        out = fn(**kw)
        out.pop('ResponseMetadata', None)
        return {'ok': json.loads(json.dumps(out, default=str))}
    except botocore.exceptions.ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'), 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
`;

describe("the guide's IAM steps with boto3 and the AWS CLI", () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let roleArn: string;
  let work: string;
  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
    roleArn = `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`;
    work = mkdtempSync(join(tmpdir(), 'sagelite-guide-cli-'));
  });
  after(() => server.stop());

  it('AWS CLI: B creates the role from a trust policy file, attaches the managed policies and reads the trust back decoded', () => {
    const env = clientEnv(server.url, b);
    const trustFile = join(work, 'trust.json');
    writeFileSync(trustFile, initialTrustPolicy({ accountA: a.accountId, accountB: b.accountId, resultsBucket: 'x' }));
    const created = awsCli(['iam', 'create-role', '--role-name', CROSS_ACCOUNT_ROLE, '--assume-role-policy-document', `file://${trustFile}`, '--output', 'json'], env);
    assert.equal(created.status, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { Role: { Arn: string } }).Role.Arn, roleArn);
    for (const arn of CROSS_ACCOUNT_ROLE_MANAGED_POLICIES) {
      const r = awsCli(['iam', 'attach-role-policy', '--role-name', CROSS_ACCOUNT_ROLE, '--policy-arn', arn], env);
      assert.equal(r.status, 0, r.stderr);
    }
    const got = JSON.parse(awsCli(['iam', 'get-role', '--role-name', CROSS_ACCOUNT_ROLE, '--output', 'json'], env).stdout) as { Role: { AssumeRolePolicyDocument: { Statement: Array<{ Principal: { AWS: string } }> } } };
    assert.equal(got.Role.AssumeRolePolicyDocument.Statement[0]!.Principal.AWS, `arn:aws:iam::${a.accountId}:root`);
    const listed = JSON.parse(awsCli(['iam', 'list-attached-role-policies', '--role-name', CROSS_ACCOUNT_ROLE, '--output', 'json'], env).stdout) as { AttachedPolicies: Array<{ PolicyArn: string }> };
    assert.deepEqual(listed.AttachedPolicies.map((p) => p.PolicyArn).sort(), [...CROSS_ACCOUNT_ROLE_MANAGED_POLICIES].sort());
  });

  it('boto3: a user of A assumes the role only while its own policy allows sts:AssumeRole; session rules hold', () => {
    const out = JSON.parse(
      python(
        BOTO +
          `
iam = boto3.client('iam', config=cfg)
iam.create_user(UserName='analyst')
key = iam.create_access_key(UserName='analyst')['AccessKey']
allow = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Resource': os.environ['ROLE_ARN']}]})
iam.put_user_policy(UserName='analyst', PolicyName='assume', PolicyDocument=allow)
user_sts = boto3.client('sts', config=cfg, aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'])
import time
for _ in range(50):
    if call(user_sts.get_caller_identity).get('ok'): break
    time.sleep(0.1)
r = {}
r['assumed'] = call(user_sts.assume_role, RoleArn=os.environ['ROLE_ARN'], RoleSessionName='analyst-session')
creds = r['assumed']['ok']['Credentials']
session_sts = boto3.client('sts', config=cfg, aws_access_key_id=creds['AccessKeyId'], aws_secret_access_key=creds['SecretAccessKey'], aws_session_token=creds['SessionToken'])
r['who'] = call(session_sts.get_caller_identity)
r['short_name'] = call(user_sts.assume_role, RoleArn=os.environ['ROLE_ARN'], RoleSessionName='x')
r['too_long'] = call(user_sts.assume_role, RoleArn=os.environ['ROLE_ARN'], RoleSessionName='analyst', DurationSeconds=3601)
r['too_short'] = call(user_sts.assume_role, RoleArn=os.environ['ROLE_ARN'], RoleSessionName='analyst', DurationSeconds=899)
r['tags'] = call(user_sts.assume_role, RoleArn=os.environ['ROLE_ARN'], RoleSessionName='analyst', Tags=[{'Key': 'team', 'Value': 'ml'}])
iam.delete_user_policy(UserName='analyst', PolicyName='assume')
r['no_policy'] = call(user_sts.assume_role, RoleArn=os.environ['ROLE_ARN'], RoleSessionName='analyst-session')
print(json.dumps(r))
`,
        { ...clientEnv(server.url, a), ROLE_ARN: roleArn },
      ),
    ) as Record<string, { ok?: Record<string, Record<string, string>>; code?: string; message?: string; status?: number }>;
    const assumed = out['assumed']!.ok!;
    assert.match(assumed['Credentials']!['AccessKeyId']!, /^ASIA/);
    assert.equal(assumed['AssumedRoleUser']!['Arn'], `arn:aws:sts::${b.accountId}:assumed-role/${CROSS_ACCOUNT_ROLE}/analyst-session`);
    assert.equal((out['who']!.ok as unknown as Record<string, string>)['Arn'], `arn:aws:sts::${b.accountId}:assumed-role/${CROSS_ACCOUNT_ROLE}/analyst-session`);
    assert.equal(out['short_name']!.code, 'ValidationError');
    assert.match(out['short_name']!.message!, /roleSessionName.*length greater than or equal to 2/);
    // The role's MaxSessionDuration is the default hour.
    assert.deepEqual(out['too_long'], { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', status: 400 });
    assert.equal(out['too_short']!.code, 'ValidationError');
    // The console's "Another AWS account" trust does not allow sts:TagSession.
    assert.equal(out['tags']!.code, 'AccessDenied');
    assert.match(out['tags']!.message!, /sts:TagSession/);
    assert.equal(out['no_policy']!.code, 'AccessDenied');
    assert.equal(out['no_policy']!.status, 403);
    assert.match(out['no_policy']!.message!, /^User: arn:aws:iam::\d{12}:user\/analyst is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/cross-account-assume-role because no identity-based policy allows the sts:AssumeRole action$/);
  });

  it('AWS CLI: assume-role as root is refused; a session ARN principal prints through get-caller-identity', () => {
    const r = awsCli(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli'], clientEnv(server.url, a));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /AccessDenied.*Roles may not be assumed by root accounts/);
  });
});
