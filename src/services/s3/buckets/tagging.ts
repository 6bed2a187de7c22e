import { AwsError } from '../../../core/errors.js';
import type { Operation } from '../../operation.js';
import { noSuchTagSet } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

type Tag = { Key: string; Value: string };

const MAX_BUCKET_TAGS = 50;
const invalidTag = (message: string) => new AwsError('InvalidTag', 400, message);

/** S3's tag rules for buckets: at most 50, keys 1–128 and values 0–256 characters, unique keys, no `aws:` keys. */
export function checkBucketTags(tags: readonly Tag[]): void {
  if (tags.length > MAX_BUCKET_TAGS) throw invalidTag('Bucket tag count cannot be greater than 50');
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128) throw invalidTag('The TagKey you have provided is invalid');
    if (t.Value.length > 256) throw invalidTag('The TagValue you have provided is invalid');
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidTag('System tags cannot be added/updated by requester');
    if (seen.has(t.Key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
  }
}

/** s3:PutBucketTagging replaces the whole tag set. */
export const putBucketTagging: Operation<BucketInput & { Tagging: { TagSet?: Tag[] } }, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketTagging'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const tags = (input.Tagging?.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
    checkBucketTags(tags);
    await ctx.state.s3Buckets.setTags(bucket.name, tags);
    return {};
  },
};

export const getBucketTagging: Operation<BucketInput, { TagSet: Tag[] }> = {
  authorization: onBucket('s3:GetBucketTagging'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    if (!bucket.tags || bucket.tags.length === 0) throw noSuchTagSet(bucket.name);
    return { TagSet: bucket.tags };
  },
};

/** AWS asks s3:PutBucketTagging for deleting the tag set. */
export const deleteBucketTagging: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketTagging'),
  async handle(input, ctx) {
    await ctx.state.s3Buckets.setTags((await bucketOf(input, ctx)).name, undefined);
    return {};
  },
};
