import { AwsError } from '../../../core/errors.js';
import { ErrorCategory, QueryFailure } from '../../../query-engine/types.js';

/** The request id a denial was recorded under (internal calls attach it), for `sagelite explain`. */
function requestIdOf(e: AwsError): string {
  return (e as AwsError & { requestId?: string }).requestId ?? 'unknown';
}

/** An access denial, or anything else a service refused, as it reads inside Athena's FAILED reason. */
function serviceDetail(e: AwsError, service: 'Amazon S3' | 'AWSGlue'): string {
  return `${e.message} (Service: ${service}; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${requestIdOf(e)})`;
}

const isDenial = (e: unknown): e is AwsError => e instanceof AwsError && (e.code === 'AccessDenied' || e.code === 'AccessDeniedException');

/**
 * A failed S3 read of the query's data: Athena reports the S3 error and the path it could not
 * read (`… (Path: s3://bucket/key)`). Errors that are not S3's refusals pass through.
 */
export function readFailure(e: unknown, path: string): unknown {
  if (!(e instanceof AwsError)) return e;
  if (isDenial(e)) return new QueryFailure(ErrorCategory.User, 1000, `Permission denied on S3 path: ${path}. ${serviceDetail(e, 'Amazon S3')}`);
  return new QueryFailure(ErrorCategory.User, 1000, `${serviceDetail(e, 'Amazon S3')} (Path: ${path})`);
}

/** A failed write of results or CTAS data: Athena's "Access denied when writing output to url" message. */
export function writeFailure(e: unknown, url: string): unknown {
  if (!(e instanceof AwsError)) return e;
  if (isDenial(e)) {
    return new QueryFailure(
      ErrorCategory.User,
      401,
      `Access denied when writing output to url: ${url} . Please ensure you are allowed to access the S3 bucket. If you are encrypting query results with KMS key, please ensure you are allowed to access your KMS key. ${serviceDetail(e, 'Amazon S3')}`,
    );
  }
  return new QueryFailure(ErrorCategory.User, 401, `Error writing output to url: ${url}. ${serviceDetail(e, 'Amazon S3')}`);
}

/** A refused Glue call: Athena reports insufficient permissions with Glue's own message. */
export function catalogFailure(e: unknown): unknown {
  if (!(e instanceof AwsError)) return e;
  if (isDenial(e)) return new QueryFailure(ErrorCategory.User, 1000, `Insufficient permissions to execute the query. ${serviceDetail(e, 'AWSGlue')}`);
  return new QueryFailure(ErrorCategory.User, 1000, serviceDetail(e, 'AWSGlue'));
}
