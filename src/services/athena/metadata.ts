import { AwsError } from '../../core/errors.js';
import type { CatalogColumn, StorageDescriptor } from '../../storage/catalog.js';
import type { Operation, OperationContext } from '../operation.js';
import { onDataCatalog, paginate } from './arns.js';
import { catalogIdInput, glueCatalogOf } from './data-catalogs.js';
import { metadataException } from './errors.js';

/**
 * A Glue call made as the caller (Athena's metadata operations need glue:GetDatabases,
 * GetDatabase, GetTables, GetTable themselves). A refusal or a missing entity is Athena's
 * MetadataException with Glue's words and request id, as Athena reports a metastore's error.
 */
async function glue<O>(ctx: OperationContext, operation: string, input: Record<string, unknown>): Promise<O> {
  try {
    return await ctx.state.internal.call<O>(ctx.principal, 'glue', operation, input, { region: ctx.region });
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    const requestId = (e as AwsError & { requestId?: string }).requestId ?? ctx.requestId;
    throw metadataException(`${e.message} (Service: AWSGlue; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${requestId})`);
  }
}

/** Every page of a Glue list operation. */
async function glueAll<T>(ctx: OperationContext, operation: string, input: Record<string, unknown>, member: string): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await glue<Record<string, unknown>>(ctx, operation, { ...input, ...(token ? { NextToken: token } : {}) });
    out.push(...((page[member] as T[] | undefined) ?? []));
    token = page['NextToken'] as string | undefined;
  } while (token);
  return out;
}

interface GlueDatabase { Name: string; Description?: string; Parameters?: Record<string, string> }
interface GlueTable {
  Name: string;
  CreateTime?: Date;
  LastAccessTime?: Date;
  TableType?: string;
  StorageDescriptor?: StorageDescriptor;
  PartitionKeys?: CatalogColumn[];
  Parameters?: Record<string, string>;
}

/** Athena `Database`. */
function databaseView(d: GlueDatabase) {
  return { Name: d.Name, ...(d.Description !== undefined ? { Description: d.Description } : {}), Parameters: d.Parameters ?? {} };
}

const column = (c: CatalogColumn) => ({ Name: c.Name, ...(c.Type !== undefined ? { Type: c.Type } : {}), ...(c.Comment !== undefined ? { Comment: c.Comment } : {}) });

/**
 * Athena `TableMetadata`: Glue's table with its storage descriptor folded into Parameters the
 * way Athena shows it (`location`, `inputformat`, `outputformat`, `serde.serialization.lib`,
 * `serde.param.*`).
 */
function tableMetadataView(t: GlueTable) {
  const sd = t.StorageDescriptor ?? {};
  const parameters: Record<string, string> = { ...(t.Parameters ?? {}) };
  if (sd.Location !== undefined) parameters['location'] = sd.Location;
  if (sd.InputFormat !== undefined) parameters['inputformat'] = sd.InputFormat;
  if (sd.OutputFormat !== undefined) parameters['outputformat'] = sd.OutputFormat;
  if (sd.SerdeInfo?.SerializationLibrary !== undefined) parameters['serde.serialization.lib'] = sd.SerdeInfo.SerializationLibrary;
  for (const [k, v] of Object.entries(sd.SerdeInfo?.Parameters ?? {})) parameters[`serde.param.${k}`] = v;
  return {
    Name: t.Name,
    ...(t.CreateTime ? { CreateTime: t.CreateTime } : {}),
    ...(t.LastAccessTime ? { LastAccessTime: t.LastAccessTime } : {}),
    ...(t.TableType !== undefined ? { TableType: t.TableType } : {}),
    Columns: (sd.Columns ?? []).map(column),
    PartitionKeys: (t.PartitionKeys ?? []).map(column),
    Parameters: parameters,
  };
}

/** athena:ListDatabases on the catalog, then glue:GetDatabases as the caller; pages of up to 50. */
export const listDatabases: Operation<{ CatalogName: string; NextToken?: string; MaxResults?: number; WorkGroup?: string }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:ListDatabases', input.CatalogName),
  async handle(input, ctx) {
    const catalog = catalogIdInput(ctx, await glueCatalogOf(ctx, input.CatalogName));
    const all = await glueAll<GlueDatabase>(ctx, 'GetDatabases', catalog, 'DatabaseList');
    const { items, NextToken } = paginate('ListDatabases', '', all, input.NextToken, input.MaxResults, 50);
    return { DatabaseList: items.map(databaseView), ...(NextToken ? { NextToken } : {}) };
  },
};

/** athena:GetDatabase on the catalog, then glue:GetDatabase as the caller. */
export const getDatabase: Operation<{ CatalogName: string; DatabaseName: string; WorkGroup?: string }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:GetDatabase', input.CatalogName),
  async handle(input, ctx) {
    const catalog = catalogIdInput(ctx, await glueCatalogOf(ctx, input.CatalogName));
    const out = await glue<{ Database: GlueDatabase }>(ctx, 'GetDatabase', { ...catalog, Name: input.DatabaseName });
    return { Database: databaseView(out.Database) };
  },
};

/** athena:ListTableMetadata on the catalog, then glue:GetTables (with the name Expression) as the caller; pages of up to 50. */
export const listTableMetadata: Operation<{ CatalogName: string; DatabaseName: string; Expression?: string; NextToken?: string; MaxResults?: number; WorkGroup?: string }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:ListTableMetadata', input.CatalogName),
  async handle(input, ctx) {
    const catalog = catalogIdInput(ctx, await glueCatalogOf(ctx, input.CatalogName));
    const filter = input.Expression ? { Expression: input.Expression } : {};
    const all = await glueAll<GlueTable>(ctx, 'GetTables', { ...catalog, DatabaseName: input.DatabaseName, ...filter }, 'TableList');
    const { items, NextToken } = paginate('ListTableMetadata', `${input.DatabaseName}:${input.Expression ?? ''}`, all, input.NextToken, input.MaxResults, 50);
    return { TableMetadataList: items.map(tableMetadataView), ...(NextToken ? { NextToken } : {}) };
  },
};

/** athena:GetTableMetadata on the catalog, then glue:GetTable as the caller. */
export const getTableMetadata: Operation<{ CatalogName: string; DatabaseName: string; TableName: string; WorkGroup?: string }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:GetTableMetadata', input.CatalogName),
  async handle(input, ctx) {
    const catalog = catalogIdInput(ctx, await glueCatalogOf(ctx, input.CatalogName));
    const out = await glue<{ Table: GlueTable }>(ctx, 'GetTable', { ...catalog, DatabaseName: input.DatabaseName, Name: input.TableName });
    return { TableMetadata: tableMetadataView(out.Table) };
  },
};
