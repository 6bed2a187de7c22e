import type { MultipartUpload } from '../../../../storage/s3-objects.js';
import type { Operation } from '../../../operation.js';
import { bucketRequests } from '../../access.js';
import { checksumOutput } from '../checksum.js';
import { s3Errors } from '../errors.js';
import { commonPrefixOf, effectiveMaxKeys, urlEncodeKey } from '../list.js';
import { storedObjectRequests, type ObjectAddress } from '../object-access.js';
import { quoted } from '../object-view.js';
import { requireUpload } from './upload-part.js';

export interface UploadAddress extends ObjectAddress {
  UploadId: string;
}

/** s3:AbortMultipartUpload — forgets the upload and removes its part files; NoSuchUpload when it is not in progress. */
export const abortMultipartUpload: Operation<UploadAddress, Record<string, never>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:AbortMultipartUpload'),
  async handle(input, ctx) {
    await requireUpload(ctx, input);
    const blobs = await ctx.state.s3Objects.meta.abortUpload(input.UploadId);
    if (!blobs) throw s3Errors.noSuchUpload(input.UploadId);
    await ctx.state.s3Objects.discardBlobs(blobs);
    return {};
  },
};

export interface ListPartsInput extends UploadAddress {
  MaxParts?: number;
  PartNumberMarker?: number;
}

const initiator = (u: MultipartUpload) => ({ ID: u.initiatorArn, DisplayName: u.initiatorId });

/** s3:ListMultipartUploadParts — ListParts: the upload's parts in order, after the part-number marker. */
export const listParts: Operation<ListPartsInput, Record<string, unknown>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:ListMultipartUploadParts'),
  async handle(input, ctx) {
    const upload = await requireUpload(ctx, input);
    const max = effectiveMaxKeys(input.MaxParts, 'max-parts');
    const marker = input.PartNumberMarker ?? 0;
    const parts = await ctx.state.s3Objects.meta.listParts(input.UploadId, { afterPart: marker, limit: max + 1 });
    const truncated = parts.length > max;
    const shown = parts.slice(0, max);
    return {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      ...(shown.length > 0 ? { NextPartNumberMarker: shown[shown.length - 1]!.partNumber } : {}),
      MaxParts: max,
      IsTruncated: truncated,
      Parts: shown.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: quoted(p.etag), Size: p.size, ...checksumOutput(p.checksum, false) })),
      Initiator: initiator(upload),
      Owner: { ID: upload.ownerCanonicalId },
      StorageClass: upload.storageClass,
      ...(upload.checksumAlgorithm ? { ChecksumAlgorithm: upload.checksumAlgorithm, ChecksumType: upload.checksumType } : {}),
    };
  },
};

export interface ListMultipartUploadsInput {
  Bucket: string;
  ExpectedBucketOwner?: string;
  Prefix?: string;
  Delimiter?: string;
  KeyMarker?: string;
  UploadIdMarker?: string;
  MaxUploads?: number;
  EncodingType?: string;
}

/** Uploads in progress are few: a bucket's are read in one go, up to this many. */
const UPLOAD_SCAN_LIMIT = 100_000;

/**
 * s3:ListBucketMultipartUploads — ListMultipartUploads: uploads in progress by key (and, within a
 * key, by initiation), after the key / upload-id markers, rolled up under the delimiter.
 */
export const listMultipartUploads: Operation<ListMultipartUploadsInput, Record<string, unknown>> = {
  authorization: (input, ctx) =>
    bucketRequests(ctx, input.Bucket, 's3:ListBucketMultipartUploads', {
      ...(input.ExpectedBucketOwner !== undefined ? { expectedOwner: input.ExpectedBucketOwner } : {}),
      context: { ...(input.Prefix !== undefined ? { 's3:prefix': input.Prefix } : {}), ...(input.Delimiter !== undefined ? { 's3:delimiter': input.Delimiter } : {}) },
    }),
  async handle(input, ctx) {
    const encode = input.EncodingType === 'url' ? urlEncodeKey : (t: string) => t;
    const max = effectiveMaxKeys(input.MaxUploads, 'max-uploads');
    const prefix = input.Prefix ?? '';
    const all = await ctx.state.s3Objects.meta.listUploads(input.Bucket, {
      prefix,
      ...(input.KeyMarker ? { keyMarker: input.KeyMarker } : {}),
      ...(input.UploadIdMarker ? { uploadIdMarker: input.UploadIdMarker } : {}),
      limit: UPLOAD_SCAN_LIMIT,
    });
    const uploads: MultipartUpload[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    for (const u of all) {
      const cp = commonPrefixOf(u.key, prefix, input.Delimiter || undefined);
      if (cp !== undefined && prefixes[prefixes.length - 1] === cp) continue;
      if (uploads.length + prefixes.length >= max) {
        truncated = true;
        break;
      }
      if (cp !== undefined) prefixes.push(cp);
      else uploads.push(u);
    }
    const last = uploads[uploads.length - 1];
    return {
      Bucket: input.Bucket,
      KeyMarker: encode(input.KeyMarker ?? ''),
      UploadIdMarker: input.UploadIdMarker ?? '',
      ...(truncated && last ? { NextKeyMarker: encode(last.key), NextUploadIdMarker: last.uploadId } : {}),
      Prefix: encode(prefix),
      ...(input.Delimiter ? { Delimiter: encode(input.Delimiter) } : {}),
      MaxUploads: max,
      IsTruncated: truncated,
      Uploads: uploads.map((u) => ({
        UploadId: u.uploadId,
        Key: encode(u.key),
        Initiated: u.initiated,
        StorageClass: u.storageClass,
        Owner: { ID: u.ownerCanonicalId },
        Initiator: initiator(u),
        ...(u.checksumAlgorithm ? { ChecksumAlgorithm: u.checksumAlgorithm, ChecksumType: u.checksumType } : {}),
      })),
      ...(prefixes.length > 0 ? { CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })) } : {}),
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
    };
  },
};
