import type { OperationTable } from '../operation.js';
import { createDataCatalog, deleteDataCatalog, getDataCatalog, listDataCatalogs, updateDataCatalog } from './data-catalogs.js';
import { getDatabase, getTableMetadata, listDatabases, listTableMetadata } from './metadata.js';
import { batchGetQueryExecution, getQueryExecution, listQueryExecutions, startQueryExecution, stopQueryExecution } from './query-executions.js';
import { getQueryResults, getQueryRuntimeStatistics } from './query-results.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import { createWorkGroup, deleteWorkGroup, getWorkGroup, listWorkGroups, updateWorkGroup } from './work-groups.js';

/** Athena operations implemented so far; the rest of the model answers NotImplemented. */
export const athenaOperations: OperationTable = {
  StartQueryExecution: startQueryExecution,
  GetQueryExecution: getQueryExecution,
  BatchGetQueryExecution: batchGetQueryExecution,
  ListQueryExecutions: listQueryExecutions,
  StopQueryExecution: stopQueryExecution,
  GetQueryResults: getQueryResults,
  GetQueryRuntimeStatistics: getQueryRuntimeStatistics,
  CreateWorkGroup: createWorkGroup,
  GetWorkGroup: getWorkGroup,
  ListWorkGroups: listWorkGroups,
  UpdateWorkGroup: updateWorkGroup,
  DeleteWorkGroup: deleteWorkGroup,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  ListDataCatalogs: listDataCatalogs,
  GetDataCatalog: getDataCatalog,
  CreateDataCatalog: createDataCatalog,
  UpdateDataCatalog: updateDataCatalog,
  DeleteDataCatalog: deleteDataCatalog,
  ListDatabases: listDatabases,
  GetDatabase: getDatabase,
  ListTableMetadata: listTableMetadata,
  GetTableMetadata: getTableMetadata,
};
