import { AwsError } from '../../core/errors.js';

/**
 * Athena's client errors, all HTTP 400. InvalidRequestException carries `AthenaErrorCode` where
 * Athena gives one; ResourceNotFoundException names the resource.
 */
export function invalidRequest(message: string, athenaErrorCode?: string): AwsError {
  return new AwsError('InvalidRequestException', 400, message, athenaErrorCode ? { AthenaErrorCode: athenaErrorCode } : {});
}

export function resourceNotFound(message: string, resourceName?: string): AwsError {
  return new AwsError('ResourceNotFoundException', 400, message, resourceName ? { ResourceName: resourceName } : {});
}

/** A Glue call made for a metadata operation failed: Athena reports it as MetadataException with Glue's words. */
export function metadataException(message: string): AwsError {
  return new AwsError('MetadataException', 400, message);
}

/** GetWorkGroup, UpdateWorkGroup, DeleteWorkGroup… of a work group that does not exist. */
export function workGroupNotFound(name: string): AwsError {
  return invalidRequest(`WorkGroup ${name} is not found.`);
}

/** A query id this account and region never had. */
export function queryExecutionNotFound(id: string): AwsError {
  return invalidRequest(`QueryExecution ${id} was not found`);
}

/**
 * StartQueryExecution past the account's "Active DML queries" quota (running and queued queries
 * count): Athena's TooManyRequestsException, HTTP 400, Reason CONCURRENT_QUERY_LIMIT_EXCEEDED.
 */
export function tooManyActiveQueries(): AwsError {
  return new AwsError(
    'TooManyRequestsException',
    400,
    'You have exceeded the limit for the number of queries you can run concurrently. Please reduce the number of concurrent queries submitted by this account. Contact customer support to request a concurrent query limit increase.',
    { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' },
  );
}
