import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { Bucket } from '../../../storage/s3.js';
import { isDeleteMarker, versionIdOf, type DeleteMarker } from '../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../operation.js';
import { canonicalIdOf, requireBucket } from '../access.js';
import { s3Errors } from './errors.js';
import { storedObjectRequests, writeRequests, type ObjectAddress } from './object-access.js';
import { deleteLockCheck } from './object-lock.js';
import { checkVersionId, newVersionId, versioningOf } from './versions.js';
import { modifiedNow } from './put-object.js';

export interface DeleteObjectInput extends ObjectAddress {
  VersionId?: string;
  BypassGovernanceRetention?: boolean;
  MFA?: string;
}

/** What one delete did: the version removed, or the delete marker made (DeleteObject's headers, DeleteObjects' Deleted entry). */
interface DeleteResult {
  VersionId?: string;
  DeleteMarker?: boolean;
  DeleteMarkerVersionId?: string;
}

/**
 * The authorization of deleting one key: s3:DeleteObject, or s3:DeleteObjectVersion with a
 * version id; bypassing GOVERNANCE retention also needs s3:BypassGovernanceRetention.
 */
async function deleteRequests(ctx: OperationContext, address: ObjectAddress, versionId: string | undefined, bypass: boolean | undefined): Promise<AuthorizationRequest[]> {
  const requests = versionId === undefined
    ? await writeRequests(ctx, address, 's3:DeleteObject')
    : await storedObjectRequests(ctx, address, 's3:DeleteObject', { versionId });
  if (bypass && versionId !== undefined) requests.push(...(await writeRequests(ctx, address, 's3:BypassGovernanceRetention')));
  return requests;
}

/**
 * Deletes one key as S3 does: in a bucket never versioned the object goes; in a versioned one a
 * delete marker becomes the latest version (a `null` one while versioning is suspended); with a
 * version id that version goes for good, unless Object Lock protects it.
 */
async function deleteOne(ctx: OperationContext, bucket: Bucket, key: string, versionId: string | undefined, bypass: boolean): Promise<DeleteResult> {
  const store = ctx.state.s3Objects;
  if (versionId !== undefined) {
    checkVersionId(versionId);
    const removed = await store.meta.deleteVersion(bucket.name, key, versionId, deleteLockCheck(ctx.clock.now(), bypass));
    if (removed && !isDeleteMarker(removed)) await store.discardBlobs([removed.blobId]);
    return { VersionId: versionId, ...(removed && isDeleteMarker(removed) ? { DeleteMarker: true } : {}) };
  }
  const versioning = versioningOf(bucket);
  if (!versioning) {
    const removed = await store.meta.deleteObject(bucket.name, key);
    if (removed) await store.discardBlobs([removed.blobId]);
    return {};
  }
  const marker: DeleteMarker = {
    bucket: bucket.name,
    key,
    ...(versioning === 'Enabled' ? { versionId: newVersionId() } : {}),
    lastModified: modifiedNow(ctx),
    ownerAccountId: ctx.principal.accountId,
    ownerCanonicalId: (await canonicalIdOf(ctx, ctx.principal.accountId)) ?? '',
    deleteMarker: true,
  };
  const { replacedBlobId } = await store.meta.putDeleteMarker(marker, versioning);
  if (replacedBlobId) await store.discardBlobs([replacedBlobId]);
  return { DeleteMarker: true, VersionId: versionIdOf(marker) };
}

/** MFA delete is never on in sagelite (it has no MFA devices), so a request's MFA header changes nothing; see PutBucketVersioning. */
export const deleteObject: Operation<DeleteObjectInput, DeleteResult> = {
  authorization: (input, ctx) => deleteRequests(ctx, input, input.VersionId, input.BypassGovernanceRetention),
  async handle(input, ctx) {
    const bucket = await requireBucket(ctx, input.Bucket);
    return deleteOne(ctx, bucket, input.Key, input.VersionId, input.BypassGovernanceRetention === true);
  },
};

export interface DeleteObjectsInput {
  Bucket: string;
  ExpectedBucketOwner?: string;
  BypassGovernanceRetention?: boolean;
  MFA?: string;
  Delete: { Objects?: Array<{ Key?: string; VersionId?: string }>; Quiet?: boolean };
}

interface DeleteObjectsOutput {
  Deleted?: Array<{ Key: string } & DeleteResult>;
  Errors?: Array<{ Key: string; VersionId?: string; Code: string; Message: string }>;
}

/** The keys of a DeleteObjects body: 1 to 1,000 of them, each with a Key (MalformedXML otherwise, as S3). */
function requestedKeys(input: DeleteObjectsInput): Array<{ Key: string; VersionId?: string }> {
  const objects = input.Delete?.Objects ?? [];
  if (objects.length === 0 || objects.length > 1000 || objects.some((o) => o.Key === undefined || o.Key === '')) throw s3Errors.malformedXml();
  return objects as Array<{ Key: string; VersionId?: string }>;
}

/**
 * s3:DeleteObject (s3:DeleteObjectVersion for entries with a version id) on every entry of a
 * DeleteObjects request. Each is asked separately; the request needs all of them allowed (S3
 * would instead report AccessDenied per key in Errors — the authorize step answers for the whole
 * request). A version Object Lock protects is reported in Errors, the others deleted.
 */
export const deleteObjects: Operation<DeleteObjectsInput, DeleteObjectsOutput> = {
  async authorization(input, ctx) {
    const address = { Bucket: input.Bucket, ...(input.ExpectedBucketOwner !== undefined ? { ExpectedBucketOwner: input.ExpectedBucketOwner } : {}) };
    const seen = new Set<string>();
    const requests: AuthorizationRequest[] = [];
    for (const o of requestedKeys(input)) {
      const id = JSON.stringify([o.Key, o.VersionId ?? null]);
      if (seen.has(id)) continue;
      seen.add(id);
      requests.push(...(await deleteRequests(ctx, { ...address, Key: o.Key }, o.VersionId, input.BypassGovernanceRetention)));
    }
    return requests;
  },
  async handle(input, ctx) {
    const bucket = await requireBucket(ctx, input.Bucket);
    const deleted: NonNullable<DeleteObjectsOutput['Deleted']> = [];
    const errors: NonNullable<DeleteObjectsOutput['Errors']> = [];
    for (const o of requestedKeys(input)) {
      try {
        const done = await deleteOne(ctx, bucket, o.Key, o.VersionId, input.BypassGovernanceRetention === true);
        // DeleteObjects names a marker it made as DeleteMarkerVersionId, and the version removed as VersionId.
        const entry = o.VersionId !== undefined ? done : done.DeleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: done.VersionId! } : {};
        deleted.push({ Key: o.Key, ...entry, ...(o.VersionId !== undefined && done.DeleteMarker ? { DeleteMarkerVersionId: o.VersionId } : {}) });
      } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code === undefined) throw e;
        errors.push({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}), Code: err.code, Message: err.message ?? '' });
      }
    }
    return { ...(input.Delete.Quiet ? {} : { Deleted: deleted }), ...(errors.length > 0 ? { Errors: errors } : {}) };
  },
};
