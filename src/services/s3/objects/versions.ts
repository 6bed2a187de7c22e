import { randomBytes } from 'node:crypto';
import { AwsError } from '../../../core/errors.js';
import type { Bucket } from '../../../storage/s3.js';
import { isDeleteMarker, versionIdOf, type DeleteMarker, type ObjectVersion, type StoredObject, type VersioningState } from '../../../storage/s3-objects.js';
import type { OperationContext } from '../../operation.js';
import { s3Errors } from './errors.js';

/**
 * S3 versioning as the object operations see it: the id a new version gets, the `versionId`
 * query member checked and resolved, and the headers that say which version an answer is about.
 */

/**
 * sagelite's version ids: 32 random characters of letters, digits, `.` and `_` (S3's are opaque
 * strings of that length and alphabet). Never `-`: an id starting with one reads as an option to
 * the AWS CLI (`--version-id -x…` fails with "expected one argument"), as CI found.
 */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url').replace(/-/g, '.');
}

/** What S3 accepts as a version id: `null`, or an id of the shape it hands out; anything else is refused before any lookup. */
const VERSION_ID = /^[A-Za-z0-9._+-]{1,1024}$/;

export function checkVersionId(versionId: string | undefined): void {
  if (versionId === undefined) return;
  if (versionId === '' || !VERSION_ID.test(versionId)) throw s3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
}

export const versioningOf = (bucket: Bucket): VersioningState => bucket.versioning?.status;

/** The id of a version a write makes: new while versioning is on; the null version otherwise. */
export function newVersionFields(bucket: Bucket): { versionId?: string } {
  return bucket.versioning?.status === 'Enabled' ? { versionId: newVersionId() } : {};
}

/** `x-amz-version-id` of an answer about a version: sent once a bucket has had versioning, `null` for the null version. */
export function versionIdOutput(bucket: Bucket | undefined, version: { versionId?: string } | undefined): { VersionId?: string } {
  const id = shownVersionId(bucket, version);
  return id !== undefined ? { VersionId: id } : {};
}

/**
 * `x-amz-version-id` of a write: the new version's id; none for a null version (a bucket never
 * versioned, or versioning suspended), as S3 answers writes (ceph's s3-tests check it for both).
 */
export function writtenVersionOutput(version: { versionId?: string }): { VersionId?: string } {
  return version.versionId !== undefined ? { VersionId: version.versionId } : {};
}

/** The version id an answer shows: the version's own, or `null` once the bucket has had versioning; none for a bucket never versioned. */
export function shownVersionId(bucket: Bucket | undefined, version: { versionId?: string } | undefined): string | undefined {
  if (version?.versionId !== undefined) return version.versionId;
  return version && bucket?.versioning ? 'null' : undefined;
}

/** The headers S3 sends with an answer about a delete marker. */
function markerHeaders(marker: DeleteMarker): Record<string, string> {
  return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionIdOf(marker), 'last-modified': marker.lastModified.toUTCString() };
}

/** A read of a delete marker by its id: 405, as S3 answers (a marker has nothing to read). */
export function methodNotAllowedOnMarker(marker: DeleteMarker, method: string): AwsError {
  return new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { Method: method, ResourceType: 'DeleteMarker' }, 'Sender', markerHeaders(marker));
}

export function noSuchVersion(key: string, versionId: string): AwsError {
  return new AwsError('NoSuchVersion', 404, 'The specified version does not exist.', { Key: key, VersionId: versionId });
}

/**
 * The version a read names: the current object, or the version of `versionId`. A key whose
 * latest version is a delete marker is NoSuchKey with `x-amz-delete-marker: true`; a marker read
 * by id is 405; an unknown id NoSuchVersion.
 */
export async function readableVersion(ctx: OperationContext, bucket: string, key: string, versionId: string | undefined, method = 'GET'): Promise<StoredObject> {
  checkVersionId(versionId);
  const meta = ctx.state.s3Objects.meta;
  if (versionId === undefined) {
    const current = await meta.getObject(bucket, key);
    if (current) return current;
    const latest = await meta.getLatest(bucket, key);
    const err = s3Errors.noSuchKey(key);
    if (latest && isDeleteMarker(latest)) throw new AwsError(err.code, err.status, err.message, err.fields, 'Sender', { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionIdOf(latest) });
    throw err;
  }
  const version = await meta.getVersion(bucket, key, versionId);
  if (!version) throw noSuchVersion(key, versionId);
  if (isDeleteMarker(version)) throw methodNotAllowedOnMarker(version, method);
  return version;
}

/** The version an authorization looks at (its owner, ACL and tags take part); undefined when there is none to read. */
export async function versionForAuthorization(ctx: OperationContext, bucket: string, key: string, versionId: string | undefined): Promise<StoredObject | undefined> {
  if (versionId === undefined) return ctx.state.s3Objects.meta.getObject(bucket, key);
  if (!VERSION_ID.test(versionId)) return undefined;
  const version: ObjectVersion | undefined = await ctx.state.s3Objects.meta.getVersion(bucket, key, versionId);
  return version && !isDeleteMarker(version) ? version : undefined;
}

/** S3's action for an operation on a version: `s3:GetObjectVersion` for `s3:GetObject` with a versionId, and so on. */
export function versionedAction(action: string, versionId: string | undefined): string {
  if (versionId === undefined) return action;
  const named = VERSIONED_ACTIONS[action];
  return named ?? action;
}

const VERSIONED_ACTIONS: Readonly<Record<string, string>> = {
  's3:GetObject': 's3:GetObjectVersion',
  's3:DeleteObject': 's3:DeleteObjectVersion',
  's3:GetObjectAcl': 's3:GetObjectVersionAcl',
  's3:PutObjectAcl': 's3:PutObjectVersionAcl',
  's3:GetObjectTagging': 's3:GetObjectVersionTagging',
  's3:PutObjectTagging': 's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging': 's3:DeleteObjectVersionTagging',
  's3:GetObjectAttributes': 's3:GetObjectVersionAttributes',
};
