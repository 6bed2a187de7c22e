import { randomUUID } from 'node:crypto';
import type { Operation } from '../../operation.js';
import type { LifecycleRule } from '../../../storage/s3.js';
import { checkLifecycleRules, noSuchLifecycleConfiguration, type LifecycleRuleInput } from '../lifecycle/rules.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

interface PutLifecycleInput extends BucketInput {
  LifecycleConfiguration?: { Rules?: LifecycleRuleInput[] };
  TransitionDefaultMinimumObjectSize?: string;
}

/**
 * A rule sent without an ID gets one, as S3 assigns it (GetBucketLifecycleConfiguration answers
 * every rule with an ID): a random UUID in base64, the shape S3's generated IDs have.
 */
function withIds(rules: LifecycleRule[]): LifecycleRule[] {
  return rules.map((r) => (r.ID === undefined ? { ...r, ID: Buffer.from(randomUUID()).toString('base64') } : r));
}

/** S3's default since September 2024: objects under 128 KB are not transitioned. */
const DEFAULT_MINIMUM_SIZE = 'all_storage_classes_128K';

/**
 * s3:PutLifecycleConfiguration — replaces the bucket's rules. Expiration, noncurrent-version
 * expiration and the abort of incomplete multipart uploads are carried out by the lifecycle
 * sweep (src/services/s3/lifecycle/sweep.ts); transitions are kept and answered but move nothing:
 * sagelite has one storage class.
 */
export const putBucketLifecycleConfiguration: Operation<PutLifecycleInput> = {
  authorization: onBucket('s3:PutLifecycleConfiguration'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const rules = withIds(checkLifecycleRules(input.LifecycleConfiguration?.Rules));
    await ctx.state.s3Buckets.setConfiguration(bucket.name, 'lifecycle', rules);
    return { TransitionDefaultMinimumObjectSize: input.TransitionDefaultMinimumObjectSize ?? DEFAULT_MINIMUM_SIZE };
  },
};

/** s3:GetLifecycleConfiguration — the rules as stored; NoSuchLifecycleConfiguration without any. */
export const getBucketLifecycleConfiguration: Operation<BucketInput> = {
  authorization: onBucket('s3:GetLifecycleConfiguration'),
  async handle(input, ctx) {
    const rules = (await bucketOf(input, ctx)).lifecycle;
    if (!rules) throw noSuchLifecycleConfiguration(input.Bucket);
    return {
      Rules: rules.map((r) => ({ ...r, ...(r.Expiration?.Date ? { Expiration: { ...r.Expiration, Date: new Date(r.Expiration.Date) } } : {}) })),
      TransitionDefaultMinimumObjectSize: DEFAULT_MINIMUM_SIZE,
    };
  },
};

/** DeleteBucketLifecycle asks s3:PutLifecycleConfiguration, as AWS does; 204 whether or not there were rules. */
export const deleteBucketLifecycle: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:PutLifecycleConfiguration'),
  async handle(input, ctx) {
    await ctx.state.s3Buckets.setConfiguration((await bucketOf(input, ctx)).name, 'lifecycle', undefined);
    return {};
  },
};
