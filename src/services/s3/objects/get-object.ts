import { AwsError } from '../../../core/errors.js';
import type { StoredObject } from '../../../storage/s3-objects.js';
import { bucketForAuthorization } from '../access.js';
import type { Operation, OperationContext } from '../../operation.js';
import { checkReadConditions } from './conditions.js';
import { s3Errors } from './errors.js';
import { storedObjectRequests, type ObjectAddress } from './object-access.js';
import { hasOverrides, objectHeaders, partRange, type ResponseOverrides } from './object-view.js';
import { contentRange, parseRange, type ByteRange } from './range.js';
import { checkCustomerKey, decipheredObject, encryptionOutput, openForRead } from './encryption/keys.js';
import type { SseCustomerInput } from './encryption/request.js';
import { readableVersion, versionIdOutput } from './versions.js';
import { lockOutput } from './object-lock.js';
import { expirationHeader } from '../lifecycle/rules.js';
import type { Bucket } from '../../../storage/s3.js';

export interface GetObjectInput extends ObjectAddress, ResponseOverrides, SseCustomerInput {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
  Range?: string;
  PartNumber?: number;
  ChecksumMode?: string;
  VersionId?: string;
}

/** What GetObject and HeadObject agree on: the object, the byte range, and the header members. */
interface ReadPlan {
  object: StoredObject;
  range?: ByteRange;
  output: Record<string, unknown>;
}

async function plan(input: GetObjectInput, ctx: OperationContext, method: string): Promise<ReadPlan> {
  const object = await readableVersion(ctx, input.Bucket, input.Key, input.VersionId, method);
  checkReadConditions(
    { ifMatch: input.IfMatch, ifNoneMatch: input.IfNoneMatch, ifModifiedSince: input.IfModifiedSince, ifUnmodifiedSince: input.IfUnmodifiedSince },
    object,
    ctx.clock.now(),
  );
  if (hasOverrides(input) && ctx.principal.kind === 'anonymous') {
    throw s3Errors.invalidRequest('Request specific response headers cannot be used for anonymous GET requests.');
  }
  let range: ByteRange | undefined;
  const extra: Record<string, unknown> = {};
  if (input.PartNumber !== undefined) {
    if (input.Range !== undefined) throw s3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
    if (!Number.isInteger(input.PartNumber) || input.PartNumber < 1 || input.PartNumber > 10_000) {
      throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(input.PartNumber));
    }
    range = partRange(object, input.PartNumber);
    if (!range) throw new AwsError('InvalidPartNumber', 416, 'The requested partnumber is not satisfiable', { PartNumberRequested: String(input.PartNumber), ActualPartCount: String(object.partSizes?.length ?? 1) });
    if (object.partSizes) extra['PartsCount'] = object.partSizes.length;
    if (object.size === 0) range = undefined;
  } else {
    range = parseRange(input.Range, object.size);
  }
  // A checksum describes the whole object: it is not sent with a part of it.
  const checksumMode = input.ChecksumMode === 'ENABLED' && (range === undefined || (range.start === 0 && range.end === object.size - 1 && input.PartNumber === undefined));
  const output: Record<string, unknown> = {
    ...objectHeaders(object, { overrides: input, checksumMode }),
    ...encryptionOutput(object.encryption),
    ...bucketAnswers(await bucketForAuthorization(ctx, input.Bucket), object, input.VersionId === undefined),
    ...lockOutput(object),
    ...extra,
    ContentLength: range ? range.end - range.start + 1 : object.size,
    ...(range ? { ContentRange: contentRange(range, object.size) } : {}),
  };
  return { object, ...(range ? { range } : {}), output };
}

/** What the bucket adds to a read's headers: the version id once it has versioning, and the current object's lifecycle expiry. */
function bucketAnswers(bucket: Bucket | undefined, object: StoredObject, current: boolean): Record<string, unknown> {
  const expiration = current ? expirationHeader(bucket?.lifecycle, object) : undefined;
  return { ...versionIdOutput(bucket, object), ...(expiration ? { Expiration: expiration } : {}) };
}

const readRequests = (input: GetObjectInput, ctx: OperationContext) =>
  storedObjectRequests(ctx, input, 's3:GetObject', { revealsExistence: true, ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}) });

/**
 * s3:GetObject — streams the object's file (a Range or partNumber reads only those bytes, 206),
 * after S3's conditional checks (412 / 304). The file is opened before answering, so an object
 * replaced meanwhile still reads whole and consistent.
 */
export const getObject: Operation<GetObjectInput, Record<string, unknown>> = {
  authorization: readRequests,
  async handle(input, ctx) {
    // A concurrent replace may remove the file between reading the metadata and opening it: look again.
    for (let attempt = 0; ; attempt++) {
      const { object, range, output } = await plan(input, ctx, 'GET');
      // An encrypted object opens only with its key: the customer's, or its data key as KMS decrypts it for this caller.
      const opened = await openForRead(ctx, input.Bucket, object, input);
      const reader = await ctx.state.s3Objects.blobs.open(object.blobId);
      if (!reader) {
        if (attempt < 3) continue;
        throw s3Errors.noSuchKey(input.Key);
      }
      if (object.size === 0) {
        await reader.close();
        return { ...output, Body: Buffer.alloc(0) };
      }
      const tagCount = object.tags.length > 0 ? { TagCount: object.tags.length } : {};
      if (!opened) return { ...output, ...tagCount, Body: reader.stream(range) };
      return { ...output, ...tagCount, Body: decipheredObject(reader, object, opened.key, range) };
    }
  },
};

/** s3:GetObject for HeadObject — GetObject's headers without the body; errors carry no body either. */
export const headObject: Operation<GetObjectInput, Record<string, unknown>> = {
  authorization: readRequests,
  async handle(input, ctx) {
    const { object, output } = await plan(input, ctx, 'HEAD');
    // HEAD needs an SSE-C object's key (S3 checks it), not KMS: its metadata is not encrypted.
    checkCustomerKey(object, input);
    return { ...output, ...(object.tags.length > 0 ? { TagCount: object.tags.length } : {}) };
  },
};
