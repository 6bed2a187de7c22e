/**
 * Hostile tenants against bucket policies: a bucket policy naming another account's role or user
 * is bound to that entity's unique id when saved (IAM User Guide, "AWS JSON policy elements:
 * Principal"). Once the entity is deleted, a new one created under the same name (same ARN) is
 * not the principal B granted: its requests are refused with AccessDenied, nothing is read, and B's
 * GetBucketPolicy shows the old AROA…/AIDA… id where the ARN was. Two accounts on a real server,
 * driven with the JS SDK v3 (S3, IAM, STS).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketPolicyCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createAccount, ServerProcess, type AccountKeys, embeddedOnly } from './harness.js';
import { adminUser, allowPolicy, assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const sts = (url: string, credentials: Creds) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const s3 = (url: string, credentials: Creds) => new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });

const readGrant = (bucket: string, principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ReadForPartner', Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });

/** The Principal.AWS value of the policy's only statement, as GetBucketPolicy shows it. */
const shownPrincipal = (policy: string | undefined): unknown => (JSON.parse(policy!) as { Statement: Array<{ Principal: { AWS: unknown } }> }).Statement[0]!.Principal.AWS;

describe('hostile tenants: bucket policy principals are bound to unique ids', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  /** An IAM user of A allowed everything (root users cannot assume roles). */
  let admin: Creds;
  const suffix = randomBytes(4).toString('hex');

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, `bind-a-${suffix}`);
    b = createAccount(server.dataDir, `bind-b-${suffix}`);
    admin = await adminUser(server.url, a);
  });
  /** The data directory of the server restarted by the legacy-policy test (the restarted server does not own it). */
  let restartedDataDir: string | undefined;
  after(async () => {
    await server.stop();
    if (restartedDataDir) rmSync(restartedDataDir, { recursive: true, force: true });
  });

  /** B's bucket with one object and, when given, a policy. */
  async function bBucket(name: string, policy?: string): Promise<void> {
    await s3(server.url, b).send(new CreateBucketCommand({ Bucket: name }));
    await s3(server.url, b).send(new PutObjectCommand({ Bucket: name, Key: 'secret.csv', Body: 'b-only' }));
    if (policy) await s3(server.url, b).send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }));
  }

  const read = async (creds: Creds, bucket: string) => (await s3(server.url, creds).send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.csv' }))).Body!.transformToString();

  /** A's role `name` (trusting A's account), allowed s3:GetObject by its identity policy; returns its unique id. */
  async function createReaderRole(name: string): Promise<string> {
    const iamA = iamClient(server.url, a);
    const role = await iamA.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${a.accountId}:root` }) }));
    await iamA.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'read', PolicyDocument: allowPolicy('s3:GetObject') }));
    return role.Role!.RoleId!;
  }

  async function deleteRole(name: string): Promise<void> {
    const iamA = iamClient(server.url, a);
    await iamA.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'read' }));
    await iamA.send(new DeleteRoleCommand({ RoleName: name }));
  }

  const session = async (roleArn: string, name: string): Promise<Creds> => {
    const c = (await sts(server.url, admin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: name }))).Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  };

  /** A's user `name`, allowed s3:GetObject by its identity policy, with an access key. */
  async function createReaderUser(name: string): Promise<{ id: string; creds: Creds }> {
    const iamA = iamClient(server.url, a);
    const user = await iamA.send(new CreateUserCommand({ UserName: name }));
    await iamA.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'read', PolicyDocument: allowPolicy('s3:GetObject') }));
    const key = (await iamA.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { id: user.User!.UserId!, creds: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
  }

  async function deleteUser(name: string, creds: Creds): Promise<void> {
    const iamA = iamClient(server.url, a);
    await iamA.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: creds.accessKeyId }));
    await iamA.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'read' }));
    await iamA.send(new DeleteUserCommand({ UserName: name }));
  }

  it('a policy stored before principal bindings (schema step 10) is bound at the next start: a user re-created after it is refused', { skip: embeddedOnly('writes a pre-binding policy into sagelite.db') }, async () => {
    const bucket = `bind-legacy-${suffix}`;
    const userArn = `arn:aws:iam::${a.accountId}:user/legacy-reader`;
    const first = await createReaderUser('legacy-reader');
    await bBucket(bucket, readGrant(bucket, userArn));
    // The policy as an older sagelite stored it: by ARN only.
    await server.stop('SIGTERM', false);
    const db = new DatabaseSync(join(server.dataDir, 'sagelite.db'));
    db.prepare('UPDATE s3_buckets SET policy_bindings = NULL WHERE name = ?').run(bucket);
    db.close();
    restartedDataDir = server.dataDir;
    server = await ServerProcess.start({ dataDir: restartedDataDir });
    assert.equal(await read(first.creds, bucket), 'b-only', 'the user the ARN named when the server started still reads');

    await deleteUser('legacy-reader', first.creds);
    const second = await createReaderUser('legacy-reader');
    await assertAwsError(
      s3(server.url, second.creds).send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.csv' })),
      'AccessDenied',
      403,
      `User: ${userArn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/secret.csv" because no resource-based policy allows the s3:GetObject action`,
    );
    assert.equal(shownPrincipal((await s3(server.url, b).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), first.id);
  });

  it("a role deleted and re-created under the same name is not the role B's bucket policy granted", async () => {
    const bucket = `bind-role-${suffix}`;
    const roleArn = `arn:aws:iam::${a.accountId}:role/R`;
    const oldId = await createReaderRole('R');
    assert.match(oldId, /^AROA/);
    await bBucket(bucket, readGrant(bucket, roleArn));
    assert.equal(await read(await session(roleArn, 'first'), bucket), 'b-only');
    // While the role exists, B sees its policy as written.
    assert.equal(shownPrincipal((await s3(server.url, b).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), roleArn);

    await deleteRole('R');
    const newId = await createReaderRole('R');
    assert.notEqual(newId, oldId);
    const impostor = await session(roleArn, 'second');
    await assertAwsError(
      s3(server.url, impostor).send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.csv' })),
      'AccessDenied',
      403,
      `User: arn:aws:sts::${a.accountId}:assumed-role/R/second is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/secret.csv" because no resource-based policy allows the s3:GetObject action`,
    );
    // B sees the old role's unique id where the ARN was, as AWS shows a principal it cannot map back.
    assert.equal(shownPrincipal((await s3(server.url, b).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), oldId);
    // B's own access is unaffected.
    assert.equal(await read(b, bucket), 'b-only');

    // Saving the policy again binds the ARN to the new role: B chose to trust it.
    await s3(server.url, b).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: readGrant(bucket, roleArn) }));
    assert.equal(await read(impostor, bucket), 'b-only');
    assert.equal(shownPrincipal((await s3(server.url, b).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), roleArn);
  });

  it('a user deleted and re-created under the same name is refused; B sees the old AIDA id', async () => {
    const bucket = `bind-user-${suffix}`;
    const userArn = `arn:aws:iam::${a.accountId}:user/U`;
    const first = await createReaderUser('U');
    assert.match(first.id, /^AIDA/);
    await bBucket(bucket, readGrant(bucket, userArn));
    assert.equal(await read(first.creds, bucket), 'b-only');

    await deleteUser('U', first.creds);
    const second = await createReaderUser('U');
    assert.notEqual(second.id, first.id);
    await assertAwsError(
      s3(server.url, second.creds).send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.csv' })),
      'AccessDenied',
      403,
      `User: ${userArn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/secret.csv" because no resource-based policy allows the s3:GetObject action`,
    );
    assert.equal(shownPrincipal((await s3(server.url, b).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), first.id);
    assert.equal(await read(b, bucket), 'b-only');
  });

  it('a renamed user keeps its grant under its new ARN, and a new user taking the old name does not inherit it', async () => {
    const bucket = `bind-rename-${suffix}`;
    const oldArn = `arn:aws:iam::${a.accountId}:user/V`;
    const v = await createReaderUser('V');
    await bBucket(bucket, readGrant(bucket, oldArn));
    await iamClient(server.url, a).send(new UpdateUserCommand({ UserName: 'V', NewUserName: 'W' }));
    // AWS keeps the id: the renamed user still reads, and B sees its current ARN.
    assert.equal(await read(v.creds, bucket), 'b-only');
    assert.equal(shownPrincipal((await s3(server.url, b).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), `arn:aws:iam::${a.accountId}:user/W`);
    const taker = await createReaderUser('V');
    await assertAwsError(s3(server.url, taker.creds).send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.csv' })), 'AccessDenied', 403, /because no resource-based policy allows the s3:GetObject action$/);
  });

  it('a bucket policy naming a user or role that does not exist is refused, as before', async () => {
    const bucket = `bind-ghost-${suffix}`;
    await bBucket(bucket);
    for (const ghost of [`arn:aws:iam::${a.accountId}:role/ghost`, `arn:aws:iam::${a.accountId}:user/ghost`]) {
      await assertAwsError(s3(server.url, b).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: readGrant(bucket, ghost) })), 'MalformedPolicy', 400, 'Invalid principal in policy');
    }
  });
});
