import type { OperationTable } from '../operation.js';
import { bucketOperations } from './buckets/index.js';
import { objectOperations } from './objects/index.js';

/** S3 operations implemented so far: the bucket side and the object side; the rest answer NotImplemented. */
export const s3Operations: OperationTable = { ...bucketOperations, ...objectOperations };
