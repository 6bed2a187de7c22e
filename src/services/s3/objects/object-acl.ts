import { AwsError } from '../../../core/errors.js';
import type { Operation } from '../../operation.js';
import { canonicalIdOf, grantAccountsOf, requireBucket } from '../access.js';
import { ownerFullControl } from '../acl.js';
import { aclOutput, checkAclAllowed, checkGrantees, requestedAcl, type AccessControlPolicyInput, type GrantHeaders } from '../acl-input.js';
import { s3Errors } from './errors.js';
import { storedObjectRequests, type ObjectAddress } from './object-access.js';
import { aclContext } from './ownership.js';
import { readableVersion } from './versions.js';
import { changeVersion } from './object-tagging.js';

export interface GetObjectAclInput extends ObjectAddress {
  VersionId?: string;
}

/** s3:GetObjectAcl — the object's owner and grants (the owner's FULL_CONTROL alone when none were set). */
export const getObjectAcl: Operation<GetObjectAclInput, Record<string, unknown>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:GetObjectAcl', { ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}) }),
  async handle(input, ctx) {
    const object = await readableVersion(ctx, input.Bucket, input.Key, input.VersionId);
    return aclOutput(object.acl ?? ownerFullControl(object.ownerCanonicalId));
  },
};

export interface PutObjectAclInput extends ObjectAddress, GrantHeaders {
  ACL?: string;
  AccessControlPolicy?: AccessControlPolicyInput;
  VersionId?: string;
}

/**
 * s3:PutObjectAcl — replaces the object's ACL with a canned ACL, grant headers or an
 * AccessControlPolicy body. Under BucketOwnerEnforced only the bucket owner's full control is
 * accepted (AccessControlListNotSupported otherwise), as S3 does.
 */
export const putObjectAcl: Operation<PutObjectAclInput, Record<string, never>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:PutObjectAcl', { context: aclContext(input), ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}) }),
  async handle(input, ctx) {
    const bucket = await requireBucket(ctx, input.Bucket);
    const object = await readableVersion(ctx, input.Bucket, input.Key, input.VersionId, 'PUT');
    const bucketOwnerCanonical = (await canonicalIdOf(ctx, bucket.accountId)) ?? '';
    const acl = requestedAcl(input, object.ownerCanonicalId, bucketOwnerCanonical);
    if (!acl) throw new AwsError('MissingSecurityHeader', 400, 'Your request was missing a required header', { MissingHeaderName: 'x-amz-acl' });
    checkAclAllowed(bucket, acl, bucketOwnerCanonical);
    checkGrantees(acl, await grantAccountsOf(ctx, [acl]));
    if (bucket.ownership === 'BucketOwnerEnforced') return {}; // accepted, and changes nothing: ACLs do not count there
    await changeVersion(ctx, input, { acl });
    return {};
  },
};
