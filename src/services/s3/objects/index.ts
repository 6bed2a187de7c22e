import type { OperationTable } from '../../operation.js';

/** Object-level S3 operations (PutObject, GetObject, listing, multipart, object ACLs, …). */
export const objectOperations: OperationTable = {};
