import { AwsError } from '../core/errors.js';
import type { AuthFamily } from '../protocols/auth-errors.js';
import type { ServiceId } from './services.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The largest request body each service reads into memory, checked against Content-Length
 * before a byte is read and again while reading (a chunked body declares none). Sources and
 * reasoning: docs/security/gateway.md. AWS documents a request-size limit for none of these APIs,
 * so each bound is the service's largest documented input, with room for its encoding:
 * - sts: the largest input is a SAML assertion (model max 100,000 characters), URL-encoded.
 * - iam: a policy document is at most 131,072 characters (model), ×3 when percent-encoded.
 * - sagemaker: CreateFeatureGroup's 2,500 feature definitions (feature-store quotas) are ~0.5 MB of JSON.
 * - featurestore-runtime: a record is at most 350 KB (feature-store quotas); JSON escaping can
 *   grow a string up to six times (\u00XX), so 350 KB × 6 ≈ 2.1 MB.
 * - glue: no documented request limit; Glue refuses ~180 KB StartJobRun requests with
 *   "Request size limit exceeded" (awsdocs/aws-glue-developer-guide#55); partitions batches of 100.
 * - athena: a query string is at most 262,144 bytes (Athena quotas), JSON-escaped.
 * - s3: only operations that do not stream (policies, tagging, DeleteObjects of 1,000 keys,
 *   CompleteMultipartUpload of 10,000 parts) are bounded here; uploads stream.
 */
const LIMITS: ReadonlyMap<ServiceId, number> = new Map<ServiceId, number>([
  ['sts', 1 * MiB],
  ['iam', 2 * MiB],
  ['sagemaker', 2 * MiB],
  ['featurestore-runtime', 4 * MiB],
  ['glue', 2 * MiB],
  ['athena', 2 * MiB],
  ['ram', 1 * MiB],
  ['kms', 1 * MiB],
  ['s3', 16 * MiB],
  ['admin', 1 * MiB],
]);

/**
 * S3 operations whose body is a bucket's or version's small configuration document, read whole
 * and parsed before anything is authorized: no more than their documents need (S3's 64 KB CORS
 * configuration with room for layout; Ceph RGW's 1 MB for other configuration bodies, which a
 * thousand lifecycle rules fit), since parsing a 16 MB XML body holds the event loop for seconds.
 */
const S3_CONFIGURATION_LIMITS: ReadonlyMap<string, number> = new Map([
  ['PutBucketCors', 128 * KiB],
  ['PutBucketLifecycleConfiguration', 1 * MiB],
  ['PutBucketVersioning', 64 * KiB],
  ['PutObjectLockConfiguration', 64 * KiB],
  ['PutObjectRetention', 64 * KiB],
  ['PutObjectLegalHold', 64 * KiB],
  // The same for the older small documents: at most 50 tags, 100 grants, one rule each.
  ['PutBucketTagging', 64 * KiB],
  ['PutObjectTagging', 64 * KiB],
  ['PutBucketAcl', 64 * KiB],
  ['PutObjectAcl', 64 * KiB],
  ['PutBucketEncryption', 64 * KiB],
  ['PutBucketLogging', 64 * KiB],
  ['PutPublicAccessBlock', 64 * KiB],
  ['PutBucketOwnershipControls', 64 * KiB],
]);

/** The largest body the service (an S3 configuration operation: less) reads whole; never above the server's own configured bound. */
export function bodyLimit(service: ServiceId, configured: number, operation?: string): number {
  const own = service === 's3' && operation !== undefined ? S3_CONFIGURATION_LIMITS.get(operation) : undefined;
  return Math.min(own ?? LIMITS.get(service) ?? MiB, configured);
}

/**
 * AWS's refusal of an oversize request. AWS fronts answer 413 before the service sees it; the
 * codes are the ones AWS services use for it (Lambda's RequestEntityTooLargeException on JSON
 * APIs, S3's EntityTooLarge / MaxMessageLengthExceeded family on S3).
 */
export function requestTooLarge(family: AuthFamily, limit: number): AwsError {
  const message = `Request must be smaller than ${limit} bytes.`;
  if (family === 'json') return new AwsError('RequestEntityTooLargeException', 413, message);
  if (family === 's3') return new AwsError('MaxMessageLengthExceeded', 400, 'Your request was too big.');
  return new AwsError('RequestEntityTooLarge', 413, message);
}
