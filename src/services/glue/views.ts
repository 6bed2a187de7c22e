import type { CatalogDatabase, CatalogTable } from '../../storage/catalog.js';

/** A stored database as Glue's `Database` structure. */
export function databaseView(d: CatalogDatabase): Record<string, unknown> {
  return {
    Name: d.Name,
    ...(d.Description !== undefined ? { Description: d.Description } : {}),
    ...(d.LocationUri !== undefined ? { LocationUri: d.LocationUri } : {}),
    Parameters: d.Parameters ?? {},
    CreateTime: d.createdAt,
    CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }],
    CatalogId: d.catalogId,
  };
}

/** A stored table as Glue's `Table` structure (VersionId is a string, as Glue sends it). */
export function tableView(t: CatalogTable): Record<string, unknown> {
  const { catalogId, region: _region, databaseName, createdAt, updatedAt, createdBy, version, ...definition } = t;
  return {
    ...definition,
    DatabaseName: databaseName,
    CreateTime: createdAt,
    UpdateTime: updatedAt,
    ...(createdBy !== undefined ? { CreatedBy: createdBy } : {}),
    IsRegisteredWithLakeFormation: false,
    CatalogId: catalogId,
    VersionId: String(version - 1),
  };
}
