import type { MultipartUpload, StoredPart } from '../../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../../operation.js';
import { checksumOutput } from '../checksum.js';
import { copyBytes, copySourceRequests, openCopySource, readCopySource, type CopySourceInput } from '../copy-source.js';
import { s3Errors } from '../errors.js';
import { ingestBody, type IngestedBody, type IngestRequest } from '../ingest.js';
import { writeRequests, type ObjectAddress } from '../object-access.js';
import { quoted } from '../object-view.js';
import { modifiedNow } from '../put-object.js';
import { encryptionOutput, partCipher } from '../encryption/keys.js';
import type { SseCustomerInput } from '../encryption/request.js';
import { requireBucket } from '../../access.js';

/** The bucket's region: where KMS is asked for an upload's data key. */
const regionOf = async (ctx: OperationContext, bucket: string) => (await requireBucket(ctx, bucket)).region;

interface PartAddress extends ObjectAddress {
  UploadId: string;
  PartNumber: number;
}

export type UploadPartInput = PartAddress & IngestRequest & SseCustomerInput;

export interface UploadPartCopyInput extends PartAddress, CopySourceInput, SseCustomerInput {
  CopySourceRange?: string;
}

/** The upload a part request names, which must be in progress for this bucket and key. */
export async function requireUpload(ctx: OperationContext, input: { Bucket: string; Key: string; UploadId: string }): Promise<MultipartUpload> {
  const upload = await ctx.state.s3Objects.meta.getUpload(input.UploadId);
  if (!upload || upload.bucket !== input.Bucket || upload.key !== input.Key) throw s3Errors.noSuchUpload(input.UploadId);
  return upload;
}

function checkPartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(n));
  }
}

/** Records a written part; an upload aborted or completed meanwhile is NoSuchUpload, and the bytes go. */
async function storePart(ctx: OperationContext, input: PartAddress, upload: MultipartUpload, body: IngestedBody, iv: string | undefined): Promise<StoredPart> {
  const store = ctx.state.s3Objects;
  const part: StoredPart = {
    uploadId: input.UploadId,
    partNumber: input.PartNumber,
    size: body.size,
    etag: body.md5Hex,
    lastModified: modifiedNow(ctx),
    blobId: body.blobId,
    ...(body.checksum ? { checksum: { ...body.checksum, type: upload.checksumType ?? 'FULL_OBJECT' } } : {}),
    ...(iv ? { iv } : {}),
  };
  const { stored, replacedBlobId } = await store.meta.putPart(part);
  if (!stored) {
    await store.discardBlobs([body.blobId]);
    throw s3Errors.noSuchUpload(input.UploadId);
  }
  if (replacedBlobId) await store.discardBlobs([replacedBlobId]);
  return part;
}

/** s3:PutObject — UploadPart: a part of 1 to 10,000, streamed to its own file and hashed like PutObject. */
export const uploadPart: Operation<UploadPartInput, Record<string, unknown>> = {
  streamsBody: true,
  authorization: (input, ctx) => writeRequests(ctx, input, 's3:PutObject'),
  async handle(input, ctx) {
    checkPartNumber(input.PartNumber);
    const upload = await requireUpload(ctx, input);
    const sealed = await partCipher(ctx, await regionOf(ctx, input.Bucket), upload.encryption, input);
    const body = await ingestBody(ctx.state.s3Objects.blobs, input, { ...(upload.checksumAlgorithm ? { algorithm: upload.checksumAlgorithm } : {}), ...(sealed ? { cipher: sealed.cipher } : {}) });
    const part = await storePart(ctx, input, upload, body, sealed?.iv);
    return { ETag: quoted(part.etag), ...checksumOutput(part.checksum, false), ...encryptionOutput(upload.encryption) };
  },
};

/** x-amz-copy-source-range: `bytes=first-last`, within the source. */
function copyRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m) throw s3Errors.invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', header);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start || end >= size) throw s3Errors.invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', header);
  return { start, end };
}

/** s3:GetObject on the source and s3:PutObject on the target — UploadPartCopy: a part from (a range of) a stored object. */
export const uploadPartCopy: Operation<UploadPartCopyInput, Record<string, unknown>> = {
  authorization: async (input, ctx) => [...(await copySourceRequests(ctx, input)), ...(await writeRequests(ctx, input, 's3:PutObject'))],
  async handle(input, ctx) {
    checkPartNumber(input.PartNumber);
    const upload = await requireUpload(ctx, input);
    const { source, object } = await readCopySource(ctx, input);
    const opened = await openCopySource(ctx, source, object, input);
    const sealed = await partCipher(ctx, await regionOf(ctx, input.Bucket), upload.encryption, input);
    const body = await copyBytes(ctx.state.s3Objects, object, copyRange(input.CopySourceRange, object.size), upload.checksumAlgorithm, {
      ...(opened ? { source: opened } : {}), ...(sealed ? { cipher: sealed.cipher } : {}),
    });
    const part = await storePart(ctx, input, upload, body, sealed?.iv);
    return { CopyPartResult: { ETag: quoted(part.etag), LastModified: part.lastModified, ...checksumOutput(part.checksum, false) }, ...encryptionOutput(upload.encryption) };
  },
};
