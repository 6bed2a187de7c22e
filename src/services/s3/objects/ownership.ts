import type { ContextValue } from '../../../auth/policy/types.js';
import type { Acl, Bucket } from '../../../storage/s3.js';
import type { OperationContext } from '../../operation.js';
import { canonicalIdOf, grantAccountsOf } from '../access.js';
import { checkAclAllowed, checkGrantees, requestedAcl, type GrantHeaders } from '../acl-input.js';

/** The ACL members of a write (PutObject, CopyObject, CreateMultipartUpload). */
export interface AclInput extends GrantHeaders {
  ACL?: string;
}

/** Who owns a new object and with which ACL. */
export interface WriteOwnership {
  ownerAccountId: string;
  ownerCanonicalId: string;
  /** Absent: the owner's FULL_CONTROL alone. */
  acl?: Acl;
}

const GRANT_CONTEXT: Array<[keyof GrantHeaders, string]> = [
  ['GrantFullControl', 's3:x-amz-grant-full-control'],
  ['GrantRead', 's3:x-amz-grant-read'],
  ['GrantReadACP', 's3:x-amz-grant-read-acp'],
  ['GrantWrite', 's3:x-amz-grant-write'],
  ['GrantWriteACP', 's3:x-amz-grant-write-acp'],
];

/** s3:x-amz-acl and s3:x-amz-grant-* as a write carries them (bucket policies often require bucket-owner-full-control). */
export function aclContext(input: AclInput): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (input.ACL !== undefined) out['s3:x-amz-acl'] = input.ACL;
  for (const [member, key] of GRANT_CONTEXT) if (input[member] !== undefined) out[key] = input[member]!;
  return out;
}

/**
 * S3 Object Ownership for a new object: BucketOwnerEnforced gives it to the bucket owner and
 * accepts no ACL but bucket-owner-full-control (AccessControlListNotSupported otherwise);
 * BucketOwnerPreferred gives it to the bucket owner when the writer sends
 * bucket-owner-full-control, else to the writer; ObjectWriter gives it to the writer, whose ACL
 * is kept. Anonymous and service writers have no account: the bucket owner owns what they write.
 */
export async function decideOwnership(ctx: OperationContext, bucket: Bucket, input: AclInput): Promise<WriteOwnership> {
  const bucketOwnerCanonical = (await canonicalIdOf(ctx, bucket.accountId)) ?? '';
  const bucketOwner = { ownerAccountId: bucket.accountId, ownerCanonicalId: bucketOwnerCanonical };
  const writerCanonical = ctx.principal.accountId ? await canonicalIdOf(ctx, ctx.principal.accountId) : undefined;
  const writer = writerCanonical ? { ownerAccountId: ctx.principal.accountId, ownerCanonicalId: writerCanonical } : bucketOwner;
  const acl = requestedAcl(input, writer.ownerCanonicalId, bucketOwnerCanonical);
  if (acl) {
    checkGrantees(acl, await grantAccountsOf(ctx, [acl]));
    checkAclAllowed(bucket, acl, bucketOwnerCanonical);
  }
  if (bucket.ownership === 'BucketOwnerEnforced') return bucketOwner;
  if (bucket.ownership === 'BucketOwnerPreferred' && input.ACL === 'bucket-owner-full-control') return bucketOwner;
  return acl ? { ...writer, acl } : writer;
}
