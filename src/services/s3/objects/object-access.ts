import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { ContextValue } from '../../../auth/policy/types.js';
import type { Bucket } from '../../../storage/s3.js';
import type { ObjectTag, StoredObject } from '../../../storage/s3-objects.js';
import type { OperationContext } from '../../operation.js';
import { bucketForAuthorization, bucketRequests, objectRequests } from '../access.js';
import { noSuchBucket } from '../errors.js';
import { versionedAction, versionForAuthorization } from './versions.js';

/** The members every object operation's input carries. */
export interface ObjectAddress {
  Bucket: string;
  Key: string;
  ExpectedBucketOwner?: string;
}

/** `s3:ExistingObjectTag/<key>` for each tag of a stored object, for policies that key on them. */
export function existingTagContext(tags: readonly ObjectTag[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const t of tags ?? []) out[`s3:ExistingObjectTag/${t.Key}`] = t.Value;
  return out;
}

/** `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys` for tags a request sets. */
export function requestTagContext(tags: readonly ObjectTag[]): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const t of tags) out[`s3:RequestObjectTag/${t.Key}`] = t.Value;
  if (tags.length > 0) out['s3:RequestObjectTagKeys'] = tags.map((t) => t.Key);
  return out;
}

/**
 * The IAM questions for an action on an object that may exist: the stored object's owner, ACL
 * and tags take part. When `revealsExistence` is set and the object is missing, the caller must
 * also be allowed s3:ListBucket to learn that (S3 answers 403 rather than 404 otherwise). With
 * `versionId` the question is about that version, under the action's version form
 * (s3:GetObjectVersion for s3:GetObject, …) with `s3:versionid` set.
 */
export async function storedObjectRequests(
  ctx: OperationContext,
  input: ObjectAddress,
  action: string,
  opts: { context?: Record<string, ContextValue>; revealsExistence?: boolean; versionId?: string } = {},
): Promise<AuthorizationRequest[]> {
  // Buckets are checked first: NoSuchBucket before anything is said about the key.
  const bucketExists = (await bucketForAuthorization(ctx, input.Bucket)) !== undefined;
  const object = bucketExists ? await versionForAuthorization(ctx, input.Bucket, input.Key, opts.versionId) : undefined;
  const expected = input.ExpectedBucketOwner !== undefined ? { expectedOwner: input.ExpectedBucketOwner } : {};
  const requests = await objectRequests(ctx, input.Bucket, input.Key, versionedAction(action, opts.versionId), {
    ...expected,
    ...(object ? { object: { ownerAccountId: object.ownerAccountId, ...(object.acl ? { acl: object.acl } : {}) } } : {}),
    context: { ...existingTagContext(object?.tags), ...(opts.versionId !== undefined ? { 's3:versionid': opts.versionId } : {}), ...opts.context },
  });
  if (!object && opts.revealsExistence) requests.push(...(await bucketRequests(ctx, input.Bucket, 's3:ListBucket', expected)));
  return requests;
}

/** The IAM questions for writing an object (PutObject and the multipart steps): the bucket owner's rules decide. */
export function writeRequests(ctx: OperationContext, input: ObjectAddress, action: string, context: Record<string, ContextValue> = {}): Promise<AuthorizationRequest[]> {
  return objectRequests(ctx, input.Bucket, input.Key, action, {
    ...(input.ExpectedBucketOwner !== undefined ? { expectedOwner: input.ExpectedBucketOwner } : {}),
    context,
  });
}

/** The stored object, or undefined; for handlers after authorization has checked the bucket. */
export function findObject(ctx: OperationContext, bucket: string, key: string): Promise<StoredObject | undefined> {
  return ctx.state.s3Objects.meta.getObject(bucket, key);
}

/**
 * Throws NoSuchBucket when the bucket was deleted (or deleted and made again) while a write was
 * reading its body. Call it right before the commit. The stores are asynchronous now, so a
 * DeleteBucket can still land between this check and the commit; only a check inside the
 * store's own commit transaction could close that gap (the object store does not offer one yet).
 */
export async function assertBucketUnchanged(ctx: OperationContext, bucket: Bucket): Promise<Bucket> {
  const now = await ctx.state.s3Buckets.getBucket(bucket.name);
  if (!now || now.accountId !== bucket.accountId || now.createdAt.getTime() !== bucket.createdAt.getTime()) throw noSuchBucket(bucket.name);
  return now;
}
