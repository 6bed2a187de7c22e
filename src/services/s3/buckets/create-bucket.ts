import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { ContextValue } from '../../../auth/policy/types.js';
import { AwsError } from '../../../core/errors.js';
import { BucketExistsError, type ObjectOwnership } from '../../../storage/s3.js';
import type { Operation, OperationContext } from '../../operation.js';
import { canonicalIdOf, grantAccountsOf } from '../access.js';
import { isOwnerFullControlOnly, isPublicAcl, ownerFullControl } from '../acl.js';
import { checkGrantees, requestedAcl, type GrantHeaders } from '../acl-input.js';
import { bucketArn } from '../arns.js';
import { bucketAlreadyExists, bucketAlreadyOwnedByYou, invalidBucketAclWithObjectOwnership, invalidBucketName, s3AccessDenied } from '../errors.js';
import { isValidBucketName } from './naming.js';
import { ALL_BLOCKED } from './public-access-block.js';

export interface CreateBucketInput extends GrantHeaders {
  Bucket: string;
  ACL?: string;
  CreateBucketConfiguration?: { LocationConstraint?: string };
  ObjectOwnership?: ObjectOwnership;
  ObjectLockEnabledForBucket?: boolean;
}

/** The legacy `EU` constraint is eu-west-1, as S3 has it. */
const regionOf = (constraint: string) => (constraint === 'EU' ? 'eu-west-1' : constraint);

/**
 * The bucket's region from the request: its LocationConstraint, which a regional endpoint (the
 * region the request was signed for) must match; none means us-east-1, and only a us-east-1
 * request may omit it; `us-east-1` itself is not a valid constraint.
 */
function bucketRegion(input: CreateBucketInput, requestRegion: string): string {
  const constraint = input.CreateBucketConfiguration?.LocationConstraint;
  if (constraint === undefined || constraint === '') {
    if (requestRegion !== 'us-east-1') {
      throw new AwsError('IllegalLocationConstraintException', 400, 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.');
    }
    return 'us-east-1';
  }
  if (constraint === 'us-east-1') throw new AwsError('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid');
  // The us-east-1 (global) endpoint creates buckets in any region; a regional one only in its own.
  if (requestRegion !== 'us-east-1' && regionOf(constraint) !== requestRegion) {
    throw new AwsError('IllegalLocationConstraintException', 400, `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
  }
  return regionOf(constraint);
}

function requestContext(input: CreateBucketInput): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  if (input.ACL !== undefined) keys['s3:x-amz-acl'] = input.ACL;
  if (input.ObjectOwnership !== undefined) keys['s3:x-amz-object-ownership'] = input.ObjectOwnership;
  if (input.CreateBucketConfiguration?.LocationConstraint) keys['s3:LocationConstraint'] = input.CreateBucketConfiguration.LocationConstraint;
  const grants: Array<[keyof GrantHeaders, string]> = [
    ['GrantFullControl', 's3:x-amz-grant-full-control'],
    ['GrantRead', 's3:x-amz-grant-read'],
    ['GrantReadACP', 's3:x-amz-grant-read-acp'],
    ['GrantWrite', 's3:x-amz-grant-write'],
    ['GrantWriteACP', 's3:x-amz-grant-write-acp'],
  ];
  for (const [member, key] of grants) if (input[member] !== undefined) keys[key] = input[member]!;
  return keys;
}

/**
 * s3:CreateBucket. Names are global: another account's name is BucketAlreadyExists; the caller's
 * own is BucketAlreadyOwnedByYou, except in us-east-1 where S3 answers 200 and resets the ACL
 * (its documented legacy behaviour). New buckets are BucketOwnerEnforced with all four public
 * access blocks on (S3's defaults since April 2023); an ACL is accepted only where ownership allows.
 */
export const createBucket: Operation<CreateBucketInput, { Location: string }> = {
  authorization: (input, ctx): AuthorizationRequest[] => {
    if (!isValidBucketName(input.Bucket)) throw invalidBucketName(input.Bucket);
    const on = (action: string): AuthorizationRequest => ({ action, resource: bucketArn(input.Bucket), resourceAccount: ctx.principal.accountId, context: requestContext(input) });
    // A bucket made with Object Lock is also a lock configuration and versioning set: AWS asks for both permissions.
    return input.ObjectLockEnabledForBucket ? [on('s3:CreateBucket'), on('s3:PutBucketObjectLockConfiguration'), on('s3:PutBucketVersioning')] : [on('s3:CreateBucket')];
  },
  async handle(input, ctx) {
    const region = bucketRegion(input, ctx.region);
    const accountId = ctx.principal.accountId;
    const ownerId = (await canonicalIdOf(ctx, accountId))!;
    const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
    const acl = requestedAcl(input, ownerId) ?? ownerFullControl(ownerId);
    checkGrantees(acl, await grantAccountsOf(ctx, [acl]));
    if (ownership === 'BucketOwnerEnforced' && !isOwnerFullControlOnly(acl, ownerId)) throw invalidBucketAclWithObjectOwnership();
    // New buckets block public ACLs from the start.
    if (isPublicAcl(acl)) throw s3AccessDenied();
    try {
      await ctx.state.s3Buckets.createBucket({
        name: input.Bucket, accountId, region, ownership, acl, publicAccessBlock: { ...ALL_BLOCKED }, ...(input.ObjectLockEnabledForBucket ? { objectLock: true } : {}),
      });
    } catch (e) {
      if (!(e instanceof BucketExistsError)) throw e;
      return existing(e, input, ctx, ownerId);
    }
    return { Location: `/${input.Bucket}` };
  },
};

async function existing(e: BucketExistsError, input: CreateBucketInput, ctx: OperationContext, ownerId: string): Promise<{ Location: string }> {
  if (e.existing.accountId !== ctx.principal.accountId) throw bucketAlreadyExists(input.Bucket);
  if (e.existing.region !== 'us-east-1' || ctx.region !== 'us-east-1') throw bucketAlreadyOwnedByYou(input.Bucket);
  await ctx.state.s3Buckets.setAcl(input.Bucket, ownerFullControl(ownerId));
  return { Location: `/${input.Bucket}` };
}
