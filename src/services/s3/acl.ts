import type { Acl, Grant, Grantee, Permission } from '../../storage/s3.js';
import { allObjectsArn, bucketArn, objectArn } from './arns.js';

/** S3's predefined groups, by URI. */
export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** The default ACL of every bucket and object: the owner has full control. */
export function ownerFullControl(ownerCanonicalId: string): Acl {
  return { ownerId: ownerCanonicalId, grants: [{ grantee: { type: 'CanonicalUser', id: ownerCanonicalId }, permission: 'FULL_CONTROL' }] };
}

/** A grant to everyone (AllUsers) or to every signed AWS caller (AuthenticatedUsers): what S3 calls public. */
export function isPublicGrant(grant: Grant): boolean {
  return grant.grantee.type === 'Group' && (grant.grantee.uri === ALL_USERS || grant.grantee.uri === AUTHENTICATED_USERS);
}

export function isPublicAcl(acl: Acl): boolean {
  return acl.grants.some(isPublicGrant);
}

/**
 * Whether an ACL is one BucketOwnerEnforced accepts: full control for the bucket owner and
 * nothing else (no ACL, `private` by the bucket owner, `bucket-owner-full-control`, or the same
 * grants written as headers or XML). The writer's own full-control grant may stay beside it.
 */
export function isOwnerFullControlOnly(acl: Acl, bucketOwnerCanonicalId: string): boolean {
  const fullControlTo = (id: string) => acl.grants.some((g) => g.grantee.type === 'CanonicalUser' && g.grantee.id === id && g.permission === 'FULL_CONTROL');
  const onlyOwners = acl.grants.every(
    (g) => g.grantee.type === 'CanonicalUser' && g.permission === 'FULL_CONTROL' && (g.grantee.id === bucketOwnerCanonicalId || g.grantee.id === acl.ownerId),
  );
  return onlyOwners && (acl.ownerId === bucketOwnerCanonicalId || fullControlTo(bucketOwnerCanonicalId));
}

/** One statement of a resource policy, as JSON. */
export type PolicyStatement = Record<string, unknown>;

const OBJECT_ACTIONS: Record<Permission, string[]> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:GetObjectVersionAttributes'],
  WRITE: [],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  FULL_CONTROL: [],
};
OBJECT_ACTIONS.FULL_CONTROL = [...OBJECT_ACTIONS.READ, ...OBJECT_ACTIONS.READ_ACP, ...OBJECT_ACTIONS.WRITE_ACP];

// A bucket's WRITE lets the grantee create, overwrite and delete any object in it.
const BUCKET_ACTIONS: Record<Permission, string[]> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
  FULL_CONTROL: [],
};
BUCKET_ACTIONS.FULL_CONTROL = [...BUCKET_ACTIONS.READ, ...BUCKET_ACTIONS.WRITE, ...BUCKET_ACTIONS.READ_ACP, ...BUCKET_ACTIONS.WRITE_ACP];

/** Which ACL an AuthorizationRequest reads: a bucket's, or one object's. */
export type AclTarget = { kind: 'bucket'; bucket: string } | { kind: 'object'; bucket: string; key: string };

function principalOf(grantee: Grantee, accountOf: (canonicalId: string) => string | undefined): { principal: unknown; condition?: unknown } | undefined {
  if (grantee.type === 'CanonicalUser') {
    const account = accountOf(grantee.id);
    return account ? { principal: { AWS: account } } : undefined;
  }
  if (grantee.type === 'Group' && grantee.uri === ALL_USERS) return { principal: '*' };
  // Any signed caller of any account: anonymous callers carry no aws:PrincipalAccount.
  if (grantee.type === 'Group' && grantee.uri === AUTHENTICATED_USERS) return { principal: '*', condition: { Null: { 'aws:PrincipalAccount': 'false' } } };
  // LogDelivery and e-mail grantees name no sagelite caller.
  return undefined;
}

/**
 * ACL grants as resource-policy statements, so the policy engine decides them beside the bucket
 * policy: a grant to a canonical user is an Allow whose Principal is that user's account; AllUsers
 * is `"*"`; AuthenticatedUsers is `"*"` for signed callers. Permissions map to the S3 actions they
 * allow (object READ → s3:GetObject…, bucket READ → s3:ListBucket…, FULL_CONTROL → all).
 *
 * @param skipAccount the account whose grants add nothing (the resource's owner: its own principals
 *   are already decided by their identity policies), left out to keep explanations short.
 * @param ignorePublic IgnorePublicAcls: AllUsers and AuthenticatedUsers grants count for nothing.
 */
export function aclStatements(
  acl: Acl,
  target: AclTarget,
  accountOf: (canonicalId: string) => string | undefined,
  opts: { ignorePublic: boolean; skipAccount?: string },
): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  acl.grants.forEach((grant, i) => {
    if (opts.ignorePublic && isPublicGrant(grant)) return;
    const who = principalOf(grant.grantee, accountOf);
    if (!who) return;
    if (typeof who.principal === 'object' && (who.principal as { AWS: string }).AWS === opts.skipAccount) return;
    const actions = target.kind === 'object' ? OBJECT_ACTIONS[grant.permission] : BUCKET_ACTIONS[grant.permission];
    if (actions.length === 0) return;
    const resource =
      target.kind === 'object' ? [objectArn(target.bucket, target.key)] : [bucketArn(target.bucket), allObjectsArn(target.bucket)];
    const granteeName = grant.grantee.type === 'Group' ? grant.grantee.uri.slice(grant.grantee.uri.lastIndexOf('/') + 1) : grant.grantee.type === 'CanonicalUser' ? grant.grantee.id : grant.grantee.emailAddress;
    out.push({
      Sid: `${target.kind} ACL grant ${i + 1}: ${grant.permission} to ${granteeName}`,
      Effect: 'Allow',
      Principal: who.principal,
      Action: actions,
      Resource: resource,
      ...(who.condition ? { Condition: who.condition } : {}),
    });
  });
  return out;
}
