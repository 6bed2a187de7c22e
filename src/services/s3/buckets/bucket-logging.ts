import { AwsError } from '../../../core/errors.js';
import type { BucketLogging } from '../../../storage/s3.js';
import type { Operation } from '../../operation.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

const invalidTarget = (message: string) => new AwsError('InvalidTargetBucketForLogging', 400, message, {});

/**
 * s3:PutBucketLogging: where the bucket's server access logs go, or (an empty
 * BucketLoggingStatus) that they go nowhere. The target must be a bucket of the same account in
 * the same region. sagelite keeps the configuration and writes no log records (docs/COMPATIBILITY.md).
 */
export const putBucketLogging: Operation<BucketInput & { BucketLoggingStatus?: { LoggingEnabled?: BucketLogging } }, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketLogging'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const enabled = input.BucketLoggingStatus?.LoggingEnabled;
    if (enabled) {
      const target = await ctx.state.s3Buckets.getBucket(enabled.TargetBucket);
      if (!target) throw invalidTarget('The target bucket for logging does not exist');
      if (target.accountId !== bucket.accountId) throw invalidTarget('The owner for the bucket to be logged and the target bucket must be the same.');
      if (target.region !== bucket.region) throw new AwsError('CrossLocationLoggingProhibitted', 403, 'Cross S3 location logging not allowed. ', { TargetBucketLocation: target.region });
    }
    await ctx.state.s3Buckets.setLogging(bucket.name, enabled ? {
      TargetBucket: enabled.TargetBucket,
      TargetPrefix: enabled.TargetPrefix ?? '',
      ...(enabled.TargetGrants ? { TargetGrants: enabled.TargetGrants } : {}),
      ...(enabled.TargetObjectKeyFormat ? { TargetObjectKeyFormat: enabled.TargetObjectKeyFormat } : {}),
    } : undefined);
    return {};
  },
};

export const getBucketLogging: Operation<BucketInput> = {
  authorization: onBucket('s3:GetBucketLogging'),
  async handle(input, ctx) {
    const logging = (await bucketOf(input, ctx)).logging;
    return logging ? { LoggingEnabled: logging } : {};
  },
};
