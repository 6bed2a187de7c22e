import { decipheredObject, openForRead } from './encryption/keys.js';
import type { Cipher } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { ChecksumName, ObjectStore, StoredObject } from '../../../storage/s3-objects.js';
import type { OperationContext } from '../../operation.js';
import { newObjectChecksum } from './checksum.js';
import { checkReadConditions } from './conditions.js';
import { s3Errors } from './errors.js';
import type { IngestedBody } from './ingest.js';
import { storedObjectRequests } from './object-access.js';
import { checkVersionId, readableVersion } from './versions.js';
import { AwsError } from '../../../core/errors.js';
import type { ByteRange } from './range.js';

/** The x-amz-copy-source members of CopyObject and UploadPartCopy. */
export interface CopySourceInput {
  CopySource: string;
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: Date;
  CopySourceIfUnmodifiedSince?: Date;
  ExpectedSourceBucketOwner?: string;
  CopySourceSSECustomerAlgorithm?: string;
  CopySourceSSECustomerKey?: string;
  CopySourceSSECustomerKeyMD5?: string;
}

/**
 * The key and IV the copy source's bytes open with (its SSE-C key from the CopySource… headers,
 * or its KMS data key, decrypted by KMS as the caller); none for an SSE-S3 source.
 */
export async function openCopySource(ctx: OperationContext, source: CopySource, object: StoredObject, input: CopySourceInput): Promise<{ key: Buffer; iv: Buffer } | undefined> {
  return openForRead(ctx, source.bucket, object, {
    SSECustomerAlgorithm: input.CopySourceSSECustomerAlgorithm, SSECustomerKey: input.CopySourceSSECustomerKey, SSECustomerKeyMD5: input.CopySourceSSECustomerKeyMD5,
  });
}

export interface CopySource {
  bucket: string;
  key: string;
  /** `?versionId=…`: that version of the source (`null` for the null version). */
  versionId?: string;
}

/** Copies larger than this must be multipart UploadPartCopy (S3's limit, 5 GiB). */
export const MAX_COPY_SOURCE_BYTES = 5 * 1024 ** 3;

/** Reads x-amz-copy-source: `bucket/key` or `/bucket/key`, the key URL-encoded, optionally `?versionId=…`. */
export function parseCopySource(header: string): CopySource {
  const [path = '', query] = header.split('?', 2);
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', header);
  }
  let key: string;
  try {
    key = decodeURIComponent(trimmed.slice(slash + 1));
  } catch {
    throw s3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', header);
  }
  let versionId: string | undefined;
  if (query !== undefined) {
    const version = new URLSearchParams(query).get('versionId');
    if (version !== null) {
      try {
        checkVersionId(version);
      } catch {
        throw s3Errors.invalidArgument('Invalid version id specified', 'x-amz-copy-source', header);
      }
      versionId = version;
    }
  }
  return { bucket: trimmed.slice(0, slash), key, ...(versionId !== undefined ? { versionId } : {}) };
}

/** s3:GetObject on the copy source, decided by the source bucket's and object's own rules. */
export function copySourceRequests(ctx: OperationContext, input: CopySourceInput): Promise<AuthorizationRequest[]> {
  const source = parseCopySource(input.CopySource);
  return storedObjectRequests(
    ctx,
    { Bucket: source.bucket, Key: source.key, ...(input.ExpectedSourceBucketOwner !== undefined ? { ExpectedBucketOwner: input.ExpectedSourceBucketOwner } : {}) },
    's3:GetObject',
    { revealsExistence: true, ...(source.versionId !== undefined ? { versionId: source.versionId } : {}) },
  );
}

/** The source object, after the x-amz-copy-source-if-* conditions (each failure is 412). */
export async function readCopySource(ctx: OperationContext, input: CopySourceInput): Promise<{ source: CopySource; object: StoredObject }> {
  const source = parseCopySource(input.CopySource);
  // A delete marker as the source is 404 without a version id and 400 with one (S3's answers to a copy of one).
  let object: StoredObject;
  try {
    object = await readableVersion(ctx, source.bucket, source.key, source.versionId);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'MethodNotAllowed') throw s3Errors.invalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
    throw e;
  }
  checkReadConditions(
    {
      ifMatch: input.CopySourceIfMatch,
      ifNoneMatch: input.CopySourceIfNoneMatch,
      ifModifiedSince: input.CopySourceIfModifiedSince,
      ifUnmodifiedSince: input.CopySourceIfUnmodifiedSince,
    },
    object,
    ctx.clock.now(),
    true,
  );
  return { source, object };
}

/**
 * Copies (a range of) a stored object's bytes into a new committed blob, computing the MD5 and,
 * when asked, a checksum on the way. The source file is opened once, so a concurrent replace of
 * the source cannot mix two versions.
 */
export async function copyBytes(
  store: ObjectStore, object: StoredObject, range: ByteRange | undefined, algorithm?: ChecksumName,
  crypto: { source?: { key: Buffer; iv: Buffer }; cipher?: Cipher } = {},
): Promise<IngestedBody> {
  const reader = await store.blobs.open(object.blobId);
  if (!reader) throw s3Errors.noSuchKey(object.key);
  const writer = await store.blobs.create();
  const md5 = createHash('md5');
  const hash = algorithm ? newObjectChecksum(algorithm) : undefined;
  try {
    if (object.size > 0 && (!range || range.end >= range.start)) {
      // An encrypted source is read from the start of the block the range starts in, and deciphered.
      const source = crypto.source ? decipheredObject(reader, object, crypto.source.key, range) : reader.stream(range);
      for await (const chunk of source as AsyncIterable<Buffer>) {
        md5.update(chunk);
        hash?.update(chunk);
        await writer.write(crypto.cipher ? crypto.cipher.update(chunk) : chunk);
      }
    } else {
      await reader.close();
    }
    const blobId = await writer.commit();
    return { blobId, size: writer.size, md5Hex: md5.digest('hex'), ...(algorithm ? { checksum: { algorithm, value: hash!.digest() } } : {}) };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}
