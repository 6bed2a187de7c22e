import { AwsError } from '../../../core/errors.js';
import type { CorsRule } from '../../../storage/s3.js';
import type { Operation } from '../../operation.js';
import { checkCorsRules, type CorsRuleInput } from '../cors/rules.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

function noSuchCorsConfiguration(bucket: string): AwsError {
  return new AwsError('NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist', { BucketName: bucket });
}

/**
 * s3:PutBucketCORS (AWS's spelling of the action): replaces the bucket's CORS rules. What they
 * do, preflights and the headers of actual requests, is in ../cors/browser-requests.ts.
 */
export const putBucketCors: Operation<BucketInput & { CORSConfiguration?: { CORSRules?: CorsRuleInput[] } }, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketCORS'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    await ctx.state.s3Buckets.setConfiguration(bucket.name, 'cors', checkCorsRules(input.CORSConfiguration?.CORSRules));
    return {};
  },
};

export const getBucketCors: Operation<BucketInput, { CORSRules: CorsRule[] }> = {
  authorization: onBucket('s3:GetBucketCORS'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    if (!bucket.cors) throw noSuchCorsConfiguration(bucket.name);
    return { CORSRules: bucket.cors };
  },
};

/** S3 has no delete action for CORS: deleting asks s3:PutBucketCORS, and answers 204 with or without rules. */
export const deleteBucketCors: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketCORS'),
  async handle(input, ctx) {
    await ctx.state.s3Buckets.setConfiguration((await bucketOf(input, ctx)).name, 'cors', undefined);
    return {};
  },
};
