import type { OperationTable } from '../operation.js';
import { createDatabase, deleteDatabase, getDatabase, getDatabases, updateDatabase } from './databases.js';
import { batchCreatePartition, batchDeletePartition, batchGetPartition, createPartition, deletePartition, getPartition, getPartitions, updatePartition } from './partitions.js';
import { deleteResourcePolicy, getResourcePolicy, putResourcePolicy } from './resource-policies.js';
import { batchDeleteTable, createTable, deleteTable, getTable, getTables, updateTable } from './tables.js';

/** Glue Data Catalog operations implemented so far; the rest of the model answers NotImplemented. */
export const glueOperations: OperationTable = {
  CreateDatabase: createDatabase,
  GetDatabase: getDatabase,
  GetDatabases: getDatabases,
  UpdateDatabase: updateDatabase,
  DeleteDatabase: deleteDatabase,
  PutResourcePolicy: putResourcePolicy,
  GetResourcePolicy: getResourcePolicy,
  DeleteResourcePolicy: deleteResourcePolicy,
  CreateTable: createTable,
  GetTable: getTable,
  GetTables: getTables,
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  BatchDeleteTable: batchDeleteTable,
  CreatePartition: createPartition,
  BatchCreatePartition: batchCreatePartition,
  GetPartition: getPartition,
  GetPartitions: getPartitions,
  BatchGetPartition: batchGetPartition,
  UpdatePartition: updatePartition,
  DeletePartition: deletePartition,
  BatchDeletePartition: batchDeletePartition,
};
