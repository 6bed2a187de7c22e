import { splitS3Uri, type S3Location } from '../../../core/s3-uri.js';
import { ErrorCategory, QueryFailure } from '../../../query-engine/types.js';

/**
 * Splits an S3 URI; anything else is the query's fault (Athena answers with the bad location).
 *
 * @example
 * parseS3Uri('s3://results/athena/q.csv') // { bucket: 'results', key: 'athena/q.csv' }
 */
export function parseS3Uri(uri: string): S3Location {
  const location = splitS3Uri(uri);
  if (!location) throw new QueryFailure(ErrorCategory.User, 1000, `Invalid S3 location: ${uri}`);
  return { bucket: location.bucket, key: location.key };
}

/** The prefix objects "under" a location share: its key with one trailing slash (empty for a whole bucket). */
export function prefixOf(location: S3Location): string {
  return location.key === '' || location.key.endsWith('/') ? location.key : `${location.key}/`;
}

export const s3Uri = (bucket: string, key: string) => `s3://${bucket}/${key}`;
