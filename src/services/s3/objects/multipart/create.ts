import { sealForWrite } from '../encryption/keys.js';
import { writeEncryption } from '../encryption/request.js';
import { randomBytes } from 'node:crypto';
import type { ChecksumName, MultipartUpload } from '../../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../../operation.js';
import { isChecksumName } from '../checksum.js';
import { s3Errors } from '../errors.js';
import { newObjectFields, newObjectRequests, type NewObjectInput } from '../put-object.js';

export interface CreateMultipartUploadInput extends NewObjectInput {
  ChecksumAlgorithm?: string;
  ChecksumType?: string;
}

/** Upload ids sort by creation time (ListMultipartUploads orders a key's uploads by initiation). */
function newUploadId(ctx: OperationContext): string {
  return ctx.clock.now().getTime().toString(16).padStart(12, '0') + randomBytes(24).toString('hex');
}

/**
 * The checksum an upload will carry: FULL_OBJECT is possible for the CRCs only, COMPOSITE for
 * every algorithm but CRC64NVME; without a type, CRC64NVME is FULL_OBJECT and the rest COMPOSITE.
 */
export function uploadChecksum(algorithm: string | undefined, type: string | undefined): Pick<MultipartUpload, 'checksumAlgorithm' | 'checksumType'> {
  if (algorithm === undefined) {
    if (type !== undefined) throw s3Errors.invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return {};
  }
  const name = algorithm.toUpperCase();
  if (!isChecksumName(name)) throw s3Errors.invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  const checksumType = (type ?? (name === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE')) as MultipartUpload['checksumType'];
  const fullObjectOk = (['CRC32', 'CRC32C', 'CRC64NVME'] as ChecksumName[]).includes(name);
  if ((checksumType === 'FULL_OBJECT' && !fullObjectOk) || (checksumType === 'COMPOSITE' && name === 'CRC64NVME') || (checksumType !== 'FULL_OBJECT' && checksumType !== 'COMPOSITE')) {
    throw s3Errors.invalidRequest(`The ${name} checksum algorithm is not supported with the ${type} checksum type.`);
  }
  return { checksumAlgorithm: name, checksumType };
}

/** s3:PutObject — CreateMultipartUpload: fixes the future object's headers, metadata, owner, ACL, tags and checksum. */
export const createMultipartUpload: Operation<CreateMultipartUploadInput, Record<string, unknown>> = {
  authorization: newObjectRequests,
  async handle(input, ctx) {
    const { bucket, fields } = await newObjectFields(ctx, input);
    // The data key (SSE-KMS) is made now, as the caller; each part is enciphered with it as it comes.
    const sealed = await sealForWrite(ctx, bucket, writeEncryption(input, bucket, input.Key));
    const checksum = uploadChecksum(input.ChecksumAlgorithm, input.ChecksumType);
    const upload: MultipartUpload = {
      uploadId: newUploadId(ctx),
      bucket: fields.bucket,
      key: fields.key,
      initiated: ctx.clock.now(),
      headers: fields.headers,
      metadata: fields.metadata,
      ownerAccountId: fields.ownerAccountId,
      ownerCanonicalId: fields.ownerCanonicalId,
      initiatorArn: ctx.principal.arn,
      initiatorId: ctx.principal.userId,
      ...(fields.acl ? { acl: fields.acl } : {}),
      storageClass: fields.storageClass,
      tags: fields.tags,
      ...(sealed.encryption.type !== 'AES256' ? { encryption: sealed.encryption } : {}),
      ...(fields.retention ? { retention: fields.retention } : {}),
      ...(fields.legalHold ? { legalHold: true } : {}),
      ...checksum,
    };
    await ctx.state.s3Objects.meta.createUpload(upload);
    return {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      ...sealed.output,
      ...(checksum.checksumAlgorithm ? { ChecksumAlgorithm: checksum.checksumAlgorithm, ChecksumType: checksum.checksumType } : {}),
    };
  },
};
