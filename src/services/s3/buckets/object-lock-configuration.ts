import { AwsError } from '../../../core/errors.js';
import type { ObjectLockSettings } from '../../../storage/s3.js';
import type { Operation } from '../../operation.js';
import { invalidArgument, malformedXml } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

interface PutObjectLockConfigurationInput extends BucketInput {
  ObjectLockConfiguration?: {
    ObjectLockEnabled?: string;
    Rule?: { DefaultRetention?: { Mode?: string; Days?: number; Years?: number } };
  };
  Token?: string;
}

/** S3's longest retention period: 100 years (36,500 days). */
const MAX_DAYS = 36_500;
const MAX_YEARS = 100;

/** The default retention of a rule: a mode, and Days or Years (exactly one, a positive whole number, at most 100 years). */
function defaultRetention(rule: NonNullable<PutObjectLockConfigurationInput['ObjectLockConfiguration']>['Rule']): ObjectLockSettings['defaultRetention'] {
  if (rule === undefined) return undefined;
  const r = rule.DefaultRetention;
  if (!r || r.Mode === undefined || (r.Days === undefined) === (r.Years === undefined)) throw malformedXml();
  if (r.Mode !== 'GOVERNANCE' && r.Mode !== 'COMPLIANCE') throw malformedXml();
  const period = r.Days ?? r.Years!;
  if (!Number.isInteger(period) || period <= 0) throw invalidArgument('Default retention period must be a positive integer value', 'ObjectLockConfiguration', String(period));
  // Beyond it no retain-until date could be counted for a new version (every write would fail).
  if (period > (r.Days !== undefined ? MAX_DAYS : MAX_YEARS)) throw invalidArgument('Default retention period must not exceed 100 years', 'ObjectLockConfiguration', String(period));
  return { mode: r.Mode, ...(r.Days !== undefined ? { days: r.Days } : { years: r.Years! }) };
}

/**
 * s3:PutBucketObjectLockConfiguration — turns Object Lock on (a versioned bucket can be given it,
 * as AWS allows since 2023; it is never turned off) and sets or clears the default retention.
 */
export const putObjectLockConfiguration: Operation<PutObjectLockConfigurationInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketObjectLockConfiguration'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const config = input.ObjectLockConfiguration;
    if (config?.ObjectLockEnabled !== 'Enabled') throw malformedXml();
    if (bucket.versioning?.status !== 'Enabled') {
      throw new AwsError('InvalidBucketState', 409, 'Versioning must be \'Enabled\' on the bucket to apply a Object Lock configuration');
    }
    const retention = defaultRetention(config.Rule);
    await ctx.state.s3Buckets.setConfiguration(bucket.name, 'objectLock', { enabled: true, ...(retention ? { defaultRetention: retention } : {}) });
    return {};
  },
};

/** s3:GetBucketObjectLockConfiguration — 404 ObjectLockConfigurationNotFoundError for a bucket without Object Lock. */
export const getObjectLockConfiguration: Operation<BucketInput> = {
  authorization: onBucket('s3:GetBucketObjectLockConfiguration'),
  async handle(input, ctx) {
    const lock = (await bucketOf(input, ctx)).objectLock;
    if (!lock) throw new AwsError('ObjectLockConfigurationNotFoundError', 404, 'Object Lock configuration does not exist for this bucket', { BucketName: input.Bucket });
    const d = lock.defaultRetention;
    return {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        ...(d ? { Rule: { DefaultRetention: { Mode: d.mode, ...(d.days !== undefined ? { Days: d.days } : { Years: d.years }) } } } : {}),
      },
    };
  },
};
