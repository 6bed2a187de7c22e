import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { AwsError } from '../../../../core/errors.js';
import type { Bucket } from '../../../../storage/s3.js';
import { customerKey, encryptionConditionKeys, writeEncryption } from './request.js';

const bucket = (encryption?: Bucket['encryption']): Bucket => ({
  name: 'b', accountId: '111111111111', region: 'us-east-1', createdAt: new Date(0), ownership: 'BucketOwnerEnforced', acl: { ownerId: 'o', grants: [] }, ...(encryption ? { encryption } : {}),
});
const invalid = (message: RegExp) => (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument' && e.status === 400 && message.test(e.message);

describe('S3 write encryption from headers and the bucket default', () => {
  const key = randomBytes(32);
  const md5 = createHash('md5').update(key).digest('base64');
  it('checks customer keys as S3 does: AES256, 256 bits, and the MD5 the request states', () => {
    assert.deepEqual(customerKey({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: md5 }), { key, keyMd5: md5 });
    assert.equal(customerKey({}), undefined);
    assert.throws(() => customerKey({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update('x').digest('base64') }), invalid(/^The calculated MD5 hash of the key did not match/));
    assert.throws(() => customerKey({ SSECustomerAlgorithm: 'AES128', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: md5 }), invalid(/must provide a valid encryption algorithm/));
    assert.throws(() => customerKey({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: randomBytes(16).toString('base64'), SSECustomerKeyMD5: md5 }), invalid(/secret key was invalid/));
    assert.throws(() => customerKey({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') }), invalid(/client calculated MD5/));
  });
  it('takes the headers first, then the bucket’s default; SSE-KMS binds the object’s ARN into the context (the bucket’s with a Bucket Key)', () => {
    assert.deepEqual(writeEncryption({}, bucket(), 'k'), { type: 'AES256' });
    assert.deepEqual(writeEncryption({}, bucket({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/x', bucketKeyEnabled: true }), 'k'),
      { type: 'aws:kms', keyId: 'alias/x', context: { 'aws:s3:arn': 'arn:aws:s3:::b' }, bucketKeyEnabled: true });
    assert.deepEqual(writeEncryption({}, bucket({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/x', bucketKeyEnabled: false }), 'k'),
      { type: 'aws:kms', keyId: 'alias/x', context: { 'aws:s3:arn': 'arn:aws:s3:::b/k' }, bucketKeyEnabled: false });
    assert.deepEqual(writeEncryption({ ServerSideEncryption: 'AES256' }, bucket({ sseAlgorithm: 'aws:kms', bucketKeyEnabled: false }), 'k'), { type: 'AES256' });
    const context = Buffer.from(JSON.stringify({ team: 'ml' })).toString('base64');
    assert.deepEqual(writeEncryption({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: context }, bucket(), 'k'),
      { type: 'aws:kms', context: { team: 'ml', 'aws:s3:arn': 'arn:aws:s3:::b/k' }, bucketKeyEnabled: false });
    assert.throws(() => writeEncryption({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: 'bm90IGpzb24=' }, bucket(), 'k'), invalid(/string-string map/));
    assert.throws(() => writeEncryption({ ServerSideEncryption: 'AES512' }, bucket(), 'k'), invalid(/not supported/));
    assert.throws(() => writeEncryption({ ServerSideEncryption: 'AES256', SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: md5 }, bucket(), 'k'), invalid(/incompatible/));
  });
  it('sets the condition keys from the headers as sent (a bucket default sets none)', () => {
    assert.deepEqual(encryptionConditionKeys({}), {});
    assert.deepEqual(encryptionConditionKeys({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k' }), { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'k' });
    assert.deepEqual(encryptionConditionKeys({ SSECustomerAlgorithm: 'AES256' }), { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' });
  });
});
