import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketPolicyCommand, DeleteObjectCommand, DeletePublicAccessBlockCommand, GetObjectAclCommand, GetObjectCommand, PutBucketPolicyCommand,
  PutObjectCommand, PutPublicAccessBlockCommand, S3Client, type ObjectOwnership,
} from '@aws-sdk/client-s3';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, DetachRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  assumeCrossAccountRolePolicy, athenaResultsPolicy, CROSS_ACCOUNT_ROLE, CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, DEFAULT_EXECUTION_ROLE,
  executionRoleTrustPolicy, finalTrustPolicy, resultsBucketPolicy, type GuideAccounts,
} from '../../src/guide/cross-account-policies.js';
import { notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type SdkError = { name: string; message: string; $metadata: { httpStatusCode?: number } };

const iam = (url: string, credentials: Creds) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const s3 = (url: string, credentials: Creds) => new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

async function deniedWith(p: Promise<unknown>, message: RegExp | string): Promise<void> {
  const e = await rejection(p);
  assert.equal(e.name, 'AccessDenied', e.message);
  assert.equal(e.$metadata.httpStatusCode, 403);
  if (typeof message === 'string') assert.equal(e.message, message);
  else assert.match(e.message, message);
}

describe("S3 objects across accounts: B's role writes into A's results bucket, A reads (JS SDK v3)", () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  let customPolicyArn: string;
  let crossRole: Creds;
  const session = () => `arn:aws:sts::${g.accountB}:assumed-role/${CROSS_ACCOUNT_ROLE}/notebook`;

  /** A bucket of A with the given ownership and the guide's bucket policy for it. */
  const bucketWithGuidePolicy = async (name: string, ownership?: ObjectOwnership) => {
    const owner = s3(server.url, a);
    await owner.send(new CreateBucketCommand({ Bucket: name, ...(ownership ? { ObjectOwnership: ownership } : {}) }));
    await owner.send(new PutBucketPolicyCommand({ Bucket: name, Policy: resultsBucketPolicy({ ...g, resultsBucket: name }) }));
  };
  const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) => (await p).Body!.transformToString();

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'athena-results-a' };
    const inA = iam(server.url, a);
    await inA.send(new CreateRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE, AssumeRolePolicyDocument: executionRoleTrustPolicy() }));
    await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role', PolicyDocument: assumeCrossAccountRolePolicy(g) }));
    const inB = iam(server.url, b);
    await inB.send(new CreateRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE, AssumeRolePolicyDocument: finalTrustPolicy(g) }));
    customPolicyArn = (await inB.send(new CreatePolicyCommand({ PolicyName: 'athena-results-cross-account', PolicyDocument: athenaResultsPolicy(g) }))).Policy!.Arn!;
    for (const arn of [...CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, customPolicyArn]) await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));

    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: await notebookCredentials(server, g), maxAttempts: 1 });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${g.accountB}:role/${CROSS_ACCOUNT_ROLE}`, RoleSessionName: 'notebook' }));
    crossRole = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    await bucketWithGuidePolicy(g.resultsBucket);
  });
  after(() => server.stop());

  it('BucketOwnerEnforced: B’s role writes, A owns and reads the object', async () => {
    await s3(server.url, crossRole).send(new PutObjectCommand({ Bucket: g.resultsBucket, Key: 'results/q1.csv', Body: 'a,b\n1,2\n' }));
    assert.equal(await text(s3(server.url, a).send(new GetObjectCommand({ Bucket: g.resultsBucket, Key: 'results/q1.csv' }))), 'a,b\n1,2\n');
    const acl = await s3(server.url, a).send(new GetObjectAclCommand({ Bucket: g.resultsBucket, Key: 'results/q1.csv' }));
    assert.equal(acl.Owner?.ID, a.canonicalUserId);
  });

  it('each missing piece is AccessDenied: B’s identity side, then A’s bucket policy', async () => {
    const inB = iam(server.url, b);
    const put = () => s3(server.url, crossRole).send(new PutObjectCommand({ Bucket: g.resultsBucket, Key: 'results/q2.csv', Body: 'x' }));
    for (const arn of [...CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, customPolicyArn]) await inB.send(new DetachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));
    await deniedWith(put(), new RegExp(`^User: ${session()} is not authorized to perform: s3:PutObject on resource: "?arn:aws:s3:::${g.resultsBucket}/results/q2.csv"? because no identity-based policy allows the s3:PutObject action$`));
    await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: customPolicyArn }));
    // The guide's custom policy names the bucket and "bucket/" only: objects are not covered by it.
    await deniedWith(put(), /because no identity-based policy allows the s3:PutObject action$/);
    await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    await put();
    await s3(server.url, a).send(new DeleteBucketPolicyCommand({ Bucket: g.resultsBucket }));
    await deniedWith(put(), /because no resource-based policy allows the s3:PutObject action$/);
    await s3(server.url, a).send(new PutBucketPolicyCommand({ Bucket: g.resultsBucket, Policy: resultsBucketPolicy(g) }));
    await put();
  });

  it('ObjectWriter: without bucket-owner-full-control B owns the object and A cannot read it; with it A can', async () => {
    const bucket = 'athena-results-a-writer';
    await bucketWithGuidePolicy(bucket, 'ObjectWriter');
    const role = s3(server.url, crossRole);
    await role.send(new PutObjectCommand({ Bucket: bucket, Key: 'private.csv', Body: 'mine' }));
    assert.equal((await role.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'private.csv' }))).Owner?.ID, b.canonicalUserId);
    await deniedWith(s3(server.url, a).send(new GetObjectCommand({ Bucket: bucket, Key: 'private.csv' })), /is not authorized to perform: s3:GetObject/);
    // Deleting is the bucket owner's right whoever owns the object.
    await s3(server.url, a).send(new DeleteObjectCommand({ Bucket: bucket, Key: 'private.csv' }));

    await role.send(new PutObjectCommand({ Bucket: bucket, Key: 'shared.csv', Body: 'ours', ACL: 'bucket-owner-full-control' }));
    assert.equal(await text(s3(server.url, a).send(new GetObjectCommand({ Bucket: bucket, Key: 'shared.csv' }))), 'ours');
    const acl = await s3(server.url, a).send(new GetObjectAclCommand({ Bucket: bucket, Key: 'shared.csv' }));
    assert.equal(acl.Owner?.ID, b.canonicalUserId);
    assert.ok(acl.Grants?.some((gr) => gr.Grantee?.ID === a.canonicalUserId && gr.Permission === 'FULL_CONTROL'));
  });

  it('BucketOwnerPreferred: bucket-owner-full-control hands the object to A', async () => {
    const bucket = 'athena-results-a-preferred';
    await bucketWithGuidePolicy(bucket, 'BucketOwnerPreferred');
    await s3(server.url, crossRole).send(new PutObjectCommand({ Bucket: bucket, Key: 'r.csv', Body: 'r', ACL: 'bucket-owner-full-control' }));
    assert.equal((await s3(server.url, a).send(new GetObjectAclCommand({ Bucket: bucket, Key: 'r.csv' }))).Owner?.ID, a.canonicalUserId);
    assert.equal(await text(s3(server.url, a).send(new GetObjectCommand({ Bucket: bucket, Key: 'r.csv' }))), 'r');
  });

  it('an anonymous GET works through a public bucket policy only while public access is not blocked', async () => {
    const owner = s3(server.url, a);
    const bucket = 'public-objects-a';
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    await owner.send(new PutObjectCommand({ Bucket: bucket, Key: 'open.txt', Body: 'hello' }));
    // A plain unsigned GET, as a browser or curl sends it.
    const get = () => fetch(`${server.url}/${bucket}/open.txt`);
    const anonDenied = async () => {
      const res = await get();
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
    };
    await anonDenied();
    await owner.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await owner.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }) }));
    const res = await get();
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello');
    await owner.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    await anonDenied();
  });
});
