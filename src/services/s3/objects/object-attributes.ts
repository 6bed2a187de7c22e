import type { Operation, OperationContext } from '../../operation.js';
import { checksumOutput } from './checksum.js';
import { bucketForAuthorization } from '../access.js';
import { checkCustomerKey } from './encryption/keys.js';
import type { SseCustomerInput } from './encryption/request.js';
import { s3Errors } from './errors.js';
import { storedObjectRequests, type ObjectAddress } from './object-access.js';
import { readableVersion, versionIdOutput } from './versions.js';

interface GetObjectAttributesInput extends ObjectAddress, SseCustomerInput {
  ObjectAttributes?: string[];
  MaxParts?: number;
  PartNumberMarker?: number | string;
  VersionId?: string;
}

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);

/** s3:GetObject and s3:GetObjectAttributes on the object (S3 asks both), NoSuchKey revealed only to those who may list. */
async function attributeRequests(input: GetObjectAttributesInput, ctx: OperationContext) {
  const version = input.VersionId !== undefined ? { versionId: input.VersionId } : {};
  return [
    ...(await storedObjectRequests(ctx, input, 's3:GetObject', { revealsExistence: true, ...version })),
    ...(await storedObjectRequests(ctx, input, 's3:GetObjectAttributes', version)),
  ];
}

/**
 * s3:GetObjectAttributes — what HeadObject and ListParts would say, in one answer: the attributes
 * the x-amz-object-attributes header names (ETag without quotes, as S3 gives it here), and a
 * multipart object's parts, paged by x-amz-max-parts and x-amz-part-number-marker. An SSE-C
 * object needs its key, as a read does.
 */
export const getObjectAttributes: Operation<GetObjectAttributesInput> = {
  authorization: attributeRequests,
  async handle(input, ctx) {
    const wanted = input.ObjectAttributes ?? [];
    if (wanted.length === 0) throw s3Errors.invalidArgument('Empty value for x-amz-object-attributes header', 'x-amz-object-attributes', '');
    for (const a of wanted) if (!ATTRIBUTES.has(a)) throw s3Errors.invalidArgument(`Invalid attribute name specified: ${a}`, 'x-amz-object-attributes', a);
    const object = await readableVersion(ctx, input.Bucket, input.Key, input.VersionId);
    checkCustomerKey(object, input);
    const out: Record<string, unknown> = { LastModified: object.lastModified, ...versionIdOutput(await bucketForAuthorization(ctx, input.Bucket), object) };
    if (wanted.includes('ETag')) out['ETag'] = object.etag;
    if (wanted.includes('StorageClass')) out['StorageClass'] = object.storageClass;
    if (wanted.includes('ObjectSize')) out['ObjectSize'] = object.size;
    if (wanted.includes('Checksum') && object.checksum) out['Checksum'] = { ...checksumOutput(object.checksum) };
    if (wanted.includes('ObjectParts') && object.partSizes) {
      const marker = Number(input.PartNumberMarker ?? 0);
      if (!Number.isInteger(marker) || marker < 0) throw s3Errors.invalidArgument('Invalid part number marker', 'x-amz-part-number-marker', String(input.PartNumberMarker));
      const max = Math.min(input.MaxParts ?? 1000, 1000);
      const parts = object.partSizes.map((size, i) => ({ PartNumber: i + 1, Size: size })).filter((p) => p.PartNumber > marker);
      const page = parts.slice(0, max);
      const truncated = parts.length > page.length;
      out['ObjectParts'] = {
        TotalPartsCount: object.partSizes.length,
        PartNumberMarker: marker,
        ...(truncated ? { NextPartNumberMarker: page[page.length - 1]!.PartNumber } : {}),
        MaxParts: max,
        IsTruncated: truncated,
        Parts: page,
      };
    }
    return out;
  },
};
