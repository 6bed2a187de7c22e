import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { CatalogEntityExistsError } from '../../storage/catalog.js';
import type { FeatureDefinition, OfflineStoreConfig } from '../../storage/feature-store.js';
import type { OperationContext } from '../operation.js';
import { validation } from './errors.js';
import { FEATURE_STORE_DATABASE, generatedTableName, offlineStoreTable, resolvedOutputS3Uri } from './glue-table.js';
import { AWS_DATA_CATALOG } from './validate-stores.js';
import { glueArn } from '../glue/catalog-ref.js';

export interface NewOfflineStore {
  accountId: string;
  region: string;
  groupName: string;
  createdAt: Date;
  features: readonly FeatureDefinition[];
  config: OfflineStoreConfig;
}

/**
 * The Glue writes provisionOfflineStore will make, as the caller's own authorization questions.
 * SageMaker creates the offline store's Glue database and table in the caller's account with the
 * caller's permissions (AmazonSageMakerFullAccess grants exactly these: glue:CreateDatabase on
 * `sagemaker_featurestore`, glue:CreateTable on `table/sagemaker_featurestore/*`, glue:UpdateTable
 * there), so each is asked of the caller the way Glue asks it — on the catalog, the database and
 * the table — before anything is created: a caller denied Glue gets AccessDeniedException and
 * neither a table nor a group is left behind (docs/security/featurestore.md).
 * - the database, when absent: glue:CreateDatabase;
 * - the table: glue:CreateTable; when the generated table of a namesake created in the same
 *   second is to be replaced, glue:UpdateTable as well.
 * Nothing is asked when DisableGlueTableCreation is true (nothing is created).
 */
export async function offlineStoreGlueWrites(ctx: OperationContext, groupName: unknown, config: OfflineStoreConfig | undefined): Promise<AuthorizationRequest[]> {
  if (!config || typeof config !== 'object' || config.DisableGlueTableCreation === true || typeof groupName !== 'string') return [];
  const given = config.DataCatalogConfig;
  // A malformed DataCatalogConfig is the handler's ValidationException; nothing to ask meanwhile.
  if (given !== undefined && (typeof given?.Database !== 'string' || typeof given?.TableName !== 'string')) return [];
  const account = ctx.principal.accountId;
  const database = given?.Database ?? FEATURE_STORE_DATABASE;
  // The generated name carries the creation second, read here a moment before the handler reads
  // it again: policies name these tables with wildcards (`table/sagemaker_featurestore/*`).
  const table = given?.TableName ?? generatedTableName(groupName, ctx.clock.now());
  const ask = (action: string, ...resources: string[]): AuthorizationRequest[] => resources.map((resource) => ({ action, resource, resourceAccount: account }));
  const catalog = glueArn.catalog(ctx.region, account);
  const databaseArn = glueArn.database(ctx.region, account, database);
  const tableArn = glueArn.table(ctx.region, account, database, table);
  const catalogStore = ctx.state.catalog;
  const databaseExists = (await catalogStore.getDatabase(account, ctx.region, database)) !== undefined;
  const replacesTable = given === undefined && (await catalogStore.getTable(account, ctx.region, database, table)) !== undefined;
  return [
    ...(databaseExists ? [] : ask('glue:CreateDatabase', catalog, databaseArn)),
    ...ask('glue:CreateTable', catalog, databaseArn, tableArn),
    ...(replacesTable ? ask('glue:UpdateTable', catalog, databaseArn, tableArn) : []),
  ];
}

/** The Glue write extendOfflineTable will make (glue:UpdateTable on the group's table), asked of the caller. */
export async function offlineTableUpdate(ctx: OperationContext, accountId: string, region: string, config: OfflineStoreConfig | undefined): Promise<AuthorizationRequest[]> {
  const dc = config?.DataCatalogConfig;
  if (!config || config.DisableGlueTableCreation === true || !dc) return [];
  if (!(await ctx.state.catalog.getTable(accountId, region, dc.Database, dc.TableName))) return [];
  return [glueArn.catalog(region, accountId), glueArn.database(region, accountId, dc.Database), glueArn.table(region, accountId, dc.Database, dc.TableName)].map((resource) => ({
    action: 'glue:UpdateTable',
    resource,
    resourceAccount: accountId,
  }));
}

/**
 * Resolves a new group's offline store as DescribeFeatureGroup will show it, and creates its Glue
 * table where Feature Store would. DisableGlueTableCreation × DataCatalogConfig, as the
 * API documents them today:
 * - false, no DataCatalogConfig: `sagemaker_featurestore.<generated name>` is created (a table
 *   left by a deleted namesake created in the same second is replaced: they share the folder too);
 * - false, DataCatalogConfig: the table is created under the given database and name (created
 *   first when absent); an existing table there is refused rather than overwritten;
 * - true, DataCatalogConfig: the entry is only associated, nothing is created;
 * - true, none: no table, no DataCatalogConfig.
 */
export async function provisionOfflineStore(ctx: OperationContext, s: NewOfflineStore): Promise<OfflineStoreConfig> {
  const location = resolvedOutputS3Uri(s.config.S3StorageConfig.S3Uri, s.accountId, s.region, s.groupName, s.createdAt);
  const disabled = s.config.DisableGlueTableCreation === true;
  const given = s.config.DataCatalogConfig;
  const catalogConfig = given ?? (disabled ? undefined : { TableName: generatedTableName(s.groupName, s.createdAt), Catalog: AWS_DATA_CATALOG, Database: FEATURE_STORE_DATABASE });
  if (!disabled && catalogConfig) await createTable(ctx, s, catalogConfig.Database, catalogConfig.TableName, location, given === undefined);
  return {
    S3StorageConfig: { ...s.config.S3StorageConfig, ResolvedOutputS3Uri: location },
    DisableGlueTableCreation: disabled,
    ...(catalogConfig ? { DataCatalogConfig: catalogConfig } : {}),
    TableFormat: s.config.TableFormat ?? 'Glue',
  };
}

async function createTable(ctx: OperationContext, s: NewOfflineStore, database: string, table: string, location: string, replace: boolean): Promise<void> {
  const catalog = ctx.state.catalog;
  await catalog.ensureDatabase(s.accountId, s.region, { Name: database });
  const definition = offlineStoreTable(table, s.features, location);
  try {
    await catalog.createTable(s.accountId, s.region, database, definition, ctx.principal.arn);
  } catch (e) {
    if (!(e instanceof CatalogEntityExistsError)) throw e;
    if (!replace) throw validation(`The Glue table ${database}.${table} already exists. Choose another DataCatalogConfig.TableName, or set DisableGlueTableCreation to true to use the existing table.`);
    await catalog.updateTable(s.accountId, s.region, database, definition);
  }
}

/**
 * Adds new features to the group's Glue table when Feature Store created it (it keeps the
 * table's schema in step with the group's, as AWS does on UpdateFeatureGroup). A table the
 * caller only associated, or one since deleted, is left alone.
 */
export async function extendOfflineTable(ctx: OperationContext, accountId: string, region: string, config: OfflineStoreConfig | undefined, features: readonly FeatureDefinition[]): Promise<void> {
  const dc = config?.DataCatalogConfig;
  if (!config || config.DisableGlueTableCreation === true || !dc) return;
  const existing = await ctx.state.catalog.getTable(accountId, region, dc.Database, dc.TableName);
  if (!existing) return;
  const fresh = offlineStoreTable(existing.Name, features, existing.StorageDescriptor?.Location ?? config.S3StorageConfig.ResolvedOutputS3Uri ?? '');
  await ctx.state.catalog.updateTable(accountId, region, dc.Database, {
    ...existing,
    StorageDescriptor: { ...existing.StorageDescriptor, Columns: fresh.StorageDescriptor!.Columns! },
  });
}
