import type { ObjectOwnership } from '../../../storage/s3.js';
import type { Operation } from '../../operation.js';
import { canonicalIdOf } from '../access.js';
import { isOwnerFullControlOnly } from '../acl.js';
import { invalidBucketAclWithObjectOwnership, malformedXml, ownershipControlsNotFound } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

interface OwnershipControls {
  Rules: Array<{ ObjectOwnership: ObjectOwnership }>;
}

/**
 * s3:PutBucketOwnershipControls: exactly one rule. BucketOwnerEnforced is refused while the
 * bucket's ACL grants anyone but the owner (InvalidBucketAclWithObjectOwnership), as S3 requires
 * such grants to be removed first.
 */
export const putBucketOwnershipControls: Operation<BucketInput & { OwnershipControls: OwnershipControls }, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketOwnershipControls'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const rules = input.OwnershipControls?.Rules ?? [];
    if (rules.length !== 1 || !rules[0]!.ObjectOwnership) throw malformedXml();
    const ownership = rules[0]!.ObjectOwnership;
    if (ownership === 'BucketOwnerEnforced' && !isOwnerFullControlOnly(bucket.acl, (await canonicalIdOf(ctx, bucket.accountId)) ?? '')) throw invalidBucketAclWithObjectOwnership();
    await ctx.state.s3Buckets.setOwnership(bucket.name, ownership);
    return {};
  },
};

export const getBucketOwnershipControls: Operation<BucketInput, { OwnershipControls: OwnershipControls }> = {
  authorization: onBucket('s3:GetBucketOwnershipControls'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    if (bucket.ownershipControlsAbsent) throw ownershipControlsNotFound(bucket.name);
    return { OwnershipControls: { Rules: [{ ObjectOwnership: bucket.ownership }] } };
  },
};

/** AWS asks s3:PutBucketOwnershipControls for deleting them; without controls S3 behaves as ObjectWriter. */
export const deleteBucketOwnershipControls: Operation<BucketInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketOwnershipControls'),
  async handle(input, ctx) {
    await ctx.state.s3Buckets.setOwnership((await bucketOf(input, ctx)).name, undefined);
    return {};
  },
};
