import type { OperationTable } from '../../operation.js';

/** Bucket-level S3 operations (CreateBucket, bucket policy, ownership, ACLs, tagging, …). */
export const bucketOperations: OperationTable = {};
