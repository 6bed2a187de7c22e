import type { StoredObject } from '../../../storage/s3-objects.js';
import type { Operation } from '../../operation.js';
import { checksumOutput, isChecksumName } from './checksum.js';
import { commitObject, writeCondition } from './commit.js';
import { shownVersionId } from './versions.js';
import { bucketForAuthorization } from '../access.js';
import { copyBytes, copySourceRequests, MAX_COPY_SOURCE_BYTES, openCopySource, readCopySource, type CopySourceInput } from './copy-source.js';
import { sealForWrite } from './encryption/keys.js';
import { writeEncryption } from './encryption/request.js';
import { s3Errors } from './errors.js';
import { quoted } from './object-view.js';
import { modifiedNow, newObjectFields, newObjectRequests, type NewObjectInput } from './put-object.js';
import { expirationOutput } from '../lifecycle/rules.js';

/** A member present only with a value. */
const optional = (name: string, value: string | undefined): Record<string, string> => (value !== undefined ? { [name]: value } : {});

export interface CopyObjectInput extends NewObjectInput, CopySourceInput {
  MetadataDirective?: string;
  TaggingDirective?: string;
  ChecksumAlgorithm?: string;
  IfMatch?: string;
  IfNoneMatch?: string;
}

function directive(value: string | undefined, name: string): 'COPY' | 'REPLACE' {
  if (value === undefined) return 'COPY';
  if (value !== 'COPY' && value !== 'REPLACE') throw s3Errors.invalidArgument(`Unknown ${name} directive.`, `x-amz-${name}-directive`, value);
  return value;
}

/**
 * s3:GetObject on the source and s3:PutObject on the target — CopyObject: the source's bytes
 * into a new object, with the source's metadata and tags (COPY, the default) or the request's
 * (REPLACE). The target's owner and ACL follow the target bucket's rules, as for PutObject.
 */
export const copyObject: Operation<CopyObjectInput, Record<string, unknown>> = {
  async authorization(input, ctx) {
    const target = await newObjectRequests(input, ctx);
    for (const r of target) {
      r.context = {
        ...r.context,
        's3:x-amz-copy-source': input.CopySource,
        ...(input.MetadataDirective !== undefined ? { 's3:x-amz-metadata-directive': input.MetadataDirective } : {}),
      };
    }
    return [...(await copySourceRequests(ctx, input)), ...target];
  },
  async handle(input, ctx) {
    const metadataDirective = directive(input.MetadataDirective, 'metadata');
    const taggingDirective = directive(input.TaggingDirective, 'tagging');
    const { bucket, fields } = await newObjectFields(ctx, input);
    const { source, object: from } = await readCopySource(ctx, input);
    if (from.size > MAX_COPY_SOURCE_BYTES) {
      throw s3Errors.invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE_BYTES}`);
    }
    const sameObject = source.bucket === input.Bucket && source.key === input.Key && source.versionId === undefined;
    const newEncryption = input.ServerSideEncryption !== undefined || input.SSECustomerAlgorithm !== undefined;
    if (sameObject && metadataDirective === 'COPY' && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined && !newEncryption) {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const requested = input.ChecksumAlgorithm?.toUpperCase();
    if (requested !== undefined && !isChecksumName(requested)) throw s3Errors.invalidRequest('Value for x-amz-checksum-algorithm header is invalid.');
    const algorithm = requested ?? from.checksum?.algorithm;
    const store = ctx.state.s3Objects;
    const condition = writeCondition(input);
    if (condition) condition(await store.meta.getObject(input.Bucket, input.Key));
    const opened = await openCopySource(ctx, source, from, input);
    const sealed = await sealForWrite(ctx, bucket, writeEncryption(input, bucket, input.Key));
    const body = await copyBytes(store, from, undefined, algorithm, { ...(opened ? { source: opened } : {}), ...(sealed.cipher ? { cipher: sealed.cipher } : {}) });
    const object: StoredObject = {
      ...fields,
      ...(metadataDirective === 'COPY' ? { headers: from.headers, metadata: from.metadata } : {}),
      ...(taggingDirective === 'COPY' ? { tags: from.tags } : {}),
      size: body.size,
      etag: body.md5Hex,
      lastModified: modifiedNow(ctx),
      blobId: body.blobId,
      ...(body.checksum ? { checksum: { ...body.checksum, type: 'FULL_OBJECT' as const } } : {}),
      ...(sealed.encryption.type !== 'AES256' ? { encryption: sealed.encryption } : {}),
    };
    const version = await commitObject(ctx, bucket, object, condition);
    return {
      CopyObjectResult: { ETag: quoted(object.etag), LastModified: object.lastModified, ...checksumOutput(object.checksum) },
      ...sealed.output,
      ...version,
      ...expirationOutput(bucket.lifecycle, object),
      ...optional('CopySourceVersionId', shownVersionId(await bucketForAuthorization(ctx, source.bucket), from)),
    };
  },
};
