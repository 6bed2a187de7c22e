import type { StoredObject } from '../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../operation.js';
import { requireBucket } from '../access.js';
import { checksumOutput, type ChecksumMembers } from './checksum.js';
import { commitObject, writeCondition } from './commit.js';
import { ingestBody, type IngestRequest } from './ingest.js';
import { requestTagContext, writeRequests, type ObjectAddress } from './object-access.js';
import { quoted } from './object-view.js';
import { aclContext, decideOwnership, type AclInput } from './ownership.js';
import { checkKey, checkMetadata, contentHeaders, tagsFromHeader, type ContentHeaderInput } from './write-input.js';
import { encryptionConditionKeys, writeEncryption, type SseWriteInput } from './encryption/request.js';
import { sealForWrite } from './encryption/keys.js';
import { lockConditionKeys, lockFieldsForWrite, type LockHeaders } from './object-lock.js';
import { expirationOutput } from '../lifecycle/rules.js';

/** The members of a write that describe the object to be (PutObject, CreateMultipartUpload, CopyObject with REPLACE). */
export interface NewObjectInput extends ObjectAddress, ContentHeaderInput, AclInput, SseWriteInput, LockHeaders {
  Metadata?: Record<string, string>;
  StorageClass?: string;
  Tagging?: string;
}

export interface PutObjectInput extends NewObjectInput, IngestRequest {
  IfMatch?: string;
  IfNoneMatch?: string;
}

/** S3 keeps whole seconds of Last-Modified (its headers and conditions work in seconds). */
export function modifiedNow(ctx: OperationContext): Date {
  return new Date(Math.floor(ctx.clock.now().getTime() / 1000) * 1000);
}

/** The authorization of an object write: s3:PutObject with its ACL keys, and s3:PutObjectTagging when it sets tags. */
export async function newObjectRequests(input: NewObjectInput, ctx: OperationContext) {
  const tags = tagsFromHeader(input.Tagging);
  const lockKeys = lockConditionKeys(input, ctx.clock.now());
  const requests = await writeRequests(ctx, input, 's3:PutObject', { ...aclContext(input), ...requestTagContext(tags), ...encryptionConditionKeys(input), ...lockKeys });
  if (tags.length > 0) requests.push(...(await writeRequests(ctx, input, 's3:PutObjectTagging', requestTagContext(tags))));
  // Object Lock settings on a write need their own permissions too, as on AWS.
  if (input.ObjectLockMode !== undefined || input.ObjectLockRetainUntilDate !== undefined) requests.push(...(await writeRequests(ctx, input, 's3:PutObjectRetention', lockKeys)));
  if (input.ObjectLockLegalHoldStatus !== undefined) requests.push(...(await writeRequests(ctx, input, 's3:PutObjectLegalHold', lockKeys)));
  return requests;
}

/** What a new object's metadata will be, bytes aside: checked and decided before any byte is read. */
export async function newObjectFields(ctx: OperationContext, input: NewObjectInput) {
  checkKey(input.Key);
  const bucket = await requireBucket(ctx, input.Bucket);
  return {
    bucket,
    fields: {
      bucket: input.Bucket,
      key: input.Key,
      headers: contentHeaders(input),
      metadata: checkMetadata(input.Metadata),
      storageClass: input.StorageClass ?? 'STANDARD',
      tags: tagsFromHeader(input.Tagging),
      ...lockFieldsForWrite(input, bucket, ctx.clock.now()),
      ...(await decideOwnership(ctx, bucket, input)),
    } satisfies Partial<StoredObject>,
  };
}

/**
 * s3:PutObject — streams the body to a new file while hashing it (MD5 for the ETag, the
 * requested flexible checksum), verifies Content-MD5 and checksums, and only then makes the
 * object visible, atomically replacing an older one. Conditional writes (If-None-Match: *,
 * If-Match) are checked before reading and again inside the commit.
 */
export const putObject: Operation<PutObjectInput, Record<string, unknown>> = {
  streamsBody: true,
  authorization: newObjectRequests,
  async handle(input, ctx) {
    const { bucket, fields } = await newObjectFields(ctx, input);
    const store = ctx.state.s3Objects;
    const condition = writeCondition(input);
    if (condition) condition(await store.meta.getObject(input.Bucket, input.Key));
    const sealed = await sealForWrite(ctx, bucket, writeEncryption(input, bucket, input.Key));
    const body = await ingestBody(store.blobs, input, sealed.cipher ? { cipher: sealed.cipher } : {});
    const object: StoredObject = {
      ...fields,
      ...(sealed.encryption.type !== 'AES256' ? { encryption: sealed.encryption } : {}),
      size: body.size,
      etag: body.md5Hex,
      lastModified: modifiedNow(ctx),
      blobId: body.blobId,
      ...(body.checksum ? { checksum: { ...body.checksum, type: 'FULL_OBJECT' as const } } : {}),
    };
    const version = await commitObject(ctx, bucket, object, condition);
    return { ETag: quoted(object.etag), ...(checksumOutput(object.checksum) satisfies ChecksumMembers), ...sealed.output, ...version, ...expirationOutput(bucket.lifecycle, object) };
  },
};
