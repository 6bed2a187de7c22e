import { CatalogEntityExistsError, type DatabaseDefinition } from '../../storage/catalog.js';
import type { Operation } from '../operation.js';
import { catalogOf, onCatalog, paginate } from './catalog-ref.js';
import { alreadyExists, databaseNotFound, invalidInput } from './errors.js';
import { databaseView } from './views.js';

interface DatabaseInput { Name: string; Description?: string; LocationUri?: string; Parameters?: Record<string, string> }

function definition(input: DatabaseInput): DatabaseDefinition {
  if (!input?.Name) throw invalidInput('DatabaseInput.Name is required.');
  const { Name, Description, LocationUri, Parameters } = input;
  return { Name, ...(Description !== undefined ? { Description } : {}), ...(LocationUri !== undefined ? { LocationUri } : {}), ...(Parameters !== undefined ? { Parameters } : {}) };
}

/** glue:CreateDatabase on the catalog and the new database. */
export const createDatabase: Operation<{ CatalogId?: string; DatabaseInput: DatabaseInput }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:CreateDatabase', input.CatalogId, input.DatabaseInput?.Name ?? ''),
  async handle(input, ctx) {
    const catalog = catalogOf(ctx, input.CatalogId);
    try {
      await ctx.state.catalog.createDatabase(catalog, ctx.region, definition(input.DatabaseInput));
    } catch (e) {
      if (e instanceof CatalogEntityExistsError) throw alreadyExists('Database already exists.');
      throw e;
    }
    return {};
  },
};

/** glue:GetDatabase on the catalog and the database. */
export const getDatabase: Operation<{ CatalogId?: string; Name: string }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:GetDatabase', input.CatalogId, input.Name),
  async handle(input, ctx) {
    const db = await ctx.state.catalog.getDatabase(catalogOf(ctx, input.CatalogId), ctx.region, input.Name);
    if (!db) throw databaseNotFound(input.Name);
    return { Database: databaseView(db) };
  },
};

/** glue:GetDatabases on the catalog and every database (`database/*`); pages of up to 100. */
export const getDatabases: Operation<{ CatalogId?: string; NextToken?: string; MaxResults?: number }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:GetDatabases', input.CatalogId, '*'),
  async handle(input, ctx) {
    const all = await ctx.state.catalog.listDatabases(catalogOf(ctx, input.CatalogId), ctx.region);
    const { items, NextToken } = paginate('GetDatabases', all, input.NextToken, input.MaxResults, 100);
    return { DatabaseList: items.map(databaseView), ...(NextToken ? { NextToken } : {}) };
  },
};

/** glue:UpdateDatabase: replaces the description, location and parameters (renaming is refused). */
export const updateDatabase: Operation<{ CatalogId?: string; Name: string; DatabaseInput: DatabaseInput }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:UpdateDatabase', input.CatalogId, input.Name),
  async handle(input, ctx) {
    const catalog = catalogOf(ctx, input.CatalogId);
    const def = definition(input.DatabaseInput);
    if (def.Name.toLowerCase() !== input.Name.toLowerCase()) throw invalidInput('Renaming a database is not supported by sagelite.');
    if (!(await ctx.state.catalog.getDatabase(catalog, ctx.region, input.Name))) throw databaseNotFound(input.Name);
    const { Name: _name, ...rest } = def;
    await ctx.state.catalog.updateDatabase(catalog, ctx.region, input.Name, rest);
    return {};
  },
};

/** glue:DeleteDatabase on the catalog, the database and its tables (`table/DB/*`); the tables go with it. */
export const deleteDatabase: Operation<{ CatalogId?: string; Name: string }> = {
  authorization: (input, ctx) => onCatalog(ctx, 'glue:DeleteDatabase', input.CatalogId, input.Name, ['*']),
  async handle(input, ctx) {
    if (!(await ctx.state.catalog.deleteDatabase(catalogOf(ctx, input.CatalogId), ctx.region, input.Name))) throw databaseNotFound(input.Name);
    return {};
  },
};
