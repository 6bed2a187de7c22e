import { AwsError } from '../../../core/errors.js';
import type { ContentHeaders, ObjectTag } from '../../../storage/s3-objects.js';
import { s3Errors } from './errors.js';

/** The content-header members of PutObject, CopyObject and CreateMultipartUpload. */
export interface ContentHeaderInput {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
}

/**
 * The Content-Encoding S3 keeps: `aws-chunked` describes how this request's body was framed,
 * not the object, so S3 drops it (`gzip, aws-chunked` is kept as `gzip`; `aws-chunked` alone as none).
 */
export function storedContentEncoding(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const kept = header.split(',').map((t) => t.trim()).filter((t) => t !== '' && t.toLowerCase() !== 'aws-chunked');
  return kept.length > 0 ? kept.join(', ') : header.trim() === '' ? header : undefined;
}

/** What S3 records when a writer sends no Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export function contentHeaders(input: ContentHeaderInput): ContentHeaders {
  const out: ContentHeaders = { contentType: input.ContentType ?? DEFAULT_CONTENT_TYPE };
  const encoding = storedContentEncoding(input.ContentEncoding);
  if (encoding !== undefined) out.contentEncoding = encoding;
  if (input.ContentDisposition !== undefined) out.contentDisposition = input.ContentDisposition;
  if (input.ContentLanguage !== undefined) out.contentLanguage = input.ContentLanguage;
  if (input.CacheControl !== undefined) out.cacheControl = input.CacheControl;
  if (input.Expires !== undefined) out.expires = input.Expires;
  if (input.WebsiteRedirectLocation !== undefined) out.websiteRedirectLocation = input.WebsiteRedirectLocation;
  return out;
}

/** S3 keys are at most 1,024 bytes of UTF-8. */
export function checkKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > 1024) throw s3Errors.keyTooLong(size);
}

/** User metadata (x-amz-meta-* names and values) is at most 2 KB, counted in UTF-8 bytes. */
export function checkMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const m = metadata ?? {};
  const size = Object.entries(m).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > 2048) throw s3Errors.metadataTooLarge(size);
  return m;
}

/** Checks an object tag set as S3 does: at most 10 tags, keys ≤ 128 and values ≤ 256 characters, no repeats, no `aws:`. */
export function checkTags(tags: ObjectTag[]): ObjectTag[] {
  if (tags.length > 10) throw new AwsError('BadRequest', 400, 'Object tags cannot be greater than 10');
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.length === 0 || t.Key.length > 128) throw s3Errors.invalidTag('The TagKey you have provided is invalid');
    if (t.Value.length > 256) throw s3Errors.invalidTag('The TagValue you have provided is invalid');
    if (t.Key.toLowerCase().startsWith('aws:')) throw s3Errors.invalidTag('Your TagKey cannot be prefixed with aws:');
    if (seen.has(t.Key)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
  }
  return tags;
}

/** The x-amz-tagging header: URL query syntax (`k1=v1&k2=v2`). */
export function tagsFromHeader(header: string | undefined): ObjectTag[] {
  if (header === undefined || header === '') return [];
  const tags = [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));
  return checkTags(tags);
}
