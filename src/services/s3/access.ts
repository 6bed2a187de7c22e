/**
 * Authorization for S3, shared by the bucket and the object operations: which bucket and object
 * a request touches, who owns them, which resource policy decides (the bucket policy, and ACL
 * grants where the bucket still honours ACLs), and S3's condition keys. Each function returns the
 * AuthorizationRequests an Operation's `authorization` hands to the pipeline.
 *
 * How AWS decides object requests, as followed here:
 * - BucketOwnerEnforced: ACLs count for nothing; the bucket owner owns every object; the bucket
 *   policy decides (with the caller's identity policies).
 * - Otherwise an object owned by the bucket owner is decided by the bucket policy plus the ACL
 *   grants of the object (and the bucket's, for bucket-level permissions such as WRITE).
 * - An object owned by another account (ObjectWriter / BucketOwnerPreferred without
 *   bucket-owner-full-control) is decided by its ACL: the object's owner is the resource account,
 *   and the bucket policy contributes only its Deny statements. Writes and deletes are bucket
 *   permissions and always follow the bucket owner's rules.
 * - RestrictPublicBuckets on a bucket whose policy is public: callers from other accounts get none
 *   of the policy's Allows (AWS blocks "public and cross-account access within any public bucket
 *   policy"); the bucket owner's account and AWS service principals keep them.
 * - IgnorePublicAcls: AllUsers / AuthenticatedUsers grants count for nothing.
 * - User/role ARNs in the bucket policy match only the entity they were bound to when the policy
 *   was saved (its unique id; see services/iam/principal-bindings.ts): a user or role deleted and
 *   re-created under the same name does not match; a renamed user still does (bound-policy.ts).
 */
import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue, RequestContextKeys } from '../../auth/policy/types.js';
import type { Acl, Bucket } from '../../storage/s3.js';
import type { OperationContext } from '../operation.js';
import { aclStatements, type AclTarget, type PolicyStatement } from './acl.js';
import { bucketArn, objectArn } from './arns.js';
import { boundPolicyForCaller } from './bound-policy.js';
import { noSuchBucket, s3AccessDenied } from './errors.js';
import { isPublicPolicy, isPublicStatement, policyStatements } from './public-policy.js';

export interface BucketAccessOptions {
  /** x-amz-expected-bucket-owner: a different owner is AccessDenied. */
  expectedOwner?: string;
  /** Operation-specific condition keys (s3:prefix, s3:delimiter, s3:max-keys, s3:x-amz-acl, s3:ExistingObjectTag/…). */
  context?: RequestContextKeys;
}

export interface ObjectAccessOptions extends BucketAccessOptions {
  /** The object as stored, when it exists: its owner's account and its ACL. */
  object?: { ownerAccountId: string; acl?: Acl };
}

/** Object actions that are bucket permissions (ACL WRITE): the bucket owner's rules decide them whoever owns the object. */
const BUCKET_CONTEXT_OBJECT_ACTIONS = new Set(
  ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'].map((a) => a.toLowerCase()),
);

/**
 * The bucket a request names, checked against x-amz-expected-bucket-owner.
 * @throws NoSuchBucket (404; S3 tells even anonymous callers), AccessDenied (403) on an owner mismatch.
 */
export async function requireBucket(ctx: OperationContext, name: string, expectedOwner?: string): Promise<Bucket> {
  return ownerChecked(name, await ctx.state.s3Buckets.getBucket(name), expectedOwner);
}

function ownerChecked(name: string, bucket: Bucket | undefined, expectedOwner: string | undefined): Bucket {
  if (!bucket) throw noSuchBucket(name);
  if (expectedOwner !== undefined && expectedOwner !== bucket.accountId) throw s3AccessDenied();
  return bucket;
}

/** Buckets as one request's authorization read them: each once (DeleteObjects asks about up to 1,000 keys of one bucket). */
const bucketsOfRequest = new WeakMap<OperationContext, Map<string, Promise<Bucket | undefined>>>();

/**
 * The bucket as this request's authorization sees it, read once per request: every question a
 * request asks about a bucket (one per key of a DeleteObjects) is about the same bucket, and
 * reading it again for each would parse its configurations again for each.
 */
export function bucketForAuthorization(ctx: OperationContext, name: string): Promise<Bucket | undefined> {
  let read = bucketsOfRequest.get(ctx);
  if (!read) bucketsOfRequest.set(ctx, (read = new Map()));
  let bucket = read.get(name);
  if (!bucket) read.set(name, (bucket = ctx.state.s3Buckets.getBucket(name)));
  return bucket;
}

const canonicalToAccount = new Map<string, string>();

/** The account a canonical user id belongs to (ACL grantees), or undefined. */
async function accountOfCanonicalId(ctx: OperationContext, canonicalId: string): Promise<string | undefined> {
  let account = canonicalToAccount.get(canonicalId);
  if (account === undefined) {
    // Accounts are few and their canonical ids never change: refresh the map on a miss.
    for (const a of await ctx.state.accounts.listAccounts()) canonicalToAccount.set(a.canonicalUserId, a.accountId);
    account = canonicalToAccount.get(canonicalId);
  }
  return account;
}

/**
 * The accounts of the canonical user ids the ACLs grant to (undefined for an unknown id), looked
 * up before the synchronous ACL checks (checkGrantees, aclStatements) that ask for them.
 */
export async function grantAccountsOf(ctx: OperationContext, acls: readonly Acl[]): Promise<(canonicalId: string) => string | undefined> {
  const accounts = new Map<string, string | undefined>();
  for (const acl of acls) {
    for (const g of acl.grants) {
      if (g.grantee.type === 'CanonicalUser' && !accounts.has(g.grantee.id)) accounts.set(g.grantee.id, await accountOfCanonicalId(ctx, g.grantee.id));
    }
  }
  return (canonicalId) => accounts.get(canonicalId);
}

/** An account's canonical user id (S3's Owner.ID), or undefined for an unknown account. */
export async function canonicalIdOf(ctx: OperationContext, accountId: string): Promise<string | undefined> {
  return (await ctx.state.accounts.getAccount(accountId))?.canonicalUserId;
}

/** S3's own condition keys for a request on the bucket, plus the caller's. */
export function s3ContextKeys(ctx: OperationContext, bucket: Bucket, extra?: RequestContextKeys): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = { 's3:ResourceAccount': bucket.accountId, 'aws:ResourceAccount': bucket.accountId };
  if (ctx.signature) {
    keys['s3:authType'] = ctx.signature.form === 'header' ? 'REST-HEADER' : ctx.signature.form === 'post' ? 'POST' : 'REST-QUERY-STRING';
    keys['s3:signatureversion'] = 'AWS4-HMAC-SHA256';
    keys['s3:signatureAge'] = ctx.signature.ageMs;
  }
  return { ...keys, ...extra };
}

/** Whether RestrictPublicBuckets takes the bucket policy's Allows away from this caller. */
function restrictedCaller(ctx: OperationContext, bucket: Bucket): boolean {
  if (!bucket.publicAccessBlock?.RestrictPublicBuckets || bucket.policy === undefined) return false;
  const p = ctx.principal;
  if (p.kind === 'service' || (p.kind !== 'anonymous' && p.accountId === bucket.accountId)) return false;
  return isPublicPolicy(bucket.policy);
}

function policyVersion(document: string): string {
  const v = (JSON.parse(document) as { Version?: unknown }).Version;
  return v === '2008-10-17' ? v : '2012-10-17';
}

interface PolicyParts {
  bucket: Bucket;
  /** Keep only the bucket policy's Deny statements. */
  denyOnly: boolean;
  acls: Array<{ acl: Acl; target: AclTarget; skipAccount: string }>;
}

/** One resource-policy document: the bucket policy (whole, or filtered) and ACL grants as statements. */
async function resourcePolicy(ctx: OperationContext, parts: PolicyParts): Promise<AuthorizationRequest['resourcePolicy']> {
  const { bucket } = parts;
  const ignorePublic = bucket.publicAccessBlock?.IgnorePublicAcls === true;
  const accountOf = await grantAccountsOf(ctx, parts.acls.map((a) => a.acl));
  const grants: PolicyStatement[] = parts.acls.flatMap((a) => aclStatements(a.acl, a.target, accountOf, { ignorePublic, skipAccount: a.skipAccount }));
  const denyOnly = parts.denyOnly || restrictedCaller(ctx, bucket);
  const names: string[] = [];
  if (bucket.policy !== undefined) names.push(`bucket policy of ${bucket.name}${denyOnly ? ' (its Deny statements only)' : ''}`);
  for (const a of parts.acls) names.push(a.target.kind === 'bucket' ? `ACL of bucket ${bucket.name}` : `ACL of ${objectArn(a.target.bucket, a.target.key)}`);
  const bound = bucket.policy === undefined ? undefined : boundPolicyForCaller(ctx.principal, bucket.policy, bucket.policyPrincipalBindings ?? {});
  const principalBindings = bound && Object.keys(bound.principalBindings).length > 0 ? { principalBindings: bound.principalBindings } : {};
  if (bound && grants.length === 0 && !denyOnly) {
    // The stored text itself (in all but a renamed user's case): the engine compiles it once and caches it by text.
    return { name: names[0]!, document: bound.document, kind: 'resource', ...principalBindings };
  }
  const own = bound === undefined ? [] : policyStatements(bound.document);
  const kept = denyOnly ? own.filter((s) => typeof s === 'object' && s !== null && !Array.isArray(s) && s['Effect'] === 'Deny') : own;
  if (kept.length === 0 && grants.length === 0) return undefined;
  const sids = new Set(kept.map((s) => (s as { Sid?: unknown }).Sid).filter((s) => typeof s === 'string'));
  for (const g of grants) while (sids.has(g['Sid'] as string)) g['Sid'] = `${g['Sid'] as string}'`;
  const version = bucket.policy === undefined ? '2012-10-17' : policyVersion(bucket.policy);
  // ACL grants name accounts, never user/role ARNs, so the policy's bindings cover the merged document.
  return { name: names.join(' + '), document: JSON.stringify({ Version: version, Statement: [...kept, ...grants] }), kind: 'resource', ...principalBindings };
}

function honoursAcls(bucket: Bucket): boolean {
  return bucket.ownership !== 'BucketOwnerEnforced';
}

/**
 * The IAM question for a bucket-level action (s3:ListBucket, s3:GetBucketAcl, s3:PutBucketPolicy…)
 * on `arn:aws:s3:::bucket`, owned by the bucket's account, decided with its bucket policy.
 * @throws NoSuchBucket when the bucket does not exist; AccessDenied on an expected-owner mismatch.
 */
export async function bucketRequests(ctx: OperationContext, bucketName: string, action: string, opts: BucketAccessOptions = {}): Promise<AuthorizationRequest[]> {
  const bucket = ownerChecked(bucketName, await bucketForAuthorization(ctx, bucketName), opts.expectedOwner);
  const acls = honoursAcls(bucket) ? [{ acl: bucket.acl, target: { kind: 'bucket' as const, bucket: bucket.name }, skipAccount: bucket.accountId }] : [];
  const policy = await resourcePolicy(ctx, { bucket, denyOnly: false, acls });
  return [
    {
      action,
      resource: bucketArn(bucket.name),
      resourceAccount: bucket.accountId,
      context: s3ContextKeys(ctx, bucket, opts.context),
      ...(policy ? { resourcePolicy: policy } : {}),
    },
  ];
}

/**
 * The IAM question for an object-level action (s3:GetObject, s3:PutObject, s3:GetObjectAcl…) on
 * `arn:aws:s3:::bucket/key`, with AWS's ownership rules (see the file comment).
 * @throws NoSuchBucket when the bucket does not exist; AccessDenied on an expected-owner mismatch.
 */
export async function objectRequests(ctx: OperationContext, bucketName: string, key: string, action: string, opts: ObjectAccessOptions = {}): Promise<AuthorizationRequest[]> {
  const bucket = ownerChecked(bucketName, await bucketForAuthorization(ctx, bucketName), opts.expectedOwner);
  const bucketContext = BUCKET_CONTEXT_OBJECT_ACTIONS.has(action.toLowerCase());
  const acls = honoursAcls(bucket);
  const objectOwner = acls && opts.object && !bucketContext ? opts.object.ownerAccountId : bucket.accountId;
  const foreign = objectOwner !== bucket.accountId;
  const parts: PolicyParts = { bucket, denyOnly: foreign, acls: [] };
  if (acls && !foreign) parts.acls.push({ acl: bucket.acl, target: { kind: 'bucket', bucket: bucket.name }, skipAccount: bucket.accountId });
  if (acls && opts.object?.acl && !bucketContext) parts.acls.push({ acl: opts.object.acl, target: { kind: 'object', bucket: bucket.name, key }, skipAccount: objectOwner });
  const policy = await resourcePolicy(ctx, parts);
  return [
    {
      action,
      resource: objectArn(bucket.name, key),
      resourceAccount: objectOwner,
      context: s3ContextKeys(ctx, bucket, opts.context),
      ...(policy ? { resourcePolicy: policy } : {}),
    },
  ];
}

/** Whether the bucket's stored policy is public, as GetBucketPolicyStatus reports. */
export function bucketPolicyIsPublic(bucket: Bucket): boolean {
  return bucket.policy !== undefined && policyStatements(bucket.policy).some(isPublicStatement);
}
