import type { Operation, OperationContext } from '../operation.js';
import { onAnyResource, onDataCatalog, paginate } from './arns.js';
import { invalidRequest } from './errors.js';

/** The one catalog sagelite's Athena has: the account's Glue Data Catalog. */
export const AWS_DATA_CATALOG = 'AwsDataCatalog';

/** Athena matches catalog names without regard to case. */
export function checkCatalog(name: string): void {
  if (name.toLowerCase() !== AWS_DATA_CATALOG.toLowerCase()) throw invalidRequest(`DataCatalog ${name} was not found.`);
}

function dataCatalogView(ctx: OperationContext) {
  return { Name: AWS_DATA_CATALOG, Description: 'AWS Glue Data Catalog', Type: 'GLUE', Parameters: { 'catalog-id': ctx.principal.accountId } };
}

/** athena:ListDataCatalogs (asked on `*`): AwsDataCatalog, of type GLUE. */
export const listDataCatalogs: Operation<{ NextToken?: string; MaxResults?: number; WorkGroup?: string }> = {
  authorization: () => onAnyResource('athena:ListDataCatalogs'),
  handle(input) {
    const { items, NextToken } = paginate('ListDataCatalogs', '', [{ CatalogName: AWS_DATA_CATALOG, Type: 'GLUE' }], input.NextToken, input.MaxResults, 50);
    return { DataCatalogsSummary: items, ...(NextToken ? { NextToken } : {}) };
  },
};

/** athena:GetDataCatalog on the catalog. */
export const getDataCatalog: Operation<{ Name: string; WorkGroup?: string }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:GetDataCatalog', input.Name),
  handle(input, ctx) {
    checkCatalog(input.Name);
    return { DataCatalog: dataCatalogView(ctx) };
  },
};
