import type { MultipartUpload, ObjectStore, StoredChecksum, StoredObject, StoredPart } from '../../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../../operation.js';
import { checksumOutput, compositeChecksum, memberOf, multipartEtag, newObjectChecksum, type ChecksumMembers } from '../checksum.js';
import { writeCondition } from '../commit.js';
import { s3Errors } from '../errors.js';
import { writeRequests, type ObjectAddress } from '../object-access.js';
import { quoted } from '../object-view.js';
import { modifiedNow } from '../put-object.js';
import { newVersionFields, versioningOf, writtenVersionOutput } from '../versions.js';
import { encryptionOutput } from '../encryption/keys.js';
import { requireUpload } from './upload-part.js';
import { expirationOutput } from '../../lifecycle/rules.js';

/** Every part but the last must be at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

type CompletedPart = ChecksumMembers & { PartNumber?: number; ETag?: string };

export interface CompleteMultipartUploadInput extends ObjectAddress, ChecksumMembers {
  UploadId: string;
  MultipartUpload?: { Parts?: CompletedPart[] };
  IfMatch?: string;
  IfNoneMatch?: string;
}

const unquote = (etag: string) => etag.trim().replace(/^"(.*)"$/, '$1');

/**
 * The stored parts the request lists, checked as S3 checks them: ascending part numbers
 * (InvalidPartOrder), each uploaded with the ETag given and, when given, the same checksum
 * (InvalidPart), every part but the last at least 5 MiB (EntityTooSmall).
 */
export function selectParts(uploadId: string, listed: CompletedPart[], stored: StoredPart[]): StoredPart[] {
  if (listed.length === 0) throw s3Errors.malformedXml();
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  let previous = 0;
  const chosen = listed.map((l) => {
    const n = l.PartNumber ?? 0;
    if (n <= previous) throw s3Errors.invalidPartOrder(uploadId);
    previous = n;
    const part = byNumber.get(n);
    if (!part || l.ETag === undefined || unquote(l.ETag) !== part.etag) throw s3Errors.invalidPart(uploadId, n, l.ETag ?? '');
    const given = part.checksum ? l[memberOf(part.checksum.algorithm)] : undefined;
    if (given !== undefined && given !== part.checksum!.value) throw s3Errors.invalidPart(uploadId, n, l.ETag);
    return part;
  });
  chosen.forEach((p, i) => {
    if (i < chosen.length - 1 && p.size < MIN_PART_BYTES) throw s3Errors.entityTooSmall(p.size, p.partNumber, quoted(p.etag));
  });
  return chosen;
}

/** Concatenates the parts into one new blob, computing the full-object checksum on the way when the upload asks for one. */
async function concatenate(store: ObjectStore, parts: StoredPart[], upload: MultipartUpload): Promise<{ blobId: string; size: number; fullChecksum?: string }> {
  const writer = await store.blobs.create();
  const full = upload.checksumType === 'FULL_OBJECT' && upload.checksumAlgorithm ? newObjectChecksum(upload.checksumAlgorithm) : undefined;
  try {
    for (const part of parts) {
      const reader = await store.blobs.open(part.blobId);
      // A part file goes only when its upload is completed or aborted: another request got there first.
      if (!reader) throw s3Errors.noSuchUpload(upload.uploadId);
      if (reader.size === 0) {
        await reader.close();
        continue;
      }
      for await (const chunk of reader.stream() as AsyncIterable<Buffer>) {
        full?.update(chunk);
        await writer.write(chunk);
      }
    }
    return { blobId: await writer.commit(), size: writer.size, ...(full ? { fullChecksum: full.digest() } : {}) };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

/** The object's checksum: COMPOSITE over the part checksums (`…-N`), or the FULL_OBJECT one computed while concatenating. */
function objectChecksum(upload: MultipartUpload, parts: StoredPart[], full: string | undefined, input: ChecksumMembers): StoredChecksum | undefined {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm) return undefined;
  const value = upload.checksumType === 'FULL_OBJECT' ? full! : compositeChecksum(algorithm, parts.map((p) => p.checksum?.value ?? ''));
  const given = input[memberOf(algorithm)];
  if (given !== undefined && given !== value && `${given}-${parts.length}` !== value) throw s3Errors.checksumMismatch(algorithm);
  return { algorithm, value, type: upload.checksumType ?? 'COMPOSITE' };
}

/**
 * s3:PutObject — CompleteMultipartUpload: joins the listed parts into the object's file (a new
 * file, synced and renamed before the commit), then in one transaction makes the object visible
 * and forgets the upload; every part file, listed or not, is removed afterwards. ETag is the md5
 * of the part md5s with `-N`.
 */
export const completeMultipartUpload: Operation<CompleteMultipartUploadInput, Record<string, unknown>> = {
  authorization: (input, ctx) => writeRequests(ctx, input, 's3:PutObject'),
  async handle(input, ctx) {
    const store = ctx.state.s3Objects;
    const completed = await completedBefore(ctx, input);
    if (completed) return completed;
    const upload = await requireUpload(ctx, input);
    const parts = selectParts(input.UploadId, input.MultipartUpload?.Parts ?? [], await store.meta.listParts(input.UploadId));
    const condition = writeCondition(input);
    if (condition) condition(await store.meta.getObject(input.Bucket, input.Key));
    const joined = await concatenate(store, parts, upload);
    let checksum: StoredChecksum | undefined;
    try {
      checksum = objectChecksum(upload, parts, joined.fullChecksum, input);
    } catch (e) {
      await store.discardBlobs([joined.blobId]);
      throw e;
    }
    const object: StoredObject = {
      bucket: upload.bucket,
      key: upload.key,
      size: joined.size,
      etag: multipartEtag(parts.map((p) => p.etag)),
      lastModified: modifiedNow(ctx),
      headers: upload.headers,
      metadata: upload.metadata,
      ownerAccountId: upload.ownerAccountId,
      ownerCanonicalId: upload.ownerCanonicalId,
      ...(upload.acl ? { acl: upload.acl } : {}),
      storageClass: upload.storageClass,
      tags: upload.tags,
      partSizes: parts.map((p) => p.size),
      blobId: joined.blobId,
      uploadId: upload.uploadId,
      ...(checksum ? { checksum } : {}),
      ...(upload.encryption && upload.encryption.type !== 'AES256' ? { encryption: { ...upload.encryption, partIvs: parts.map((p) => p.iv ?? '') } } : {}),
      ...(upload.retention ? { retention: upload.retention } : {}),
      ...(upload.legalHold ? { legalHold: true } : {}),
    };
    const bucket = await ctx.state.s3Buckets.getBucket(input.Bucket);
    if (bucket) Object.assign(object, newVersionFields(bucket));
    let done: { obsoleteBlobIds: string[] } | undefined;
    try {
      done = await store.meta.completeUpload(input.UploadId, object, condition, bucket ? versioningOf(bucket) : undefined);
    } catch (e) {
      await store.discardBlobs([joined.blobId]);
      throw e;
    }
    if (!done) {
      await store.discardBlobs([joined.blobId]);
      throw s3Errors.noSuchUpload(input.UploadId);
    }
    await store.discardBlobs(done.obsoleteBlobIds);
    return { ...completionResult(ctx, object), ...writtenVersionOutput(object), ...completionEncryption(object), ...expirationOutput(bucket?.lifecycle, object) };
  },
};

/** CompleteMultipartUpload's encryption headers: S3's algorithm and KMS key (it names no customer key). */
function completionEncryption(object: StoredObject): Record<string, unknown> {
  const { SSECustomerAlgorithm: _a, SSECustomerKeyMD5: _m, ...out } = encryptionOutput(object.encryption);
  return out;
}

function completionResult(ctx: OperationContext, object: StoredObject) {
  return {
    Location: `http://${object.bucket}.s3.${ctx.region}.amazonaws.com/${object.key.split('/').map(encodeURIComponent).join('/')}`,
    Bucket: object.bucket,
    Key: object.key,
    ETag: quoted(object.etag),
    ...checksumOutput(object.checksum),
  };
}

/**
 * A CompleteMultipartUpload repeated after it succeeded (an SDK retrying after a lost answer):
 * while the object the upload made is still the key's, S3 answers the same result again instead
 * of NoSuchUpload.
 */
async function completedBefore(ctx: OperationContext, input: CompleteMultipartUploadInput) {
  if (await ctx.state.s3Objects.meta.getUpload(input.UploadId)) return undefined;
  const current = await ctx.state.s3Objects.meta.getObject(input.Bucket, input.Key);
  return current?.uploadId === input.UploadId ? { ...completionResult(ctx, current), ...writtenVersionOutput(current) } : undefined;
}
