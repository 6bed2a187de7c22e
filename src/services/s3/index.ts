import type { OperationTable } from '../operation.js';
import { bucketOperations } from './buckets/index.js';
import { objectOperations } from './objects/index.js';
import { POST_OBJECT } from './post-object/model.js';
import { postObject } from './post-object/post-object.js';

/**
 * S3 operations implemented so far: the bucket side, the object side, and the browser form
 * upload (POST Object, which no SDK model has: post-object/model.ts); the rest answer NotImplemented.
 */
export const s3Operations: OperationTable = { ...bucketOperations, ...objectOperations, [POST_OBJECT]: postObject };
