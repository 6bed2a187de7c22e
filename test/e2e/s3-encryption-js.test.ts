import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketEncryptionCommand, GetBucketEncryptionCommand, GetObjectCommand, HeadObjectCommand,
  PutBucketEncryptionCommand, PutBucketPolicyCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient, ListAliasesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { userWith } from './iam-helpers.js';
import { bodyBytes, fails, rejection, s3, type Creds } from './s3-objects-helpers.js';

const R = 'us-east-1';
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Whether any stored object file holds `bytes` in the clear. */
const storedInClear = (dataDir: string, bytes: Buffer) => filesUnder(join(dataDir, 'objects')).some((f) => readFileSync(f).includes(bytes));

/**
 * S3 server-side encryption (issue 16): SSE-S3 by default, SSE-KMS under the caller's KMS
 * permissions, SSE-C under the customer's key, default bucket encryption, and the condition keys
 * a "deny unencrypted uploads" policy needs — with B reading A's SSE-KMS object only where A's
 * key policy, A's bucket policy and B's own IAM policy all allow (JS SDK v3).
 */
describe('S3 server-side encryption with KMS keys across accounts (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let keyArn: string;
  const kms = (k: Creds) => new KMSClient({ endpoint: server.url, region: R, credentials: k, maxAttempts: 1 });

  const userIn = (account: AccountKeys, name: string, document?: string): Promise<Creds> => userWith(server.url, account, name, document);

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'sse-owner-a');
    b = createAccount(server.dataDir, 'sse-reader-b');
    for (const bucket of ['a-data', 'a-kms-default']) await s3(server.url, a).send(new CreateBucketCommand({ Bucket: bucket }));
    keyArn = (await kms(a).send(new CreateKeyCommand({ Description: 'a-data' }))).KeyMetadata!.Arn!;
  });
  after(() => server.stop());

  it('SSE-S3 is every bucket’s default: objects say AES256, and GetBucketEncryption says so', async () => {
    const put = await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'plain.txt', Body: 'plain' }));
    assert.equal(put.ServerSideEncryption, 'AES256');
    assert.equal((await s3(server.url, a).send(new HeadObjectCommand({ Bucket: 'a-data', Key: 'plain.txt' }))).ServerSideEncryption, 'AES256');
    const rule = (await s3(server.url, a).send(new GetBucketEncryptionCommand({ Bucket: 'a-data' }))).ServerSideEncryptionConfiguration!.Rules![0]!;
    assert.deepEqual([rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, rule.BucketKeyEnabled], ['AES256', false]);
  });

  it('SSE-KMS: the object is stored enciphered, read back whole and by range, and its key is named', async () => {
    const secret = Buffer.from(`kms-protected ${randomBytes(8).toString('hex')} `.repeat(200));
    const put = await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'kms.txt', Body: secret, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.deepEqual([put.ServerSideEncryption, put.SSEKMSKeyId], ['aws:kms', keyArn]);
    assert.equal(storedInClear(server.dataDir, secret.subarray(0, 64)), false, 'no stored file holds the bytes in the clear');
    const got = await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'kms.txt' }));
    assert.deepEqual([got.ServerSideEncryption, got.SSEKMSKeyId], ['aws:kms', keyArn]);
    assert.deepEqual(await bodyBytes(got), secret);
    const ranged = await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'kms.txt', Range: 'bytes=1001-2345' }));
    assert.deepEqual(await bodyBytes(ranged), secret.subarray(1001, 2346));
    await fails(s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'x', Body: 'x', SSEKMSKeyId: keyArn })), 'InvalidArgument', 400,
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms');
    await fails(s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/none' })), 'KMS.NotFoundException', 400, /alias\/none is not found/);
    // A read names no encryption (the object is read as it was written): S3 refuses the header on GET and HEAD.
    const declaring = s3(server.url, a);
    declaring.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-server-side-encryption'] = 'aws:kms';
      return next(args);
    }, { step: 'build' });
    await fails(declaring.send(new GetObjectCommand({ Bucket: 'a-data', Key: 'kms.txt' })), 'InvalidArgument', 400, 'x-amz-server-side-encryption header is not supported for this operation.');
    await assert.rejects(declaring.send(new HeadObjectCommand({ Bucket: 'a-data', Key: 'kms.txt' })), (e: { $metadata: { httpStatusCode?: number } }) => e.$metadata.httpStatusCode === 400);
  });

  it('SSE-C: the object opens only with the customer’s key — 400 without it, 403 with another', async () => {
    const key = randomBytes(32);
    const md5 = createHash('md5').update(key).digest('base64');
    const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: md5 };
    const secret = Buffer.from('customer-keyed bytes '.repeat(100));
    const put = await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'ssec.txt', Body: secret, ...sse }));
    assert.deepEqual([put.SSECustomerAlgorithm, put.SSECustomerKeyMD5, put.ServerSideEncryption], ['AES256', md5, undefined]);
    assert.equal(storedInClear(server.dataDir, secret.subarray(0, 40)), false);
    assert.deepEqual(await bodyBytes(await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'ssec.txt', ...sse }))), secret);
    assert.equal((await s3(server.url, a).send(new HeadObjectCommand({ Bucket: 'a-data', Key: 'ssec.txt', ...sse }))).SSECustomerKeyMD5, md5);
    await fails(s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'ssec.txt' })), 'InvalidRequest', 400,
      'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.');
    const other = randomBytes(32);
    await fails(s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'ssec.txt', SSECustomerAlgorithm: 'AES256', SSECustomerKey: other.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(other).digest('base64') })), 'AccessDenied', 403, 'Access Denied');
    await fails(s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'plain.txt', ...sse })), 'InvalidRequest', 400, 'The encryption parameters are not applicable to this object.');
    // Copied out of SSE-C into SSE-KMS: the source opens with its key, the copy under KMS.
    const copied = await s3(server.url, a).send(new CopyObjectCommand({
      Bucket: 'a-data', Key: 'from-ssec.txt', CopySource: 'a-data/ssec.txt', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn,
      CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: key.toString('base64'), CopySourceSSECustomerKeyMD5: md5,
    }));
    assert.deepEqual([copied.ServerSideEncryption, copied.SSEKMSKeyId], ['aws:kms', keyArn]);
    assert.deepEqual(await bodyBytes(await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'from-ssec.txt' }))), secret);
  });

  it('default bucket encryption SSE-KMS with no key: the account’s aws/s3 key is made and used', async () => {
    await s3(server.url, a).send(new PutBucketEncryptionCommand({ Bucket: 'a-kms-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] } }));
    const put = await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-kms-default', Key: 'k', Body: 'defaulted' }));
    const managed = (await kms(a).send(new ListAliasesCommand({}))).Aliases!.find((x) => x.AliasName === 'alias/aws/s3')!;
    assert.deepEqual([put.ServerSideEncryption, put.SSEKMSKeyId, put.BucketKeyEnabled], ['aws:kms', `arn:aws:kms:${R}:${a.accountId}:key/${managed.TargetKeyId}`, true]);
    assert.equal((await bodyBytes(await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'a-kms-default', Key: 'k' })))).toString(), 'defaulted');
    await fails(s3(server.url, a).send(new PutBucketEncryptionCommand({ Bucket: 'a-kms-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: keyArn } }] } })), 'InvalidArgument', 400, /KMSMasterKeyID is not applicable/);
    await s3(server.url, a).send(new DeleteBucketEncryptionCommand({ Bucket: 'a-kms-default' }));
    assert.equal((await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-kms-default', Key: 'k2', Body: 'x' }))).ServerSideEncryption, 'AES256');
  });

  it('a bucket policy denying unencrypted uploads sees the encryption headers (s3:x-amz-server-side-encryption)', async () => {
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: 'a-strict' }));
    await s3(server.url, a).send(new PutBucketPolicyCommand({
      Bucket: 'a-strict',
      Policy: policy(
        { Sid: 'DenyWrongEncryption', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::a-strict/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
        { Sid: 'DenyUnencrypted', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::a-strict/*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } },
      ),
    }));
    await fails(s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-strict', Key: 'x', Body: 'x' })), 'AccessDenied', 403, /explicit deny in a resource-based policy/);
    await fails(s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-strict', Key: 'x', Body: 'x', ServerSideEncryption: 'AES256' })), 'AccessDenied', 403, /explicit deny/);
    assert.equal((await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-strict', Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }))).ServerSideEncryption, 'aws:kms');
  });

  it('B reads A’s SSE-KMS object only when A’s key policy, A’s bucket policy and B’s IAM policy all allow; each refusal is explained', async () => {
    const secret = 'features for b';
    await s3(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'shared/f.csv', Body: secret, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    const reader = await userIn(b, 'reader', policy({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt'], Resource: ['arn:aws:s3:::a-data/shared/*', keyArn] }));
    const noKmsPolicy = await userIn(b, 'reader-no-kms', policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a-data/shared/*' }));
    const get = (k: Creds) => s3(server.url, k).send(new GetObjectCommand({ Bucket: 'a-data', Key: 'shared/f.csv' }));

    // 1. A's bucket policy does not let B in: S3 refuses before KMS is asked.
    const byBucket = await rejection(get(reader));
    assert.equal(byBucket.name, 'AccessDenied');
    assert.match(byBucket.message, /s3:GetObject .*because no resource-based policy allows the s3:GetObject action/);
    await s3(server.url, a).send(new PutBucketPolicyCommand({
      Bucket: 'a-data',
      Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::a-data/shared/*' }),
    }));
    // 2. The bucket lets B in; A's key policy (the default) does not: KMS refuses, through S3.
    const byKey = await rejection(get(reader));
    assert.equal(byKey.name, 'AccessDenied');
    assert.equal(byKey.$metadata.httpStatusCode, 403);
    assert.match(byKey.message, new RegExp(`kms:Decrypt on resource: ${keyArn} because no resource-based policy allows the kms:Decrypt action`));
    const explained = sagelite(['explain', requestIdOf(byKey), '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explained, new RegExp(`key policy of ${keyArn}`));
    await kms(a).send(new PutKeyPolicyCommand({
      KeyId: keyArn,
      Policy: policy(
        { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'b-reads-through-s3', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': `s3.${R}.amazonaws.com` } } },
      ),
    }));
    // 3. All three allow.
    assert.equal((await bodyBytes(await get(reader))).toString(), secret);
    // 4. B's own IAM policy lacks kms:Decrypt.
    const byIdentity = await rejection(get(noKmsPolicy));
    assert.match(byIdentity.message, /kms:Decrypt .*because no identity-based policy allows the kms:Decrypt action/);
    // HEAD needs no KMS permission (the metadata is not encrypted), as on AWS.
    assert.equal((await s3(server.url, noKmsPolicy).send(new HeadObjectCommand({ Bucket: 'a-data', Key: 'shared/f.csv' }))).SSEKMSKeyId, keyArn);
    // The key policy's kms:ViaService condition: B calling KMS directly with the object's data key is refused.
  });
});
