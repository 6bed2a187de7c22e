import { s3Errors } from './errors.js';

export interface ReadConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
}

/** Whether an If-Match / If-None-Match list (`"a", "b"`, `*`, weak `W/"a"`) names this ETag. */
export function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const tag = item.trim().replace(/^W\//, '');
    return tag === '*' || tag.replace(/^"(.*)"$/, '$1') === etag;
  });
}

/** HTTP dates have one-second precision: compare whole seconds, as S3 does. */
function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/**
 * Evaluates GetObject/HeadObject's conditional headers against an object, with S3's (RFC 9110's)
 * precedence: If-Match, else If-Unmodified-Since, decides 412 first; then If-None-Match, else
 * If-Modified-Since, decides 304. An If-Match that holds overrides a failing
 * If-Unmodified-Since, and a failing If-None-Match wins over an If-Modified-Since that holds.
 * A date in the future is ignored, as HTTP says.
 *
 * With `copySource` the names are the x-amz-copy-source-if-* headers and every failure is 412
 * (CopyObject and UploadPartCopy).
 */
export function checkReadConditions(c: ReadConditions, object: { etag: string; lastModified: Date }, now: Date, copySource = false): void {
  const prefix = copySource ? 'x-amz-copy-source-' : '';
  const name = (header: string) => (copySource ? prefix + header.toLowerCase() : header);
  const modified = seconds(object.lastModified);
  const valid = (d: Date | undefined): d is Date => d !== undefined && !Number.isNaN(d.getTime()) && d.getTime() <= now.getTime();
  if (c.ifMatch !== undefined) {
    if (!etagListMatches(c.ifMatch, object.etag)) throw s3Errors.preconditionFailed(name('If-Match'));
  } else if (valid(c.ifUnmodifiedSince) && modified > seconds(c.ifUnmodifiedSince)) {
    throw s3Errors.preconditionFailed(name('If-Unmodified-Since'));
  }
  const notModified = copySource ? (h: string) => s3Errors.preconditionFailed(name(h)) : () => s3Errors.notModified(object);
  if (c.ifNoneMatch !== undefined) {
    if (etagListMatches(c.ifNoneMatch, object.etag)) throw notModified('If-None-Match');
  } else if (valid(c.ifModifiedSince) && modified <= seconds(c.ifModifiedSince)) {
    throw notModified('If-Modified-Since');
  }
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload): `If-None-Match: *` refuses to
 * overwrite, `If-Match: "etag"` writes only over that ETag (and 404 when there is no object).
 */
export function checkWriteConditions(c: { ifMatch?: string; ifNoneMatch?: string }, key: string, current: { etag: string } | undefined): void {
  if (c.ifNoneMatch !== undefined) {
    if (c.ifNoneMatch.trim() !== '*') throw s3Errors.notImplementedHeader('If-None-Match');
    if (current) throw s3Errors.preconditionFailed('If-None-Match');
  }
  if (c.ifMatch !== undefined) {
    if (!current) throw s3Errors.noSuchKey(key);
    if (!etagListMatches(c.ifMatch, current.etag)) throw s3Errors.preconditionFailed('If-Match');
  }
}
