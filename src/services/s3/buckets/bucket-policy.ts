import { AwsError } from '../../../core/errors.js';
import type { Operation } from '../../operation.js';
import { bucketPolicyIsPublic } from '../access.js';
import { bucketArn } from '../arns.js';
import { bindPrincipals, displayedPolicy } from '../../iam/principal-bindings.js';
import { malformedPolicy, noSuchBucketPolicy } from '../errors.js';
import { isPublicPolicy } from '../public-policy.js';
import { bucketOf, onBucket, ownerOnly, requireOwnerAccount, type BucketInput } from './authorize.js';
import { validateBucketPolicy } from './policy-validation.js';

/**
 * s3:PutBucketPolicy. The document is validated (see policy-validation.ts) and stored as sent,
 * with each user/role ARN of its Principal/NotPrincipal bound to the entity's unique id (any
 * account of this server), as AWS binds them on save: a user or role deleted and re-created under
 * the same name no longer matches (see principal-bindings.ts). With BlockPublicPolicy on, a public
 * policy is refused with AccessDenied.
 */
export const putBucketPolicy: Operation<BucketInput & { Policy: string }, Record<string, never>> = {
  authorization: ownerOnly('s3:PutBucketPolicy'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    requireOwnerAccount(bucket, ctx, 'PUT');
    await validateBucketPolicy(ctx.state.iam, bucket.name, input.Policy);
    if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(input.Policy)) {
      throw new AwsError(
        'AccessDenied',
        403,
        `User: ${ctx.principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "${bucketArn(bucket.name)}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      );
    }
    // Validation refused ARNs naming no entity; one deleted since is refused here in the same words.
    const principalBindings = await bindPrincipals(ctx.state.iam, input.Policy, () => malformedPolicy('Invalid principal in policy'));
    await ctx.state.s3Buckets.setPolicy(bucket.name, { document: input.Policy, principalBindings });
    return {};
  },
};

/**
 * s3:GetBucketPolicy: the policy as stored, except that a bound principal whose entity is gone
 * shows the unique id it was bound to (AIDA…/AROA…), and a renamed user its current ARN, as AWS
 * shows them.
 */
export const getBucketPolicy: Operation<BucketInput, { Policy: string }> = {
  authorization: ownerOnly('s3:GetBucketPolicy'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    requireOwnerAccount(bucket, ctx, 'GET');
    if (bucket.policy === undefined) throw noSuchBucketPolicy(bucket.name);
    return { Policy: await displayedPolicy(ctx.state.iam, bucket.policy, bucket.policyPrincipalBindings ?? {}) };
  },
};

/** s3:DeleteBucketPolicy; deleting a policy that is not there succeeds, as in S3. */
export const deleteBucketPolicy: Operation<BucketInput, Record<string, never>> = {
  authorization: ownerOnly('s3:DeleteBucketPolicy'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    requireOwnerAccount(bucket, ctx, 'DELETE');
    await ctx.state.s3Buckets.setPolicy(bucket.name, undefined);
    return {};
  },
};

/** s3:GetBucketPolicyStatus: IsPublic by sagelite's reading of "public" (public-policy.ts). */
export const getBucketPolicyStatus: Operation<BucketInput, { PolicyStatus: { IsPublic: boolean } }> = {
  authorization: onBucket('s3:GetBucketPolicyStatus'),
  async handle(input, ctx) {
    const bucket = await bucketOf(input, ctx);
    if (bucket.policy === undefined) throw noSuchBucketPolicy(bucket.name);
    return { PolicyStatus: { IsPublic: bucketPolicyIsPublic(bucket) } };
  },
};
