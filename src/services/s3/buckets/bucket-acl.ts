import type { ContextValue } from '../../../auth/policy/types.js';
import type { Operation } from '../../operation.js';
import { canonicalIdOf, grantAccountsOf } from '../access.js';
import { ownerFullControl } from '../acl.js';
import { aclOutput, checkAclAllowed, checkGrantees, requestedAcl, type AccessControlPolicyInput, type GrantHeaders } from '../acl-input.js';
import { invalidRequest } from '../errors.js';
import { bucketOf, onBucket, type BucketInput } from './authorize.js';

/**
 * s3:GetBucketAcl. Under BucketOwnerEnforced ACLs are off and S3 always shows full control for
 * the owner, whatever was stored before.
 */
export const getBucketAcl: Operation<BucketInput, ReturnType<typeof aclOutput>> = {
  authorization: onBucket('s3:GetBucketAcl'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const ownerId = (await canonicalIdOf(ctx, bucket.accountId)) ?? bucket.acl.ownerId;
    return aclOutput(bucket.ownership === 'BucketOwnerEnforced' ? ownerFullControl(ownerId) : bucket.acl);
  },
};

type PutBucketAclInput = BucketInput & GrantHeaders & { ACL?: string; AccessControlPolicy?: AccessControlPolicyInput };

function requestContext(input: PutBucketAclInput): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  if (input.ACL !== undefined) keys['s3:x-amz-acl'] = input.ACL;
  if (input.GrantFullControl !== undefined) keys['s3:x-amz-grant-full-control'] = input.GrantFullControl;
  if (input.GrantRead !== undefined) keys['s3:x-amz-grant-read'] = input.GrantRead;
  if (input.GrantReadACP !== undefined) keys['s3:x-amz-grant-read-acp'] = input.GrantReadACP;
  if (input.GrantWrite !== undefined) keys['s3:x-amz-grant-write'] = input.GrantWrite;
  if (input.GrantWriteACP !== undefined) keys['s3:x-amz-grant-write-acp'] = input.GrantWriteACP;
  return keys;
}

/**
 * s3:PutBucketAcl with a canned ACL, grant headers, or an AccessControlPolicy body (one of them).
 * BucketOwnerEnforced accepts only the owner's full control (AccessControlListNotSupported
 * otherwise, and then nothing changes); BlockPublicAcls refuses public grants.
 */
export const putBucketAcl: Operation<PutBucketAclInput, Record<string, never>> = {
  authorization: onBucket('s3:PutBucketAcl', requestContext),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    const ownerId = (await canonicalIdOf(ctx, bucket.accountId)) ?? bucket.acl.ownerId;
    const acl = requestedAcl(input, ownerId);
    if (!acl) throw invalidRequest('Missing required header for this request: x-amz-acl');
    checkAclAllowed(bucket, acl, ownerId);
    checkGrantees(acl, await grantAccountsOf(ctx, [acl]));
    if (bucket.ownership !== 'BucketOwnerEnforced') await ctx.state.s3Buckets.setAcl(bucket.name, acl);
    return {};
  },
};
