import { AwsError } from '../../core/errors.js';

/**
 * The runtime's errors. AWS's observed codes differ by cause: a missing group on PutRecord is
 * `ValidationError` "Resource Not Found: …" (sagemaker-python-sdk#2606), record-content problems
 * come back as `ValidationException` (sagemaker-python-sdk#2252; DeleteRecord's documentation
 * names it for a stale HardDelete), and GetRecord models `ResourceNotFound` (404). Feature Store
 * words its messages "<Kind>: <detail>"; the details are sagelite's where AWS's are unpublished.
 */
export function invalidRecord(detail: string): AwsError {
  return new AwsError('ValidationException', 400, `Validation Error: ${detail}`);
}

/** A request that does not fit the group's configuration (stores, status). */
export function invalidForGroup(detail: string): AwsError {
  return new AwsError('ValidationError', 400, `Validation Error: ${detail}`);
}

/** Feature Store's text for a group it cannot find (the name or ARN as the request gave it). */
export function notFoundMessage(nameOrArn: string): string {
  return `Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name ${nameOrArn}`;
}

/** The single-group runtime operations. */
export type RuntimeOperation = 'GetRecord' | 'PutRecord' | 'DeleteRecord' | 'UpdateRecord' | 'ListRecords' | 'BatchWriteRecord';

/**
 * A group that does not exist: ResourceNotFound (404) where the model lists it (GetRecord,
 * UpdateRecord, ListRecords, and BatchWriteRecord's per-entry errors, as BatchGetRecord's);
 * ValidationError for PutRecord and DeleteRecord, as observed.
 */
export function groupNotFound(nameOrArn: string, operation: RuntimeOperation): AwsError {
  return operation !== 'PutRecord' && operation !== 'DeleteRecord'
    ? new AwsError('ResourceNotFound', 404, notFoundMessage(nameOrArn))
    : new AwsError('ValidationError', 400, notFoundMessage(nameOrArn));
}
