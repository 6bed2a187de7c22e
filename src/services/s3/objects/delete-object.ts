import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { Operation } from '../../operation.js';
import { s3Errors } from './errors.js';
import { writeRequests, type ObjectAddress } from './object-access.js';

export interface DeleteObjectInput extends ObjectAddress {
  VersionId?: string;
}

/** s3:DeleteObject — 204 whether or not the key existed (S3 deletes are idempotent); the file goes after the commit. */
export const deleteObject: Operation<DeleteObjectInput, Record<string, never>> = {
  authorization: (input, ctx) => writeRequests(ctx, input, 's3:DeleteObject'),
  async handle(input, ctx) {
    const store = ctx.state.s3Objects;
    const removed = await store.meta.deleteObject(input.Bucket, input.Key);
    if (removed) await store.discardBlobs([removed.blobId]);
    return {};
  },
};

export interface DeleteObjectsInput {
  Bucket: string;
  ExpectedBucketOwner?: string;
  Delete: { Objects?: Array<{ Key?: string; VersionId?: string }>; Quiet?: boolean };
}

interface DeleteObjectsOutput {
  Deleted?: Array<{ Key: string; VersionId?: string }>;
  Errors?: Array<{ Key: string; VersionId?: string; Code: string; Message: string }>;
}

/** The keys of a DeleteObjects body: 1 to 1,000 of them, each with a Key (MalformedXML otherwise, as S3). */
function requestedKeys(input: DeleteObjectsInput): Array<{ Key: string; VersionId?: string }> {
  const objects = input.Delete?.Objects ?? [];
  if (objects.length === 0 || objects.length > 1000 || objects.some((o) => o.Key === undefined || o.Key === '')) throw s3Errors.malformedXml();
  return objects as Array<{ Key: string; VersionId?: string }>;
}

/**
 * s3:DeleteObject on every key of a DeleteObjects request. Each key is asked separately; the
 * request needs all of them allowed (S3 would instead report AccessDenied per key in Errors —
 * the authorize step answers for the whole request).
 */
export const deleteObjects: Operation<DeleteObjectsInput, DeleteObjectsOutput> = {
  async authorization(input, ctx) {
    const keys = [...new Set(requestedKeys(input).map((o) => o.Key))];
    const address = { Bucket: input.Bucket, ...(input.ExpectedBucketOwner !== undefined ? { ExpectedBucketOwner: input.ExpectedBucketOwner } : {}) };
    const requests: AuthorizationRequest[] = [];
    for (const Key of keys) requests.push(...(await writeRequests(ctx, { ...address, Key }, 's3:DeleteObject')));
    return requests;
  },
  async handle(input, ctx) {
    const store = ctx.state.s3Objects;
    const deleted: NonNullable<DeleteObjectsOutput['Deleted']> = [];
    const errors: NonNullable<DeleteObjectsOutput['Errors']> = [];
    for (const o of requestedKeys(input)) {
      if (o.VersionId !== undefined && o.VersionId !== 'null') {
        errors.push({ Key: o.Key, VersionId: o.VersionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
        continue;
      }
      const removed = await store.meta.deleteObject(input.Bucket, o.Key);
      if (removed) await store.discardBlobs([removed.blobId]);
      deleted.push({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}) });
    }
    return { ...(input.Delete.Quiet ? {} : { Deleted: deleted }), ...(errors.length > 0 ? { Errors: errors } : {}) };
  },
};
