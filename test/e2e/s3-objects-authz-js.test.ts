import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, PutObjectTaggingCommand, S3Client,
  CreateMultipartUploadCommand, ListMultipartUploadsCommand, AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient } from './iam-helpers.js';
import { fails, s3 } from './s3-objects-helpers.js';

const Bucket = 'authz-objects';

describe('S3 object authorization: actions, resources and condition keys (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let owner: S3Client;
  let alice: S3Client;
  let aliceArn: string;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'authz');
    owner = s3(server.url, a);
    await owner.send(new CreateBucketCommand({ Bucket }));
    for (const Key of ['public/a.txt', 'private/b.txt', 'public/secret.txt']) await owner.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    await owner.send(new PutObjectTaggingCommand({ Bucket, Key: 'public/secret.txt', Tagging: { TagSet: [{ Key: 'classification', Value: 'secret' }] } }));
    const iam = iamClient(server.url, a);
    const user = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    aliceArn = user.User!.Arn!;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/public/*` },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${Bucket}`, Condition: { StringLike: { 's3:prefix': 'public/*' } } },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ExistingObjectTag/classification': 'secret' } } },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${Bucket}/uploads/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
        { Effect: 'Allow', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${Bucket}/uploads/*` },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'objects', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    alice = s3(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  });
  after(() => server.stop());

  const denied = (action: string, resource: string, why = `because no identity-based policy allows the ${action} action`) =>
    new RegExp(`^User: ${aliceArn} is not authorized to perform: ${action} on resource: "?${resource.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"? ${why}$`);

  it('s3:GetObject on the object ARN; an explicit Deny on s3:ExistingObjectTag wins', async () => {
    const out = await alice.send(new GetObjectCommand({ Bucket, Key: 'public/a.txt' }));
    assert.equal(await out.Body?.transformToString(), 'public/a.txt');
    await fails(alice.send(new GetObjectCommand({ Bucket, Key: 'private/b.txt' })), 'AccessDenied', 403, denied('s3:GetObject', `arn:aws:s3:::${Bucket}/private/b.txt`));
    await fails(alice.send(new GetObjectCommand({ Bucket, Key: 'public/secret.txt' })), 'AccessDenied', 403, /with an explicit deny in an identity-based policy$/);
  });

  it('a missing key is NoSuchKey only to a caller who may list the bucket; otherwise AccessDenied on s3:ListBucket', async () => {
    await fails(alice.send(new GetObjectCommand({ Bucket, Key: 'public/missing' })), 'AccessDenied', 403, denied('s3:ListBucket', `arn:aws:s3:::${Bucket}`));
    await fails(owner.send(new GetObjectCommand({ Bucket, Key: 'public/missing' })), 'NoSuchKey', 404);
  });

  it('s3:ListBucket carries s3:prefix: listing under public/ is allowed, the whole bucket is not', async () => {
    const out = await alice.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/' }));
    assert.deepEqual(out.Contents?.map((o) => o.Key), ['public/a.txt', 'public/secret.txt']);
    await fails(alice.send(new ListObjectsV2Command({ Bucket })), 'AccessDenied', 403, denied('s3:ListBucket', `arn:aws:s3:::${Bucket}`));
  });

  it('s3:PutObject carries s3:x-amz-acl: only bucket-owner-full-control uploads are allowed', async () => {
    await fails(alice.send(new PutObjectCommand({ Bucket, Key: 'uploads/x', Body: 'x' })), 'AccessDenied', 403, denied('s3:PutObject', `arn:aws:s3:::${Bucket}/uploads/x`));
    await alice.send(new PutObjectCommand({ Bucket, Key: 'uploads/x', Body: 'x', ACL: 'bucket-owner-full-control' }));
    await fails(alice.send(new PutObjectCommand({ Bucket, Key: 'elsewhere/x', Body: 'x', ACL: 'bucket-owner-full-control' })), 'AccessDenied', 403);
  });

  it('DeleteObjects needs s3:DeleteObject on every key it names', async () => {
    await fails(alice.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'uploads/x' }, { Key: 'public/a.txt' }] } })), 'AccessDenied', 403, denied('s3:DeleteObject', `arn:aws:s3:::${Bucket}/public/a.txt`));
    const out = await alice.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'uploads/x' }] } }));
    assert.deepEqual(out.Deleted?.map((d) => d.Key), ['uploads/x']);
  });

  it('multipart steps ask their own actions: ListMultipartUploads and AbortMultipartUpload are denied without them', async () => {
    const { UploadId } = await owner.send(new CreateMultipartUploadCommand({ Bucket, Key: 'uploads/mp' }));
    await fails(alice.send(new ListMultipartUploadsCommand({ Bucket })), 'AccessDenied', 403, denied('s3:ListBucketMultipartUploads', `arn:aws:s3:::${Bucket}`));
    await fails(alice.send(new AbortMultipartUploadCommand({ Bucket, Key: 'uploads/mp', UploadId })), 'AccessDenied', 403, denied('s3:AbortMultipartUpload', `arn:aws:s3:::${Bucket}/uploads/mp`));
  });

  it('x-amz-expected-bucket-owner naming another account is AccessDenied, even for the owner', async () => {
    await fails(owner.send(new GetObjectCommand({ Bucket, Key: 'public/a.txt', ExpectedBucketOwner: '999999999999' })), 'AccessDenied', 403, 'Access Denied');
    const out = await owner.send(new GetObjectCommand({ Bucket, Key: 'public/a.txt', ExpectedBucketOwner: a.accountId }));
    assert.equal(out.$metadata.httpStatusCode, 200);
  });

  it('an unsigned request gets nothing without a public policy: a bare AccessDenied', async () => {
    const res = await fetch(`${server.url}/${Bucket}/public/a.txt`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
  });
});
