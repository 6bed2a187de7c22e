import type { OperationTable } from '../operation.js';
import { batchGetRecord } from './batch-get-record.js';
import { batchWriteRecord } from './batch-write-record.js';
import { deleteRecord } from './delete-record.js';
import { getRecord } from './get-record.js';
import { listRecords } from './list-records.js';
import { putRecord } from './put-record.js';
import { updateRecord } from './update-record.js';

/** The SageMaker Feature Store runtime (rest-json, signed as `sagemaker`): the whole 2020-07-01 model. */
export const featureStoreRuntimeOperations: OperationTable = {
  BatchGetRecord: batchGetRecord,
  BatchWriteRecord: batchWriteRecord,
  DeleteRecord: deleteRecord,
  GetRecord: getRecord,
  ListRecords: listRecords,
  PutRecord: putRecord,
  UpdateRecord: updateRecord,
};
