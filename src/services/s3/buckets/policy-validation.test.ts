import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import type { IamReader } from '../../../storage/iam.js';
import { actionResourceKinds, validateBucketPolicy } from './policy-validation.js';

const A = '111122223333';
const iam = {
  getUser: async (acct: string, name: string) => (acct === A && name === 'alice' ? { path: '/' } : undefined),
  getRole: async (acct: string, name: string) => (acct === A && name === 'Exec' ? { path: '/service-role/' } : undefined),
} as unknown as IamReader;

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*', ...statement }] });
const refused = (message: string) => (e: unknown) => e instanceof AwsError && e.code === 'MalformedPolicy' && e.status === 400 && e.message === message;

describe('bucket policy validation', () => {
  it('accepts the usual shapes', async () => {
    await validateBucketPolicy(iam, 'bkt', policy({}));
    await validateBucketPolicy(iam, 'bkt', policy({ Principal: '*', Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::bkt', 'arn:aws:s3:::bkt/*'] }));
    await validateBucketPolicy(iam, 'bkt', policy({ Principal: { AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:role/service-role/Exec`, '999999999999'] } }));
    await validateBucketPolicy(iam, 'bkt', policy({ Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 's3:*' }));
  });

  it('refuses text that is not JSON, with S3 wording', async () => {
    await assert.rejects(validateBucketPolicy(iam, 'bkt', 'nope'), refused("Policies must be valid JSON and the first byte must be '{'"));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', '{"Version":'), refused('This policy contains invalid Json'));
  });

  it('refuses principals that are malformed or name no user or role', async () => {
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Principal: { AWS: `arn:aws:iam::${A}/Exec` } })), refused('Invalid principal in policy'));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Principal: { AWS: `arn:aws:iam::${A}:role/Missing` } })), refused('Invalid principal in policy'));
    // The role exists, but under another path.
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Principal: { AWS: `arn:aws:iam::${A}:role/Exec` } })), refused('Invalid principal in policy'));
  });

  it("refuses resources outside the bucket, other services' actions, and actions that fit no resource", async () => {
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Resource: 'arn:aws:s3:::other/*' })), refused('Policy has invalid resource'));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Resource: 'arn:aws:s3:::bkt2' })), refused('Policy has invalid resource'));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Resource: '*' })), refused('Policy has invalid resource'));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Action: 'iam:PassRole' })), refused('Policy has invalid action'));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Resource: 'arn:aws:s3:::bkt' })), refused('Action does not apply to any resource(s) in statement'));
    await assert.rejects(validateBucketPolicy(iam, 'bkt', policy({ Action: 's3:ListBucket' })), refused('Action does not apply to any resource(s) in statement'));
  });

  it('passes the engine’s own grammar errors through', async () => {
    await assert.rejects(validateBucketPolicy(iam, 'bkt', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*' }] })), (e: unknown) => e instanceof AwsError && e.code === 'MalformedPolicy');
  });

  it('classifies S3 actions by the resource they apply to', () => {
    assert.deepEqual(actionResourceKinds('s3:GetObject'), ['object']);
    assert.deepEqual(actionResourceKinds('s3:AbortMultipartUpload'), ['object']);
    assert.deepEqual(actionResourceKinds('s3:ListBucket'), ['bucket']);
    assert.deepEqual(actionResourceKinds('s3:GetBucketObjectLockConfiguration'), ['bucket']);
    assert.deepEqual(actionResourceKinds('s3:GetLifecycleConfiguration'), ['bucket']);
    assert.deepEqual(actionResourceKinds('s3:ListAllMyBuckets'), []);
    assert.deepEqual(actionResourceKinds('s3:Get*'), ['bucket', 'object']);
  });
});
