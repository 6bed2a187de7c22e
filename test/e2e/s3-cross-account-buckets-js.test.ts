import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketPolicyCommand, DeletePublicAccessBlockCommand, GetBucketAclCommand, HeadBucketCommand, PutBucketPolicyCommand,
  PutPublicAccessBlockCommand, S3Client,
} from '@aws-sdk/client-s3';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, DetachRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  assumeCrossAccountRolePolicy, athenaResultsPolicy, CROSS_ACCOUNT_ROLE, CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, DEFAULT_EXECUTION_ROLE, EXECUTION_ROLE_MANAGED_POLICIES,
  executionRoleTrustPolicy, featureStoreS3Policy, finalTrustPolicy, resultsBucketPolicy, type GuideAccounts,
} from '../../src/guide/cross-account-policies.js';
import { notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type SdkError = { name: string; message: string; $metadata: { httpStatusCode?: number } };

const iam = (url: string, credentials: Creds) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const s3 = (url: string, credentials: Creds) => new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
/** Requests that carry no signature at all: S3's anonymous caller. */
const anonymous = (url: string) =>
  new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, signer: { sign: async (r) => r } });

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

describe("S3 across accounts: B's role on A's results bucket, under the guide's bucket policy (JS SDK v3)", () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  let customPolicyArn: string;
  /** B's cross-account role, as the notebook in A assumes it. */
  let crossRole: Creds;
  const sessionArn = () => `arn:aws:sts::${g.accountB}:assumed-role/${CROSS_ACCOUNT_ROLE}/notebook`;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'athena-results-a' };

    // A: the notebook's execution role (it must exist before B's trust and A's bucket policy name it).
    const inA = iam(server.url, a);
    await inA.send(new CreateRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE, AssumeRolePolicyDocument: executionRoleTrustPolicy() }));
    for (const arn of EXECUTION_ROLE_MANAGED_POLICIES) await inA.send(new AttachRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyArn: arn }));
    await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'FeatureStoreS3AccessPolicy', PolicyDocument: featureStoreS3Policy() }));
    await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role', PolicyDocument: assumeCrossAccountRolePolicy(g) }));

    // B: the cross-account role with the guide's managed policies and its custom results-bucket policy.
    const inB = iam(server.url, b);
    await inB.send(new CreateRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE, AssumeRolePolicyDocument: finalTrustPolicy(g) }));
    for (const arn of CROSS_ACCOUNT_ROLE_MANAGED_POLICIES) await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));
    customPolicyArn = (await inB.send(new CreatePolicyCommand({ PolicyName: 'athena-results-cross-account', PolicyDocument: athenaResultsPolicy(g) }))).Policy!.Arn!;
    await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: customPolicyArn }));

    // The notebook runs as A's execution role and assumes B's role.
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: await notebookCredentials(server, g), maxAttempts: 1 });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${g.accountB}:role/${CROSS_ACCOUNT_ROLE}`, RoleSessionName: 'notebook' }));
    crossRole = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };

    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: g.resultsBucket }));
  });
  after(() => server.stop());

  const probe = async () => {
    const role = s3(server.url, crossRole);
    await role.send(new HeadBucketCommand({ Bucket: g.resultsBucket }));
    const acl = await role.send(new GetBucketAclCommand({ Bucket: g.resultsBucket }));
    assert.equal(acl.Owner?.ID, a.canonicalUserId);
  };
  const denied = async (action: string, because: string) => {
    const role = s3(server.url, crossRole);
    const head = await rejection(role.send(new HeadBucketCommand({ Bucket: g.resultsBucket })));
    assert.equal(head.$metadata.httpStatusCode, 403);
    const e = await rejection(role.send(new GetBucketAclCommand({ Bucket: g.resultsBucket })));
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.match(e.message, new RegExp(`^User: ${sessionArn()} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${g.resultsBucket}" ${because}$`));
  };

  it('refuses the guide’s bucket policy as written: arn:aws:iam::A/ROLE is not a principal', async () => {
    const e = await rejection(s3(server.url, a).send(new PutBucketPolicyCommand({ Bucket: g.resultsBucket, Policy: resultsBucketPolicy(g, true) })));
    assert.equal(e.name, 'MalformedPolicy');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, 'Invalid principal in policy');
  });

  it('denies B’s role while A’s bucket has no policy, though B’s identity policies allow s3:*', async () => {
    await denied('s3:GetBucketAcl', 'because no resource-based policy allows the s3:GetBucketAcl action');
  });

  it('allows B’s role once A’s bucket policy (the guide’s, corrected) names it', async () => {
    await s3(server.url, a).send(new PutBucketPolicyCommand({ Bucket: g.resultsBucket, Policy: resultsBucketPolicy(g) }));
    await probe();
  });

  it('still allows it on the guide’s custom policy alone, and denies it when B’s identity side allows nothing', async () => {
    const inB = iam(server.url, b);
    // AmazonSageMakerFullAccess and AmazonAthenaFullAccess allow s3:ListBucket on "*" themselves.
    for (const arn of CROSS_ACCOUNT_ROLE_MANAGED_POLICIES) await inB.send(new DetachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));
    await probe();
    await inB.send(new DetachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: customPolicyArn }));
    await denied('s3:GetBucketAcl', 'because no identity-based policy allows the s3:GetBucketAcl action');
    await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: customPolicyArn }));
    await probe();
    for (const arn of CROSS_ACCOUNT_ROLE_MANAGED_POLICIES) await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));
  });

  it('denies it again when A deletes the bucket policy', async () => {
    await s3(server.url, a).send(new DeleteBucketPolicyCommand({ Bucket: g.resultsBucket }));
    await denied('s3:GetBucketAcl', 'because no resource-based policy allows the s3:GetBucketAcl action');
  });

  it('does not let B’s role manage A’s bucket policy even where the policy grants s3:*: 405', async () => {
    await s3(server.url, a).send(new PutBucketPolicyCommand({ Bucket: g.resultsBucket, Policy: resultsBucketPolicy(g) }));
    const e = await rejection(s3(server.url, crossRole).send(new DeleteBucketPolicyCommand({ Bucket: g.resultsBucket })));
    assert.equal(e.name, 'MethodNotAllowed');
    assert.equal(e.$metadata.httpStatusCode, 405);
  });

  it('lets an anonymous caller through a public policy only while public access is not blocked', async () => {
    const owner = s3(server.url, a);
    const bucket = 'public-listing-a';
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: ['s3:ListBucket', 's3:GetBucketAcl'], Resource: `arn:aws:s3:::${bucket}` }] });
    const anon = anonymous(server.url);
    const anonDenied = async () => {
      const e = await rejection(anon.send(new GetBucketAclCommand({ Bucket: bucket })));
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.message, 'Access Denied');
      assert.equal((await rejection(anon.send(new HeadBucketCommand({ Bucket: bucket })))).$metadata.httpStatusCode, 403);
    };
    await anonDenied();
    // All four blocks are on for a new bucket: the public policy cannot even be stored.
    assert.equal((await rejection(owner.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: open })))).name, 'AccessDenied');
    await owner.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await owner.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: open }));
    await anon.send(new HeadBucketCommand({ Bucket: bucket }));
    assert.equal((await anon.send(new GetBucketAclCommand({ Bucket: bucket }))).Owner?.ID, a.canonicalUserId);
    // Account B's principals are let through the public statement too (with their own identity Allow).
    await s3(server.url, b).send(new GetBucketAclCommand({ Bucket: bucket }));

    // BlockPublicPolicy alone leaves the stored policy working; RestrictPublicBuckets shuts it.
    await owner.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } }));
    await anon.send(new HeadBucketCommand({ Bucket: bucket }));
    await owner.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    await anonDenied();
    const cross = await rejection(s3(server.url, b).send(new GetBucketAclCommand({ Bucket: bucket })));
    assert.equal(cross.name, 'AccessDenied');
    // The owner's own account keeps its access.
    await owner.send(new GetBucketAclCommand({ Bucket: bucket }));
    await owner.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await anon.send(new HeadBucketCommand({ Bucket: bucket }));
  });
});
