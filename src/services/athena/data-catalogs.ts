import { DataCatalogExistsError, type AthenaStore, type AthenaTag, type DataCatalogRecord } from '../../storage/athena.js';
import type { Operation, OperationContext } from '../operation.js';
import { requestTagContext } from '../sagemaker/arns.js';
import { onAnyResource, onDataCatalog, paginate } from './arns.js';
import { invalidRequest } from './errors.js';
import { checkTags } from './tags.js';

/** Every account's own Glue Data Catalog, which is not created and cannot be changed. */
export const AWS_DATA_CATALOG = 'AwsDataCatalog';

/** Athena's rule for a catalog name: up to 127 letters, digits, `_`, `@` or `-`. */
const CATALOG_NAME = /^[A-Za-z0-9_@-]{1,127}$/;

type DataCatalogInput = { Name: string; Type: DataCatalogRecord['type']; Description?: string; Parameters?: Record<string, string> };

const isAwsDataCatalog = (name: string) => name.toLowerCase() === AWS_DATA_CATALOG.toLowerCase();
const notFound = (name: string) => invalidRequest(`DataCatalog ${name} was not found.`);

/** Data catalogs an account may register per region (sagelite's bound; every list reads them all). */
export const MAX_DATA_CATALOGS = 1000;

/**
 * The account whose Glue Data Catalog a catalog name stands for: AwsDataCatalog is the caller's;
 * a registered GLUE catalog is the account its `catalog-id` names; undefined for anything else.
 * Reads of it are then made as the caller (glue:… with that CatalogId), so the other account's
 * Glue resource policy and bucket policies decide, as on AWS. Queries and the metadata operations
 * both resolve catalogs here.
 */
export async function glueCatalogAccount(athena: AthenaStore, caller: string, region: string, name: string): Promise<string | undefined> {
  if (isAwsDataCatalog(name)) return caller;
  const registered = await athena.getDataCatalog(caller, region, name);
  return registered?.type === 'GLUE' ? registered.parameters['catalog-id'] : undefined;
}

/** {@link glueCatalogAccount} for Athena's metadata operations: an unknown catalog is "was not found". */
export async function glueCatalogOf(ctx: OperationContext, name: string): Promise<string> {
  const account = await glueCatalogAccount(ctx.state.athena, ctx.principal.accountId, ctx.region, name);
  if (account === undefined) throw notFound(name);
  return account;
}

/** The input members that point a Glue call at `catalogId` (nothing for the caller's own catalog). */
export function catalogIdInput(ctx: OperationContext, catalogId: string): { CatalogId?: string } {
  return catalogId === ctx.principal.accountId ? {} : { CatalogId: catalogId };
}

function awsDataCatalogView(ctx: OperationContext) {
  return { Name: AWS_DATA_CATALOG, Description: 'AWS Glue Data Catalog', Type: 'GLUE', Parameters: { 'catalog-id': ctx.principal.accountId } };
}

function view(r: DataCatalogRecord) {
  return { Name: r.name, Type: r.type, ...(r.description !== undefined ? { Description: r.description } : {}), Parameters: r.parameters, Status: 'CREATE_COMPLETE' };
}

/**
 * What sagelite registers: GLUE catalogs of another (or this) account's Glue Data Catalog, named
 * by `catalog-id`. LAMBDA, HIVE and FEDERATED catalogs need connectors sagelite does not run.
 */
function checkDefinition(input: DataCatalogInput): Record<string, string> {
  if (!CATALOG_NAME.test(input.Name)) throw invalidRequest(`Invalid catalog name ${input.Name}: use up to 127 letters, digits, underscores, at signs or hyphens.`);
  if (isAwsDataCatalog(input.Name)) throw invalidRequest(`${AWS_DATA_CATALOG} is every account's own Glue Data Catalog and cannot be created, changed or deleted.`);
  if (input.Type !== 'GLUE') throw invalidRequest(`Data catalogs of type ${input.Type} are not supported by sagelite: only GLUE.`);
  const parameters = input.Parameters ?? {};
  const catalogId = parameters['catalog-id'];
  if (catalogId === undefined || !/^\d{12}$/.test(catalogId)) throw invalidRequest('A data catalog of type GLUE needs the parameter catalog-id: the 12-digit account id of the Glue Data Catalog.');
  return parameters;
}

/** athena:CreateDataCatalog on the new catalog's ARN: registers a GLUE catalog pointing at an account's Glue Data Catalog. */
export const createDataCatalog: Operation<DataCatalogInput & { Tags?: AthenaTag[] }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:CreateDataCatalog', input.Name, requestTagContext(input.Tags)),
  async handle(input, ctx) {
    const parameters = checkDefinition(input);
    const tags = checkTags(input.Tags ?? []);
    if ((await ctx.state.athena.listDataCatalogs(ctx.principal.accountId, ctx.region)).length >= MAX_DATA_CATALOGS) {
      throw invalidRequest(`An account can register at most ${MAX_DATA_CATALOGS} data catalogs in a region.`);
    }
    const record: DataCatalogRecord = {
      accountId: ctx.principal.accountId, region: ctx.region, name: input.Name, type: input.Type,
      ...(input.Description !== undefined ? { description: input.Description } : {}), parameters, tags, createdAt: ctx.clock.now(),
    };
    try {
      await ctx.state.athena.createDataCatalog(record);
    } catch (e) {
      if (e instanceof DataCatalogExistsError) throw invalidRequest(`DataCatalog ${input.Name} already exists.`);
      throw e;
    }
    return { DataCatalog: view(record) };
  },
};

/** athena:UpdateDataCatalog on the catalog: its description and parameters (the type cannot change). */
export const updateDataCatalog: Operation<DataCatalogInput> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:UpdateDataCatalog', input.Name),
  async handle(input, ctx) {
    const parameters = checkDefinition(input);
    const current = await ctx.state.athena.getDataCatalog(ctx.principal.accountId, ctx.region, input.Name);
    if (!current) throw notFound(input.Name);
    const { description: _old, ...rest } = current;
    if (!(await ctx.state.athena.putDataCatalog({ ...rest, ...(input.Description !== undefined ? { description: input.Description } : {}), parameters }))) throw notFound(input.Name);
    return {};
  },
};

/** athena:DeleteDataCatalog on the catalog: forgets the registration (the Glue catalog it names is untouched). */
export const deleteDataCatalog: Operation<{ Name: string; DeleteCatalogOnly?: boolean }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:DeleteDataCatalog', input.Name),
  async handle(input, ctx) {
    if (isAwsDataCatalog(input.Name)) throw invalidRequest(`${AWS_DATA_CATALOG} is every account's own Glue Data Catalog and cannot be created, changed or deleted.`);
    const current = await ctx.state.athena.getDataCatalog(ctx.principal.accountId, ctx.region, input.Name);
    if (!current || !(await ctx.state.athena.deleteDataCatalog(ctx.principal.accountId, ctx.region, input.Name))) throw notFound(input.Name);
    return { DataCatalog: { ...view(current), Status: 'DELETE_COMPLETE' } };
  },
};

/** athena:ListDataCatalogs (asked on `*`): AwsDataCatalog, then the registered ones by name. */
export const listDataCatalogs: Operation<{ NextToken?: string; MaxResults?: number; WorkGroup?: string }> = {
  authorization: () => onAnyResource('athena:ListDataCatalogs'),
  async handle(input, ctx) {
    const registered = await ctx.state.athena.listDataCatalogs(ctx.principal.accountId, ctx.region);
    const all = [{ CatalogName: AWS_DATA_CATALOG, Type: 'GLUE' }, ...registered.map((r) => ({ CatalogName: r.name, Type: r.type, Status: 'CREATE_COMPLETE' }))];
    const { items, NextToken } = paginate('ListDataCatalogs', '', all, input.NextToken, input.MaxResults, 50);
    return { DataCatalogsSummary: items, ...(NextToken ? { NextToken } : {}) };
  },
};

/** athena:GetDataCatalog on the catalog. */
export const getDataCatalog: Operation<{ Name: string; WorkGroup?: string }> = {
  authorization: (input, ctx) => onDataCatalog(ctx, 'athena:GetDataCatalog', input.Name),
  async handle(input, ctx) {
    if (isAwsDataCatalog(input.Name)) return { DataCatalog: awsDataCatalogView(ctx) };
    const registered = await ctx.state.athena.getDataCatalog(ctx.principal.accountId, ctx.region, input.Name);
    if (!registered) throw notFound(input.Name);
    return { DataCatalog: view(registered) };
  },
};
