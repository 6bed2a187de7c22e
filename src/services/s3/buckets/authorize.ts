import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { RequestContextKeys } from '../../../auth/policy/types.js';
import { AwsError } from '../../../core/errors.js';
import type { Bucket } from '../../../storage/s3.js';
import type { OperationContext } from '../../operation.js';
import { bucketRequests, requireBucket } from '../access.js';

/** What every bucket operation's input carries. */
export interface BucketInput {
  Bucket: string;
  ExpectedBucketOwner?: string;
}

/**
 * The authorization of a bucket operation: `action` on the bucket, checked against
 * x-amz-expected-bucket-owner, with optional operation-specific condition keys.
 */
export function onBucket<I extends BucketInput>(action: string, context?: (input: I) => RequestContextKeys) {
  return (input: I, ctx: OperationContext): Promise<AuthorizationRequest[]> =>
    bucketRequests(ctx, input.Bucket, action, {
      ...(input.ExpectedBucketOwner !== undefined ? { expectedOwner: input.ExpectedBucketOwner } : {}),
      ...(context ? { context: context(input) } : {}),
    });
}

/** The bucket an authorized operation works on (it may have gone between the two steps). */
export function bucketOf(input: BucketInput, ctx: OperationContext): Promise<Bucket> {
  return requireBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
}

/**
 * Bucket policy operations are the bucket owner's alone: AWS answers 405 to an identity of another
 * account even when a policy allows it, and lets the owner's root through whatever the policy says
 * (so an owner cannot lock itself out).
 */
export function ownerOnly<I extends BucketInput>(action: string) {
  const authorize = onBucket<I>(action);
  return async (input: I, ctx: OperationContext): Promise<AuthorizationRequest[]> => {
    const requests = await authorize(input, ctx);
    const bucket = await bucketOf(input, ctx);
    if (ctx.principal.kind === 'root' && ctx.principal.accountId === bucket.accountId) return [];
    return requests;
  };
}

/** The 405 that {@link ownerOnly} describes, for a caller outside the bucket owner's account. */
export function requireOwnerAccount(bucket: Bucket, ctx: OperationContext, method: 'GET' | 'PUT' | 'DELETE'): void {
  if (ctx.principal.accountId !== bucket.accountId) {
    throw new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { Method: method, ResourceType: 'BUCKETPOLICY' });
  }
}
