import type { BucketEncryption } from '../../../storage/s3.js';
import type { Operation } from '../../operation.js';
import { invalidArgument, malformedXml } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

interface EncryptionRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
  BucketKeyEnabled?: boolean;
  BlockedEncryptionTypes?: unknown;
}

/** S3's default for every bucket since January 2023: SSE-S3. */
const SSE_S3_DEFAULT: BucketEncryption = { sseAlgorithm: 'AES256', bucketKeyEnabled: false };

function ruleOf(rules: readonly EncryptionRule[] | undefined): BucketEncryption {
  if (!rules || rules.length !== 1) throw malformedXml();
  const rule = rules[0]!;
  const apply = rule.ApplyServerSideEncryptionByDefault;
  if (!apply?.SSEAlgorithm) throw malformedXml();
  if (rule.BlockedEncryptionTypes !== undefined) throw invalidArgument('sagelite does not block encryption types: BlockedEncryptionTypes is not supported.');
  if (apply.SSEAlgorithm === 'aws:kms:dsse') throw invalidArgument('sagelite does not do dual-layer encryption (aws:kms:dsse).', 'x-amz-server-side-encryption', apply.SSEAlgorithm);
  if (apply.SSEAlgorithm !== 'AES256' && apply.SSEAlgorithm !== 'aws:kms') throw malformedXml();
  if (apply.SSEAlgorithm === 'AES256' && apply.KMSMasterKeyID !== undefined) {
    throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault');
  }
  return {
    sseAlgorithm: apply.SSEAlgorithm,
    ...(apply.KMSMasterKeyID !== undefined ? { kmsMasterKeyId: apply.KMSMasterKeyID } : {}),
    bucketKeyEnabled: rule.BucketKeyEnabled === true,
  };
}

/** s3:PutEncryptionConfiguration: the bucket's default encryption, for writes that ask for none. */
export const putBucketEncryption: Operation<BucketInput & { ServerSideEncryptionConfiguration: { Rules?: EncryptionRule[] } }, Record<string, never>> = {
  authorization: onBucket('s3:PutEncryptionConfiguration'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    await ctx.state.s3Buckets.setEncryption(bucket.name, ruleOf(input.ServerSideEncryptionConfiguration?.Rules));
    return {};
  },
};

/** The bucket's default encryption: SSE-S3 unless PutBucketEncryption set another, as S3 answers since 2023. */
export function defaultEncryption(encryption: BucketEncryption | undefined): BucketEncryption {
  return encryption ?? SSE_S3_DEFAULT;
}

export const getBucketEncryption: Operation<BucketInput> = {
  authorization: onBucket('s3:GetEncryptionConfiguration'),
  async handle(input, ctx) {
    const e = defaultEncryption((await bucketOf(input, ctx)).encryption);
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: e.sseAlgorithm, ...(e.kmsMasterKeyId ? { KMSMasterKeyID: e.kmsMasterKeyId } : {}) }, BucketKeyEnabled: e.bucketKeyEnabled }],
      },
    };
  },
};

/** S3 asks s3:PutEncryptionConfiguration for deleting it too; the bucket is back to SSE-S3. */
export const deleteBucketEncryption: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:PutEncryptionConfiguration'),
  async handle(input, ctx) {
    await ctx.state.s3Buckets.setEncryption((await bucketOf(input, ctx)).name, undefined);
    return {};
  },
};
