/**
 * Hostile tenants against IAM and STS: two accounts on a real server, each attack refused with
 * AWS's error, nothing of the other account read, and the other account unaffected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { adminUser, allowPolicy, assertAwsError, iamClient, rejection, trustPolicy } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const sts = (url: string, credentials: Creds) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const s3 = (url: string, credentials: Creds) => new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
const requestIdOf = (e: unknown) => (e as { $metadata: { requestId: string } }).$metadata.requestId;
const asCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});

describe('hostile tenants: IAM and STS', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  /** An IAM user of A allowed everything (root users cannot assume roles). */
  let admin: Creds;
  const suffix = randomBytes(4).toString('hex');
  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, `hostile-a-${suffix}`);
    b = createAccount(server.dataDir, `hostile-b-${suffix}`);
    admin = await adminUser(server.url, a);
  });
  after(() => server.stop());

  it("DecodeAuthorizationMessage from A about B's role and bucket shows none of B's statements, principals or condition values", async () => {
    const externalId = `b-secret-external-id-${suffix}`;
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'BTrustsPartnerWithExternalId', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }],
    });
    await iamClient(server.url, b).send(new CreateRoleCommand({ RoleName: 'partner', AssumeRolePolicyDocument: trust }));
    const roleArn = `arn:aws:iam::${b.accountId}:role/partner`;

    const denied = await rejection(sts(server.url, admin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'probe' })));
    assert.equal(denied.Code ?? denied.name, 'AccessDenied');
    const out = await sts(server.url, admin).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: requestIdOf(denied) }));
    const text = out.DecodedMessage!;
    for (const secret of [externalId, 'BTrustsPartnerWithExternalId', 'sts:ExternalId', 'trust policy']) assert.ok(!text.includes(secret), `decoded message shows ${secret}`);
    const decoded = JSON.parse(text) as { allowed: boolean; explicitDeny: boolean; matchedStatements: { items: unknown[] }; failures: { items: unknown[] }; context: { principal: { arn: string }; action: string; resource: string } };
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.explicitDeny, false);
    assert.equal(decoded.context.principal.arn, `arn:aws:iam::${a.accountId}:user/admin`);
    assert.equal(decoded.context.action, 'sts:AssumeRole');
    assert.equal(decoded.context.resource, roleArn);
    // Without the ExternalId, A still cannot assume B's role.
    await assertAwsError(sts(server.url, admin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'guess', ExternalId: 'guessed-id' })), 'AccessDenied', 403, /not authorized to perform: sts:AssumeRole/);

    // B's bucket policy: A's denial explains nothing of it either.
    const bucket = `hostile-b-${suffix}`;
    const vpce = `vpce-b-secret-${suffix}`;
    await s3(server.url, b).send(new CreateBucketCommand({ Bucket: bucket }));
    await s3(server.url, b).send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'BOnlyThroughItsEndpoint', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 'aws:SourceVpce': vpce } } }],
        }),
      }),
    );
    await s3(server.url, b).send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'b-data' }));
    const s3Denied = await rejection(s3(server.url, admin).send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })));
    assert.equal(s3Denied.Code ?? s3Denied.name, 'AccessDenied');
    const s3Text = (await sts(server.url, admin).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: requestIdOf(s3Denied) }))).DecodedMessage!;
    for (const secret of [vpce, 'BOnlyThroughItsEndpoint', 'aws:SourceVpce', 'bucket policy']) assert.ok(!s3Text.includes(secret), `decoded message shows ${secret}`);
    assert.equal((JSON.parse(s3Text) as { context: { action: string } }).context.action, 's3:GetObject');
    // B cannot decode A's denial either.
    await assertAwsError(sts(server.url, b).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: requestIdOf(denied) })), 'InvalidAuthorizationMessageException', 400, /not a valid authorization message/);
  });

  it("a deleted role's session is refused for identity and resource-policy grants, and a recreated role of the same name does not revive it", async () => {
    const iamA = iamClient(server.url, a);
    await iamA.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${a.accountId}:root` }) }));
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'list-users', PolicyDocument: allowPolicy('iam:ListUsers') }));
    const roleArn = `arn:aws:iam::${a.accountId}:role/worker`;
    const bucket = `hostile-a-${suffix}`;
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: bucket }));
    await s3(server.url, a).send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` }] }),
      }),
    );
    const session = asCreds((await sts(server.url, admin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'before-delete' }))).Credentials);
    // Both grants work while the role exists.
    await iamClient(server.url, session).send(new ListUsersCommand({}));
    await s3(server.url, session).send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));

    await iamA.send(new DeleteRolePolicyCommand({ RoleName: 'worker', PolicyName: 'list-users' }));
    await iamA.send(new DeleteRoleCommand({ RoleName: 'worker' }));
    await assertAwsError(iamClient(server.url, session).send(new ListUsersCommand({})), 'AccessDenied', 403, /not authorized to perform: iam:ListUsers/);
    await assertAwsError(s3(server.url, session).send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })), 'AccessDenied', 403, /.*/);

    // Same name, new unique id: the old session's grants stay gone; a new session works.
    await iamA.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${a.accountId}:root` }) }));
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'list-users', PolicyDocument: allowPolicy('iam:ListUsers') }));
    await assertAwsError(s3(server.url, session).send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })), 'AccessDenied', 403, /.*/);
    await assertAwsError(iamClient(server.url, session).send(new ListUsersCommand({})), 'AccessDenied', 403, /not authorized to perform: iam:ListUsers/);
    const fresh = asCreds((await sts(server.url, admin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'after-recreate' }))).Credentials);
    await iamClient(server.url, fresh).send(new ListUsersCommand({}));
    // The session's credentials still identify it (AWS keeps them valid until they expire).
    assert.equal((await sts(server.url, session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${a.accountId}:assumed-role/worker/before-delete`);
  });

  it('GetSessionToken keys are not listed, not counted towards the two-key quota, and do not block DeleteUser', async () => {
    const iamB = iamClient(server.url, b);
    await iamB.send(new CreateUserCommand({ UserName: 'carol' }));
    const key = (await iamB.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    const temp = asCreds((await sts(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    assert.match(temp.accessKeyId, /^ASIA/);
    const listed = (await iamB.send(new ListAccessKeysCommand({ UserName: 'carol' }))).AccessKeyMetadata!.map((k) => k.AccessKeyId);
    assert.deepEqual(listed, [key.AccessKeyId]);
    const second = (await iamB.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    await assertAwsError(iamB.send(new CreateAccessKeyCommand({ UserName: 'carol' })), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
    await iamB.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: key.AccessKeyId! }));
    await iamB.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: second.AccessKeyId! }));
    await iamB.send(new DeleteUserCommand({ UserName: 'carol' }));
    // The user is gone: its session credentials no longer sign anything.
    await assertAwsError(sts(server.url, temp).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /security token included in the request is invalid/);
  });

  it("the simulator answers AWS's validation errors, and a large legal simulation of A does not stop B's calls", async () => {
    const iamA = iamClient(server.url, a);
    const allowAll = allowPolicy('s3:GetObject');
    await assertAwsError(
      iamA.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['x'.repeat(131_073)], ActionNames: ['s3:GetObject'] })),
      'ValidationError', 400, /policyInputList\.1\.member.*less than or equal to 131072/,
    );
    await assertAwsError(iamA.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowAll], ActionNames: ['s3:GetObject'], MaxItems: 1001 })), 'ValidationError', 400, /maxItems/);
    await assertAwsError(
      iamA.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowAll], ActionNames: ['s3:GetObject'], ResourceArns: Array(1001).fill('arn:aws:s3:::x') })),
      'ValidationError', 400, /'resourceArns'/,
    );

    // ~800 statements (under 131072 characters) × 3 actions × 300 resources, 900 results in one page.
    const statements = Array.from({ length: 800 }, (_, i) => ({ Effect: 'Allow', Action: `s3:Get*${i}`, Resource: `arn:aws:s3:::b*${i}/*`, Condition: { StringLike: { 'aws:UserAgent': `*${i}*` } } }));
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    assert.ok(big.length <= 131_072, `policy of ${big.length} characters`);
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket${i}/key`);
    const order: string[] = [];
    const simulation = iamA
      .send(new SimulateCustomPolicyCommand({ PolicyInputList: [big, big, big], ActionNames: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], ResourceArns: resources, MaxItems: 900 }))
      .then((out) => {
        order.push('simulation');
        return out;
      });
    await new Promise((r) => setTimeout(r, 200));
    const who = await sts(server.url, b).send(new GetCallerIdentityCommand({}));
    order.push('b');
    assert.equal(who.Account, b.accountId);
    const out = await simulation;
    assert.equal(out.EvaluationResults!.length, 900);
    assert.deepEqual(order, ['b', 'simulation']);
  });
});
