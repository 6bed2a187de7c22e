import { ErrorCategory, QueryFailure } from '../../../query-engine/types.js';

/** An `s3://bucket/key-or-prefix` location. */
export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * Splits an S3 URI; anything else is the query's fault (Athena answers with the bad location).
 *
 * @example
 * parseS3Uri('s3://results/athena/q.csv') // { bucket: 'results', key: 'athena/q.csv' }
 */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3a?n?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new QueryFailure(ErrorCategory.User, 1000, `Invalid S3 location: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** The prefix objects "under" a location share: its key with one trailing slash (empty for a whole bucket). */
export function prefixOf(location: S3Location): string {
  return location.key === '' || location.key.endsWith('/') ? location.key : `${location.key}/`;
}

export const s3Uri = (bucket: string, key: string) => `s3://${bucket}/${key}`;
