import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, DeletePolicyCommand, CreateUserCommand, GetRoleCommand, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, assertAwsError, iamClient, rejection } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const sts = (url: string, credentials: Creds) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const asCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});
const doc = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

describe('STS AssumeRole rules (JS SDK v3)', () => {
  let server: ServerProcess;
  let acct: AccountKeys;
  let alice: Creds;
  let aliceArn: string;
  const roleArn = (name: string, path = '/') => `arn:aws:iam::${acct.accountId}:role${path}${name}`;

  before(async () => {
    server = await ServerProcess.start();
    acct = createAccount(server.dataDir);
    const iam = iamClient(server.url, acct);
    const user = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    aliceArn = user.User!.Arn!;
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    const trustAlice = (extra: Record<string, unknown> = {}, actions: string[] = ['sts:AssumeRole']) =>
      doc([{ Effect: 'Allow', Principal: { AWS: aliceArn }, Action: actions, ...extra }]);
    await iam.send(new CreateRoleCommand({ RoleName: 'direct', AssumeRolePolicyDocument: trustAlice() }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'direct', PolicyName: 'read-iam', PolicyDocument: allowPolicy('iam:GetRole', 'iam:ListRoles') }));
    await iam.send(new CreateRoleCommand({ RoleName: 'external', AssumeRolePolicyDocument: trustAlice({ Condition: { StringEquals: { 'sts:ExternalId': 'unicorn-42' } } }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'tagging', AssumeRolePolicyDocument: trustAlice({}, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'tagging',
        PolicyName: 'by-team',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ml' } } }]),
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'pathed', Path: '/team/', AssumeRolePolicyDocument: trustAlice() }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'pathed',
        PolicyName: 'self',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn('pathed', '/team/') } } }]),
      }),
    );
  });
  after(() => server.stop());

  it('a trust policy naming the user lets it assume the role with no identity policy of its own (same account)', async () => {
    const out = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'ok' }));
    assert.equal(out.PackedPolicySize, undefined);
    const expires = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expires > 3590_000 && expires <= 3600_000, `expires in ${expires} ms`);
  });

  it('a pathed role: the session ARN drops the path, aws:PrincipalArn keeps it', async () => {
    const out = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('pathed', '/team/'), RoleSessionName: 'pp' }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${acct.accountId}:assumed-role/pathed/pp`);
    const got = await iamClient(server.url, asCreds(out.Credentials)).send(new GetRoleCommand({ RoleName: 'pathed' }));
    assert.equal(got.Role!.Arn, roleArn('pathed', '/team/'));
  });

  it('an unknown role, a wrong or missing ExternalId are AccessDenied; the right one passes', async () => {
    const c = sts(server.url, alice);
    await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('nope'), RoleSessionName: 's1' })), 'AccessDenied', 403, `User: ${aliceArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('nope')}`);
    await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('external'), RoleSessionName: 's1' })), 'AccessDenied', 403, /sts:AssumeRole on resource/);
    await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('external'), RoleSessionName: 's1', ExternalId: 'unicorn-43' })), 'AccessDenied', 403, /sts:AssumeRole/);
    assert.ok((await c.send(new AssumeRoleCommand({ RoleArn: roleArn('external'), RoleSessionName: 's1', ExternalId: 'unicorn-42' }))).Credentials);
  });

  it('model limits: session name of 1 or 65 characters or with a space, DurationSeconds 899 or 43201, 2049-character policy', async () => {
    const c = sts(server.url, alice);
    for (const name of ['x', 'x'.repeat(65), 'has space']) {
      await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: name })), 'ValidationError', 400, /roleSessionName/);
    }
    for (const seconds of [899, 43201]) {
      await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'ok', DurationSeconds: seconds })), 'ValidationError', 400, /durationSeconds/);
    }
    await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'ok', Policy: ' '.repeat(2049) })), 'ValidationError', 400, /policy/);
    const arns = Array.from({ length: 11 }, () => ({ arn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
    await assertAwsError(c.send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'ok', PolicyArns: arns })), 'ValidationError', 400, /policyArns/);
  });

  it('a session policy limits the session, and the denial names it', async () => {
    const out = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'narrow', Policy: allowPolicy('iam:GetRole') }));
    assert.equal(typeof out.PackedPolicySize, 'number');
    const session = iamClient(server.url, asCreds(out.Credentials));
    assert.ok((await session.send(new GetRoleCommand({ RoleName: 'direct' }))).Role);
    await assertAwsError(session.send(new ListRolesCommand({})), 'AccessDenied', 403, /iam:ListRoles .* because no session policy allows the iam:ListRoles action$/);
    await assertAwsError(sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'bad', Policy: '{"Version":"2012-10-17"}' })), 'MalformedPolicyDocument', 400, /./);
  });

  it('a session whose only managed session policy was deleted may do nothing', async () => {
    const iam = iamClient(server.url, acct);
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'session-get-role', PolicyDocument: allowPolicy('iam:GetRole') }));
    const out = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'managed', PolicyArns: [{ arn: policy.Policy!.Arn! }] }));
    const session = iamClient(server.url, asCreds(out.Credentials));
    assert.ok((await session.send(new GetRoleCommand({ RoleName: 'direct' }))).Role);
    await iam.send(new DeletePolicyCommand({ PolicyArn: policy.Policy!.Arn! }));
    await assertAwsError(session.send(new GetRoleCommand({ RoleName: 'direct' })), 'AccessDenied', 403, /because no session policy allows the iam:GetRole action$/);
  });

  it('session tags need sts:TagSession, become aws:PrincipalTag, and too many packed bytes are PackedPolicyTooLarge', async () => {
    await assertAwsError(sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'tt', Tags: [{ Key: 'team', Value: 'ml' }] })), 'AccessDenied', 403, /sts:TagSession/);
    const tagged = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('tagging'), RoleSessionName: 'tt', Tags: [{ Key: 'team', Value: 'ml' }] }));
    assert.ok((await iamClient(server.url, asCreds(tagged.Credentials)).send(new ListRolesCommand({}))).Roles);
    const untagged = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('tagging'), RoleSessionName: 'uu', Tags: [{ Key: 'team', Value: 'web' }] }));
    await assertAwsError(iamClient(server.url, asCreds(untagged.Credentials)).send(new ListRolesCommand({})), 'AccessDenied', 403, /iam:ListRoles/);
    // Hex digests do not compress, so 50 of them overflow the packed allotment.
    const bulky = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: createHash('sha256').update(String(i)).digest('hex') }));
    await assertAwsError(sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('tagging'), RoleSessionName: 'bb', Tags: bulky })), 'PackedPolicyTooLarge', 400, /^Packed policy consumes \d+% of allotted space/);
  });

  it('SourceIdentity needs sts:SetSourceIdentity and is returned', async () => {
    await assertAwsError(sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'ss', SourceIdentity: 'alice' })), 'AccessDenied', 403, /sts:SetSourceIdentity/);
    const out = await sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('tagging'), RoleSessionName: 'ss', SourceIdentity: 'alice' }));
    assert.equal(out.SourceIdentity, 'alice');
  });

  it('GetAccessKeyInfo names the account of any key sagelite issued', async () => {
    const other = createAccount(server.dataDir);
    const out = await sts(server.url, acct).send(new GetAccessKeyInfoCommand({ AccessKeyId: other.accessKeyId }));
    assert.equal(out.Account, other.accountId);
    await assertAwsError(sts(server.url, acct).send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })), 'InvalidParameterValue', 400, /not valid/);
  });

  it('GetCallerIdentity succeeds under an explicit Deny of everything', async () => {
    const iam = iamClient(server.url, acct);
    await iam.send(new CreateUserCommand({ UserName: 'denied' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'denied', PolicyName: 'deny-all', PolicyDocument: doc([{ Effect: 'Deny', Action: '*', Resource: '*' }]) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'denied' }));
    const who = await sts(server.url, { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }).send(new GetCallerIdentityCommand({}));
    assert.match(who.UserId!, /^AIDA[A-Z2-7]{16}$/);
    assert.equal(who.Arn, `arn:aws:iam::${acct.accountId}:user/denied`);
  });

  it('GetSessionToken: user credentials that cannot call IAM, nor GetSessionToken again', async () => {
    const out = await sts(server.url, alice).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const temp = asCreds(out.Credentials);
    assert.match(temp.accessKeyId, /^ASIA/);
    assert.equal((await sts(server.url, temp).send(new GetCallerIdentityCommand({}))).Arn, aliceArn);
    await assertAwsError(iamClient(server.url, temp).send(new ListRolesCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid');
    await assertAwsError(sts(server.url, temp).send(new GetSessionTokenCommand({})), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
    assert.ok((await sts(server.url, temp).send(new AssumeRoleCommand({ RoleArn: roleArn('direct'), RoleSessionName: 'from-temp' }))).Credentials);
  });

  it('DecodeAuthorizationMessage turns a denied request id into its decision, for the same account only', async () => {
    const e = await rejection(sts(server.url, alice).send(new AssumeRoleCommand({ RoleArn: roleArn('external'), RoleSessionName: 's1' })));
    const requestId = (e as unknown as { $metadata: { requestId: string } }).$metadata.requestId;
    const out = await sts(server.url, acct).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: requestId }));
    const decoded = JSON.parse(out.DecodedMessage!) as {
      allowed: boolean;
      explicitDeny: boolean;
      context: { principal: { arn: string }; action: string; resource: string; conditions: { items: Array<{ key: string; values: { items: Array<{ value: string }> } }> } };
    };
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.explicitDeny, false);
    assert.equal(decoded.context.principal.arn, aliceArn);
    assert.equal(decoded.context.action, 'sts:AssumeRole');
    assert.equal(decoded.context.resource, roleArn('external'));
    assert.deepEqual(decoded.context.conditions.items.find((c) => c.key === 'sts:RoleSessionName')?.values.items, [{ value: 's1' }]);
    const other = createAccount(server.dataDir);
    await assertAwsError(sts(server.url, other).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: requestId })), 'InvalidAuthorizationMessageException', 400, /not a valid authorization message/);
  });
});
