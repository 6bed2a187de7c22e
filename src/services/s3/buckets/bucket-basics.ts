import type { Operation, OperationContext } from '../../operation.js';
import { canonicalIdOf } from '../access.js';
import { bucketNotEmpty } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

/** s3:ListBucket decides HeadBucket, as AWS documents; the answer carries the bucket's region. */
export const headBucket: Operation<BucketInput, { BucketRegion: string }> = {
  authorization: onBucket('s3:ListBucket'),
  handle: async (input, ctx) => ({ BucketRegion: (await bucketOf(input, ctx)).region }),
};

/** s3:DeleteBucket: only an empty bucket (no objects, no uploads in progress, as the object store counts them). */
export const deleteBucket: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:DeleteBucket'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    if (!(await ctx.state.s3Objects.bucketIsEmpty(bucket.name))) throw bucketNotEmpty(bucket.name);
    // Uploads in progress and anything left behind go with the bucket.
    await ctx.state.s3Objects.dropBucket(bucket.name);
    await ctx.state.s3Buckets.deleteBucket(bucket.name);
    return {};
  },
};

interface ListBucketsInput {
  MaxBuckets?: number;
  ContinuationToken?: string;
  Prefix?: string;
  BucketRegion?: string;
}

interface ListBucketsOutput {
  Buckets: Array<{ Name: string; CreationDate: Date; BucketRegion: string }>;
  Owner: { ID: string };
  ContinuationToken?: string;
  Prefix?: string;
}

const token = (name: string) => Buffer.from(name, 'utf8').toString('base64url');
const fromToken = (t: string) => Buffer.from(t, 'base64url').toString('utf8');

/**
 * s3:ListAllMyBuckets: the caller's account's buckets by name, filtered by Prefix and
 * BucketRegion, paged by MaxBuckets with an opaque ContinuationToken (the last name returned).
 */
export const listBuckets: Operation<ListBucketsInput, ListBucketsOutput> = {
  authorization: () => [{ action: 's3:ListAllMyBuckets', resource: '*' }],
  async handle(input, ctx: OperationContext) {
    const after = input.ContinuationToken ? fromToken(input.ContinuationToken) : undefined;
    const all = (await ctx.state.s3Buckets.listBuckets(ctx.principal.accountId)).filter((b) => (input.Prefix === undefined || b.name.startsWith(input.Prefix)) && (input.BucketRegion === undefined || b.region === input.BucketRegion));
    const rest = after === undefined ? all : all.filter((b) => b.name > after);
    const page = input.MaxBuckets !== undefined ? rest.slice(0, input.MaxBuckets) : rest;
    const more = page.length < rest.length;
    return {
      Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.createdAt, BucketRegion: b.region })),
      Owner: { ID: (await canonicalIdOf(ctx, ctx.principal.accountId)) ?? '' },
      ...(more ? { ContinuationToken: token(page[page.length - 1]!.name) } : {}),
      ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
    };
  },
};

/**
 * s3:GetBucketLocation. AWS answers an empty LocationConstraint for us-east-1; sagelite sends the
 * element empty (botocore reads the body's root, so an empty body would not parse).
 */
export const getBucketLocation: Operation<BucketInput, { LocationConstraint: string }> = {
  authorization: onBucket('s3:GetBucketLocation'),
  async handle(input, ctx) {
    const region = (await bucketOf(input, ctx)).region;
    return { LocationConstraint: region === 'us-east-1' ? '' : region };
  },
};
