import { CatalogEntityExistsError, type TableDefinition } from '../../storage/catalog.js';
import type { Operation, OperationContext } from '../operation.js';
import { catalogOf, onCatalog, paginate } from './catalog-ref.js';
import { alreadyExists, databaseNotFound, invalidInput, tableNotFound } from './errors.js';
import { namePattern } from './name-pattern.js';
import { tableView } from './views.js';

const MEMBERS = ['Description', 'Owner', 'Retention', 'StorageDescriptor', 'PartitionKeys', 'ViewOriginalText', 'ViewExpandedText', 'TableType', 'Parameters'] as const;

/** Glue's TableInput, only the members the catalog keeps. */
function definition(input: TableDefinition | undefined): TableDefinition {
  if (!input?.Name) throw invalidInput('TableInput.Name is required.');
  const out: TableDefinition = { Name: input.Name };
  for (const m of MEMBERS) if (input[m] !== undefined) (out as unknown as Record<string, unknown>)[m] = input[m];
  return out;
}

/** The catalog id, after checking the database exists (Glue answers "Database x not found." first). */
export async function existingDatabase(ctx: OperationContext, catalogId: string | undefined, database: string): Promise<string> {
  const catalog = catalogOf(ctx, catalogId);
  if (!(await ctx.state.catalog.getDatabase(catalog, ctx.region, database))) throw databaseNotFound(database);
  return catalog;
}

interface TableRef { CatalogId?: string; DatabaseName: string; Name: string }

/** glue:CreateTable on the catalog, the database and the new table. */
export const createTable: Operation<{ CatalogId?: string; DatabaseName: string; TableInput: TableDefinition }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:CreateTable', input.CatalogId, input.DatabaseName, [input.TableInput?.Name ?? '']),
  async handle(input, ctx) {
    const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
    try {
      await ctx.state.catalog.createTable(catalog, ctx.region, input.DatabaseName, definition(input.TableInput), ctx.principal.arn);
    } catch (e) {
      if (e instanceof CatalogEntityExistsError) throw alreadyExists('Table already exists.');
      throw e;
    }
    return {};
  },
};

/** glue:GetTable on the catalog, the database and the table. */
export const getTable: Operation<TableRef> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:GetTable', input.CatalogId, input.DatabaseName, [input.Name]),
  async handle(input, ctx) {
    const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
    const table = await ctx.state.catalog.getTable(catalog, ctx.region, input.DatabaseName, input.Name);
    if (!table) throw tableNotFound(input.Name);
    return { Table: tableView(table) };
  },
};

/** glue:GetTables on the catalog, the database and its tables (`table/DB/*`), filtered by Expression, in pages of up to 100. */
export const getTables: Operation<{ CatalogId?: string; DatabaseName: string; Expression?: string; NextToken?: string; MaxResults?: number }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:GetTables', input.CatalogId, input.DatabaseName, ['*']),
  async handle(input, ctx) {
    const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
    let all = await ctx.state.catalog.listTables(catalog, ctx.region, input.DatabaseName);
    if (input.Expression !== undefined && input.Expression !== '') {
      const pattern = namePattern(input.Expression);
      all = all.filter((t) => pattern.test(t.Name));
    }
    const { items, NextToken } = paginate('GetTables', all, input.NextToken, input.MaxResults, 100);
    return { TableList: items.map(tableView), ...(NextToken ? { NextToken } : {}) };
  },
};

/** glue:UpdateTable: replaces the definition, bumping VersionId. */
export const updateTable: Operation<{ CatalogId?: string; DatabaseName: string; TableInput: TableDefinition }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:UpdateTable', input.CatalogId, input.DatabaseName, [input.TableInput?.Name ?? '']),
  async handle(input, ctx) {
    const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
    const def = definition(input.TableInput);
    if (!(await ctx.state.catalog.getTable(catalog, ctx.region, input.DatabaseName, def.Name))) throw tableNotFound(def.Name);
    await ctx.state.catalog.updateTable(catalog, ctx.region, input.DatabaseName, def);
    return {};
  },
};

/** glue:DeleteTable on the catalog, the database and the table. */
export const deleteTable: Operation<TableRef> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:DeleteTable', input.CatalogId, input.DatabaseName, [input.Name]),
  async handle(input, ctx) {
    const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
    if (!(await ctx.state.catalog.deleteTable(catalog, ctx.region, input.DatabaseName, input.Name))) throw tableNotFound(input.Name);
    return {};
  },
};

/** glue:BatchDeleteTable (asked as glue:DeleteTable's sibling on every table named); missing tables are reported in Errors. */
export const batchDeleteTable: Operation<{ CatalogId?: string; DatabaseName: string; TablesToDelete: string[] }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:BatchDeleteTable', input.CatalogId, input.DatabaseName, input.TablesToDelete ?? []),
  async handle(input, ctx) {
    const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
    if (!input.TablesToDelete || input.TablesToDelete.length > 100) throw invalidInput('TablesToDelete must name between 0 and 100 tables.');
    const Errors = [];
    for (const TableName of input.TablesToDelete) {
      if (await ctx.state.catalog.deleteTable(catalog, ctx.region, input.DatabaseName, TableName)) continue;
      Errors.push({ TableName, ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Table not found' } });
    }
    return { Errors };
  },
};
