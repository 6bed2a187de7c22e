import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteBucketOwnershipControlsCommand, DeleteBucketPolicyCommand, DeleteBucketTaggingCommand,
  DeletePublicAccessBlockCommand, GetBucketAclCommand, GetBucketLocationCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, HeadBucketCommand,
  ListBucketsCommand, PutBucketAclCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutBucketTaggingCommand,
  PutPublicAccessBlockCommand, S3Client, PutObjectCommand, DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type Style = 'path' | 'virtual';

interface SdkError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** Asserts S3's error code (the SDK's `name`), HTTP status and, when given, the message. */
async function fails(p: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<void> {
  const e = await rejection(p);
  assert.equal(e.name, code, `${e.name}: ${e.message}`);
  assert.equal(e.$metadata.httpStatusCode, status);
  if (typeof message === 'string') assert.equal(e.message, message);
  else if (message) assert.match(e.message, message);
}

// *.localhost does not resolve everywhere: the virtual-hosted client's agent sends every host to loopback.
const loopback = new Agent({
  lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
    opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as never,
});

function s3(url: string, credentials: Creds, style: Style, region = 'us-east-1'): S3Client {
  if (style === 'path') return new S3Client({ endpoint: url, region, credentials, forcePathStyle: true, maxAttempts: 1 });
  const port = new URL(url).port;
  return new S3Client({ endpoint: `http://localhost:${port}`, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: loopback }) });
}

const policyOf = (...statements: Array<Record<string, unknown>>) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('S3 buckets (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'bucket-owner');
    b = createAccount(server.dataDir, 'other');
    const iamA = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: a, maxAttempts: 1 });
    await iamA.send(new CreateUserCommand({ UserName: 'alice' }));
    await iamA.send(new CreateRoleCommand({ RoleName: 'Exec', Path: '/service-role/', AssumeRolePolicyDocument: policyOf({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
  });
  after(() => server.stop());

  for (const style of ['path', 'virtual'] as const) {
    describe(`${style}-style`, () => {
      const name = `life-${style}`;
      it('creates a bucket with S3’s defaults: us-east-1, BucketOwnerEnforced, all public access blocked, owner-only ACL', async () => {
        const c = s3(server.url, a, style);
        const out = await c.send(new CreateBucketCommand({ Bucket: name }));
        assert.equal(out.Location, `/${name}`);
        assert.equal((await c.send(new HeadBucketCommand({ Bucket: name }))).BucketRegion, 'us-east-1');
        assert.ok(!(await c.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint, 'us-east-1 has no LocationConstraint');
        const own = await c.send(new GetBucketOwnershipControlsCommand({ Bucket: name }));
        assert.deepEqual(own.OwnershipControls?.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
        const pab = await c.send(new GetPublicAccessBlockCommand({ Bucket: name }));
        assert.deepEqual(pab.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
        const acl = await c.send(new GetBucketAclCommand({ Bucket: name }));
        assert.equal(acl.Owner?.ID, a.canonicalUserId);
        assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[a.canonicalUserId, 'FULL_CONTROL']]);
        assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: name }))).Status, undefined);
      });

      it('lists the caller’s buckets only, with the account’s canonical id as Owner', async () => {
        const mine = await s3(server.url, a, style).send(new ListBucketsCommand({}));
        assert.equal(mine.Owner?.ID, a.canonicalUserId);
        assert.ok(mine.Buckets?.some((x) => x.Name === name && x.BucketRegion === 'us-east-1' && x.CreationDate instanceof Date));
        const theirs = await s3(server.url, b, style).send(new ListBucketsCommand({}));
        assert.equal(theirs.Owner?.ID, b.canonicalUserId);
        assert.ok(!theirs.Buckets?.some((x) => x.Name === name));
      });

      it('deletes it; then it is gone (404)', async () => {
        const c = s3(server.url, a, style);
        await c.send(new DeleteBucketCommand({ Bucket: name }));
        await fails(c.send(new HeadBucketCommand({ Bucket: name })), 'NotFound', 404);
        await fails(c.send(new DeleteBucketCommand({ Bucket: name })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
        await fails(c.send(new GetBucketAclCommand({ Bucket: name })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
      });
    });
  }

  it('deletes only an empty bucket: BucketNotEmpty while an object is in it', async () => {
    const c = s3(server.url, a, 'path');
    await c.send(new CreateBucketCommand({ Bucket: 'not-empty' }));
    await c.send(new PutObjectCommand({ Bucket: 'not-empty', Key: 'k', Body: 'x' }));
    await fails(c.send(new DeleteBucketCommand({ Bucket: 'not-empty' })), 'BucketNotEmpty', 409, 'The bucket you tried to delete is not empty');
    await c.send(new DeleteObjectCommand({ Bucket: 'not-empty', Key: 'k' }));
    await c.send(new DeleteBucketCommand({ Bucket: 'not-empty' }));
    await fails(c.send(new HeadBucketCommand({ Bucket: 'not-empty' })), 'NotFound', 404);
  });

  it('refuses names outside S3’s rules with InvalidBucketName', async () => {
    const c = s3(server.url, a, 'path');
    for (const bad of ['ab', 'Upper-Case', 'under_score', '-dash-first', 'dots..twice', '192.168.1.2', 'xn--punycode', 'x'.repeat(64)]) {
      await fails(c.send(new CreateBucketCommand({ Bucket: bad })), 'InvalidBucketName', 400, 'The specified bucket is not valid.');
    }
  });

  it('keeps names global: another account gets BucketAlreadyExists; the owner gets 200 in us-east-1 and BucketAlreadyOwnedByYou elsewhere', async () => {
    await s3(server.url, a, 'path').send(new CreateBucketCommand({ Bucket: 'global-name' }));
    await fails(
      s3(server.url, b, 'path').send(new CreateBucketCommand({ Bucket: 'global-name' })),
      'BucketAlreadyExists',
      409,
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    );
    await s3(server.url, a, 'path').send(new CreateBucketCommand({ Bucket: 'global-name' }));
    const eu = s3(server.url, a, 'path', 'eu-west-1');
    await eu.send(new CreateBucketCommand({ Bucket: 'global-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await fails(
      eu.send(new CreateBucketCommand({ Bucket: 'global-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
    );
  });

  it('places buckets by LocationConstraint and checks it against the endpoint’s region', async () => {
    const c = s3(server.url, a, 'path');
    await c.send(new CreateBucketCommand({ Bucket: 'placed-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    assert.equal((await c.send(new HeadBucketCommand({ Bucket: 'placed-eu' }))).BucketRegion, 'eu-west-1');
    assert.equal((await c.send(new GetBucketLocationCommand({ Bucket: 'placed-eu' }))).LocationConstraint, 'eu-west-1');
    const west = s3(server.url, a, 'path', 'us-west-2');
    await fails(
      west.send(new CreateBucketCommand({ Bucket: 'placed-wrong', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
      'IllegalLocationConstraintException',
      400,
      'The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.',
    );
  });

  it('honours x-amz-expected-bucket-owner on every bucket operation', async () => {
    const c = s3(server.url, a, 'path');
    await c.send(new CreateBucketCommand({ Bucket: 'expected-owner' }));
    const wrong = { Bucket: 'expected-owner', ExpectedBucketOwner: b.accountId };
    // A HEAD answer has no body: the SDK knows only the status.
    assert.equal((await rejection(c.send(new HeadBucketCommand(wrong)))).$metadata.httpStatusCode, 403);
    await fails(c.send(new GetBucketAclCommand(wrong)), 'AccessDenied', 403, 'Access Denied');
    await fails(c.send(new GetBucketPolicyCommand(wrong)), 'AccessDenied', 403, 'Access Denied');
    await fails(c.send(new PutBucketTaggingCommand({ ...wrong, Tagging: { TagSet: [] } })), 'AccessDenied', 403, 'Access Denied');
    await fails(c.send(new DeleteBucketCommand(wrong)), 'AccessDenied', 403, 'Access Denied');
    await c.send(new HeadBucketCommand({ Bucket: 'expected-owner', ExpectedBucketOwner: a.accountId }));
    await c.send(new GetBucketAclCommand({ Bucket: 'expected-owner', ExpectedBucketOwner: a.accountId }));
  });

  it('stores a valid bucket policy and refuses invalid ones with MalformedPolicy', async () => {
    const c = s3(server.url, a, 'path');
    const bucket = 'policy-bucket';
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    await fails(c.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    await fails(c.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    const good = policyOf({
      Sid: 'ReadForTheTeam',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${a.accountId}:user/alice`, `arn:aws:iam::${a.accountId}:role/service-role/Exec`, b.accountId] },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    });
    await c.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: good }));
    assert.equal((await c.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy, good);
    assert.equal((await c.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic, false);

    const base = { Effect: 'Allow', Principal: { AWS: a.accountId }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
    const malformed = (policy: string, message: string) => fails(c.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })), 'MalformedPolicy', 400, message);
    await malformed(policyOf({ ...base, Principal: { AWS: `arn:aws:iam::${a.accountId}:role/NoSuchRole` } }), 'Invalid principal in policy');
    await malformed(policyOf({ ...base, Principal: { AWS: `arn:aws:iam::${a.accountId}/Exec` } }), 'Invalid principal in policy');
    await malformed(policyOf({ ...base, Resource: 'arn:aws:s3:::someone-elses-bucket/*' }), 'Policy has invalid resource');
    await malformed(policyOf({ ...base, Resource: `arn:aws:s3:::${bucket}` }), 'Action does not apply to any resource(s) in statement');
    await malformed(policyOf({ ...base, Action: 'iam:PassRole' }), 'Policy has invalid action');
    await malformed('not json', "Policies must be valid JSON and the first byte must be '{'");
    assert.equal((await c.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy, good, 'refused policies change nothing');

    await c.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    await fails(c.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404);
  });

  it('refuses a public policy while BlockPublicPolicy is on, and reports it public once allowed', async () => {
    const c = s3(server.url, a, 'path');
    const bucket = 'public-policy-bucket';
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    const open = policyOf({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });
    await fails(
      c.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: open })),
      'AccessDenied',
      403,
      `User: arn:aws:iam::${a.accountId}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    );
    await c.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } }));
    const pab = await c.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    assert.deepEqual(pab.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    await c.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: open }));
    assert.equal((await c.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic, true);
    await c.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await fails(c.send(new GetPublicAccessBlockCommand({ Bucket: bucket })), 'NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
  });

  it('keeps bucket policies to the owner’s account: another account gets 405 even when the policy allows it', async () => {
    const c = s3(server.url, a, 'path');
    const bucket = 'owner-only-policy';
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    await c.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyOf({ Effect: 'Allow', Principal: { AWS: b.accountId }, Action: 's3:GetBucketPolicy', Resource: `arn:aws:s3:::${bucket}` }) }));
    await fails(s3(server.url, b, 'path').send(new GetBucketPolicyCommand({ Bucket: bucket })), 'MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
    // Without the policy's grant, the other account is simply denied.
    await fails(s3(server.url, b, 'path').send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: '{}' })), 'AccessDenied', 403);
  });

  it('manages ownership controls; BucketOwnerEnforced refuses ACLs, other settings accept them', async () => {
    const c = s3(server.url, a, 'path');
    const bucket = 'ownership-bucket';
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    await fails(c.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' })), 'AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
    await c.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    await c.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }));
    await c.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: `id="${b.canonicalUserId}"`, GrantFullControl: `id="${a.canonicalUserId}"` }));
    const acl = await c.send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.deepEqual(
      acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]).sort(),
      [[a.canonicalUserId, 'FULL_CONTROL'], [b.canonicalUserId, 'READ']].sort(),
    );
    await fails(c.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: 'id="0000000000000000000000000000000000000000000000000000000000000000"' })), 'InvalidArgument', 400, 'Invalid id');
    await fails(c.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' })), 'AccessDenied', 403, 'Access Denied');
    await fails(
      c.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })),
      'InvalidBucketAclWithObjectOwnership',
      400,
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    );
    await c.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    await c.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } }));
    assert.deepEqual((await c.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))).OwnershipControls?.Rules, [{ ObjectOwnership: 'BucketOwnerPreferred' }]);
    await c.send(new DeleteBucketOwnershipControlsCommand({ Bucket: bucket }));
    await fails(c.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })), 'OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found');
  });

  it('takes x-amz-object-ownership and canned ACLs at creation only where ownership allows them', async () => {
    const c = s3(server.url, a, 'path');
    await fails(
      c.send(new CreateBucketCommand({ Bucket: 'acl-at-create', ACL: 'public-read' })),
      'InvalidBucketAclWithObjectOwnership',
      400,
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    );
    await c.send(new CreateBucketCommand({ Bucket: 'acl-at-create', ACL: 'private' }));
    await c.send(new CreateBucketCommand({ Bucket: 'writer-owned', ObjectOwnership: 'ObjectWriter', GrantRead: `id="${b.canonicalUserId}"`, GrantFullControl: `id="${a.canonicalUserId}"` }));
    assert.deepEqual((await c.send(new GetBucketOwnershipControlsCommand({ Bucket: 'writer-owned' }))).OwnershipControls?.Rules, [{ ObjectOwnership: 'ObjectWriter' }]);
    assert.equal((await c.send(new GetBucketAclCommand({ Bucket: 'writer-owned' }))).Grants?.length, 2);
    // New buckets block public ACLs.
    await fails(c.send(new CreateBucketCommand({ Bucket: 'writer-public', ObjectOwnership: 'ObjectWriter', ACL: 'public-read' })), 'AccessDenied', 403, 'Access Denied');
  });

  it('tags buckets', async () => {
    const c = s3(server.url, a, 'path');
    const bucket = 'tagged-bucket';
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    await fails(c.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet', 404, 'The TagSet does not exist');
    await c.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'team', Value: 'ml' }, { Key: 'env', Value: '' }] } }));
    assert.deepEqual((await c.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet, [{ Key: 'team', Value: 'ml' }, { Key: 'env', Value: '' }]);
    await fails(c.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } })), 'InvalidTag', 400, 'Cannot provide multiple Tags with the same key');
    await fails(c.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'aws:x', Value: '1' }] } })), 'InvalidTag', 400);
    await c.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
    await fails(c.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet', 404);
  });

  it('asks IAM: a user without permissions is denied each bucket action, with AWS’s message', async () => {
    const iamA = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: a, maxAttempts: 1 });
    const { CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const key = (await iamA.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const alice = s3(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, 'path');
    await fails(alice.send(new CreateBucketCommand({ Bucket: 'alice-bucket' })), 'AccessDenied', 403, new RegExp(`^User: arn:aws:iam::${a.accountId}:user/alice is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::alice-bucket" because no identity-based policy allows the s3:CreateBucket action$`));
    await fails(alice.send(new ListBucketsCommand({})), 'AccessDenied', 403, /s3:ListAllMyBuckets/);
    await fails(alice.send(new GetBucketAclCommand({ Bucket: 'tagged-bucket' })), 'AccessDenied', 403, /s3:GetBucketAcl/);
    // Existence is not a secret in S3: a missing bucket is NoSuchBucket even for her.
    await fails(alice.send(new GetBucketAclCommand({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
  });

  it('lets an anonymous caller list nothing', async () => {
    // A signer that signs nothing: the requests go out without Authorization.
    const anon = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, signer: { sign: async (r) => r } });
    await fails(anon.send(new ListBucketsCommand({})), 'AccessDenied', 403, 'Access Denied');
    await fails(anon.send(new GetBucketAclCommand({ Bucket: 'tagged-bucket' })), 'AccessDenied', 403, 'Access Denied');
  });
});
