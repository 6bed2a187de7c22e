import type { ContextValue } from '../../../auth/policy/types.js';
import type { StoredObject } from '../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../operation.js';
import { bucketRequests } from '../access.js';
import { s3Errors } from './errors.js';
import { decodeContinuationToken, effectiveMaxKeys, encodeContinuationToken, listPage, urlEncodeKey, type ListPage } from './list.js';
import { quoted } from './object-view.js';

export interface ListInputBase {
  Bucket: string;
  ExpectedBucketOwner?: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  EncodingType?: string;
}

export interface ListObjectsInput extends ListInputBase {
  Marker?: string;
}

export interface ListObjectsV2Input extends ListInputBase {
  ContinuationToken?: string;
  StartAfter?: string;
  FetchOwner?: boolean;
}

/** `action` on the bucket with a listing's condition keys (s3:prefix, s3:delimiter, s3:max-keys): ListObjects' and ListObjectVersions'. */
export function listingRequests(action: string) {
  return (input: ListInputBase, ctx: OperationContext) => {
    const context: Record<string, ContextValue> = {};
    if (input.Prefix !== undefined) context['s3:prefix'] = input.Prefix;
    if (input.Delimiter !== undefined) context['s3:delimiter'] = input.Delimiter;
    if (input.MaxKeys !== undefined) context['s3:max-keys'] = input.MaxKeys;
    return bucketRequests(ctx, input.Bucket, action, { ...(input.ExpectedBucketOwner !== undefined ? { expectedOwner: input.ExpectedBucketOwner } : {}), context });
  };
}

/** s3:ListBucket for ListObjects and ListObjectsV2. */
const listRequests = listingRequests('s3:ListBucket');

function encoder(input: ListInputBase): (text: string) => string {
  if (input.EncodingType === undefined) return (t) => t;
  if (input.EncodingType !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', input.EncodingType);
  return urlEncodeKey;
}

function page(input: ListInputBase, ctx: OperationContext, after: string | undefined): Promise<ListPage> {
  const prefix = input.Prefix ?? '';
  const meta = ctx.state.s3Objects.meta;
  return listPage((position, limit) => meta.listObjects(input.Bucket, { prefix, ...(position !== undefined ? { after: position } : {}), limit }), {
    prefix,
    ...(input.Delimiter ? { delimiter: input.Delimiter } : {}),
    ...(after !== undefined ? { after } : {}),
    maxKeys: effectiveMaxKeys(input.MaxKeys),
  });
}

function contents(objects: StoredObject[], encode: (t: string) => string, withOwner: boolean) {
  return objects.map((o) => ({
    Key: encode(o.key),
    LastModified: o.lastModified,
    ETag: quoted(o.etag),
    ...(o.checksum ? { ChecksumAlgorithm: [o.checksum.algorithm], ChecksumType: o.checksum.type } : {}),
    Size: o.size,
    StorageClass: o.storageClass,
    ...(withOwner ? { Owner: { ID: o.ownerCanonicalId } } : {}),
  }));
}

/**
 * The members both listings answer. `encodePrefix`: ListObjectsV2 URL-encodes Prefix under
 * encoding-type=url, ListObjects (v1) does not (botocore decodes v1's Prefix not, v2's yes).
 */
function common(input: ListInputBase, p: ListPage, encode: (t: string) => string, encodePrefix: boolean) {
  return {
    Name: input.Bucket,
    Prefix: encodePrefix ? encode(input.Prefix ?? '') : input.Prefix ?? '',
    ...(input.Delimiter ? { Delimiter: encode(input.Delimiter) } : {}),
    MaxKeys: effectiveMaxKeys(input.MaxKeys),
    ...(p.commonPrefixes.length > 0 ? { CommonPrefixes: p.commonPrefixes.map((cp) => ({ Prefix: encode(cp) })) } : {}),
    ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
    IsTruncated: p.isTruncated,
  };
}

/**
 * s3:ListBucket — ListObjects (v1): keys in UTF-8 order after Marker, rolled up under Delimiter;
 * NextMarker only when a delimiter was given and the list is truncated (clients otherwise resume
 * from the last key), Owner on every entry.
 */
export const listObjects: Operation<ListObjectsInput, Record<string, unknown>> = {
  authorization: listRequests,
  async handle(input, ctx) {
    const encode = encoder(input);
    const p = await page(input, ctx, input.Marker || undefined);
    return {
      ...common(input, p, encode, false),
      Marker: encode(input.Marker ?? ''),
      ...(input.Delimiter && p.isTruncated && p.last !== undefined ? { NextMarker: encode(p.last) } : {}),
      ...(p.contents.length > 0 ? { Contents: contents(p.contents, encode, true) } : {}),
    };
  },
};

/**
 * s3:ListBucket — ListObjectsV2: resumes after the continuation token (an opaque form of the last
 * key or prefix returned) or else after StartAfter; KeyCount counts keys and prefixes; Owner only
 * with FetchOwner.
 */
export const listObjectsV2: Operation<ListObjectsV2Input, Record<string, unknown>> = {
  authorization: listRequests,
  async handle(input, ctx) {
    const encode = encoder(input);
    const after = input.ContinuationToken !== undefined ? decodeContinuationToken(input.ContinuationToken) : input.StartAfter || undefined;
    const p = await page(input, ctx, after);
    return {
      ...common(input, p, encode, true),
      ...(p.contents.length > 0 ? { Contents: contents(p.contents, encode, input.FetchOwner === true) } : {}),
      KeyCount: p.contents.length + p.commonPrefixes.length,
      ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(p.isTruncated && p.last !== undefined ? { NextContinuationToken: encodeContinuationToken(p.last) } : {}),
      ...(input.StartAfter !== undefined ? { StartAfter: encode(input.StartAfter) } : {}),
    };
  },
};
