import type { PublicAccessBlock } from '../../../storage/s3.js';
import type { Operation } from '../../operation.js';
import { invalidRequest, noSuchPublicAccessBlock } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

/** What new buckets get (S3's default since April 2023). */
export const ALL_BLOCKED: Readonly<PublicAccessBlock> = Object.freeze({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });

type Settings = Partial<PublicAccessBlock>;

/** s3:PutBucketPublicAccessBlock. Settings left out are false, as S3 stores them; none at all is refused. */
export const putPublicAccessBlock: Operation<BucketInput & { PublicAccessBlockConfiguration: Settings }, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketPublicAccessBlock'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const c = input.PublicAccessBlockConfiguration ?? {};
    const keys = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
    if (keys.every((k) => c[k] === undefined)) throw invalidRequest('Must specify at least one configuration.');
    const block = Object.fromEntries(keys.map((k) => [k, c[k] === true])) as unknown as PublicAccessBlock;
    await ctx.state.s3Buckets.setPublicAccessBlock(bucket.name, block);
    return {};
  },
};

export const getPublicAccessBlock: Operation<BucketInput, { PublicAccessBlockConfiguration: PublicAccessBlock }> = {
  authorization: onBucket('s3:GetBucketPublicAccessBlock'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    if (!bucket.publicAccessBlock) throw noSuchPublicAccessBlock(bucket.name);
    return { PublicAccessBlockConfiguration: bucket.publicAccessBlock };
  },
};

/** AWS asks s3:PutBucketPublicAccessBlock for deleting it too. */
export const deletePublicAccessBlock: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketPublicAccessBlock'),
  async handle(input, ctx) {
    await ctx.state.s3Buckets.setPublicAccessBlock((await bucketOf(input, ctx)).name, undefined);
    return {};
  },
};
