import { AwsError } from '../../../core/errors.js';
import type { Operation } from '../../operation.js';
import { malformedXml } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

interface PutBucketVersioningInput extends BucketInput {
  MFA?: string;
  VersioningConfiguration?: { Status?: string; MFADelete?: string };
}

/**
 * AWS's refusal of a request that needs MFA and has none. sagelite has no MFA devices, so no
 * x-amz-mfa value can be right: enabling MFA delete is always refused (docs/DECISIONS.md).
 */
const mfaRequired = () => new AwsError('AccessDenied', 403, 'Mfa Authentication must be used for this request');

/**
 * s3:PutBucketVersioning — Enabled or Suspended; once enabled a bucket is never unversioned again.
 * MFA delete needs the root user's MFA device (x-amz-mfa); sagelite has none, so enabling it is
 * refused as AWS refuses a request without MFA, and Disabled is accepted (it is the state).
 */
export const putBucketVersioning: Operation<PutBucketVersioningInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketVersioning'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const config = input.VersioningConfiguration;
    const status = config?.Status;
    if (config?.MFADelete !== undefined && config.MFADelete !== 'Enabled' && config.MFADelete !== 'Disabled') throw malformedXml();
    if (config?.MFADelete === 'Enabled') throw mfaRequired();
    if (status === undefined) return {}; // an empty configuration changes nothing
    if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
    if (bucket.objectLock && status === 'Suspended') {
      throw new AwsError('InvalidBucketState', 409, 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.');
    }
    await ctx.state.s3Buckets.setConfiguration(bucket.name, 'versioning', { status });
    return {};
  },
};

/**
 * s3:GetBucketVersioning — no Status for a bucket never versioned. S3 shows MfaDelete only for a
 * bucket that was once configured with MFA delete, and sagelite refuses enabling it, so never.
 */
export const getBucketVersioning: Operation<BucketInput> = {
  authorization: onBucket('s3:GetBucketVersioning'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    return bucket.versioning ? { Status: bucket.versioning.status } : {};
  },
};
