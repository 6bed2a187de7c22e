import type { Bucket } from '../../../storage/s3.js';
import type { StoredObject } from '../../../storage/s3-objects.js';
import type { OperationContext } from '../../operation.js';
import { checkWriteConditions } from './conditions.js';
import { assertBucketUnchanged } from './object-access.js';
import { newVersionFields, versioningOf, writtenVersionOutput } from './versions.js';

/** What a write condition is checked against: the object the key names now, if any. */
export type WriteCondition = (current: { etag: string } | undefined) => void;

/**
 * A request's If-Match / If-None-Match as a check, run once before the body is read (to fail
 * early) and again when the object is committed (in the same transaction, so no write slips in
 * between); undefined when the request has neither header.
 */
export function writeCondition(input: { Key: string; IfMatch?: string; IfNoneMatch?: string }): WriteCondition | undefined {
  if (input.IfMatch === undefined && input.IfNoneMatch === undefined) return undefined;
  return (current) => checkWriteConditions({ ifMatch: input.IfMatch, ifNoneMatch: input.IfNoneMatch }, input.Key, current);
}

/**
 * Names a durable blob as the object: the blob is thrown away if the bucket changed or the
 * condition fails, and the object it replaces is thrown away once the new one is committed.
 */
export async function commitObject(ctx: OperationContext, bucket: Bucket, object: StoredObject, condition: WriteCondition | undefined): Promise<{ VersionId?: string }> {
  const store = ctx.state.s3Objects;
  let replaced: { replacedBlobId?: string };
  let versioned = object;
  try {
    // The bucket as the write ends: still the same bucket, and its versioning now (a bucket versioned meanwhile versions it).
    const now = await assertBucketUnchanged(ctx, bucket);
    versioned = { ...object, ...newVersionFields(now) };
    replaced = await store.meta.putObject(versioned, condition, versioningOf(now));
  } catch (e) {
    await store.discardBlobs([object.blobId]);
    throw e;
  }
  if (replaced.replacedBlobId) await store.discardBlobs([replaced.replacedBlobId]);
  return writtenVersionOutput(versioned);
}
