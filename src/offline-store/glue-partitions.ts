import type { ServerState } from '../services/operation.js';
import { CatalogEntityExistsError, CatalogEntityNotFoundError, type CatalogColumn } from '../storage/catalog.js';
import type { FeatureGroup } from '../storage/feature-store.js';

/** `year=2024/month=01/day=02/hour=03` → its values in key order. */
function partitionValues(partition: string, keys: readonly CatalogColumn[]): string[] | undefined {
  const pairs = new Map(partition.split('/').map((part) => part.split('=', 2) as [string, string]));
  const values = keys.map((k) => pairs.get(k.Name));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/**
 * Registers the hourly partition a batch was written to in the group's Glue table, so Athena
 * (which reads only a partitioned table's registered partitions) sees the rows at once. This is
 * SageMaker's own bookkeeping, done as the service rather than as the group's role (whose
 * managed policy grants no partition actions), and only for tables Feature Store created —
 * with DisableGlueTableCreation the table is the user's to maintain (MSCK REPAIR TABLE).
 * Idempotent: a partition already there is left as it is.
 *
 * @example
 * await registerPartition(state, group, 'year=2024/month=01/day=02/hour=03', 's3://b/…/data');
 */
export async function registerPartition(state: ServerState, group: FeatureGroup, partition: string, resolvedUri: string): Promise<void> {
  const config = group.offlineStoreConfig;
  const catalog = config?.DataCatalogConfig;
  if (!config || !catalog || config.DisableGlueTableCreation === true) return;
  const table = await state.catalog.getTable(group.accountId, group.region, catalog.Database, catalog.TableName);
  if (!table?.PartitionKeys?.length) return;
  const values = partitionValues(partition, table.PartitionKeys);
  if (!values) return;
  if (await state.catalog.getPartition(group.accountId, group.region, catalog.Database, catalog.TableName, values)) return;
  const location = `${resolvedUri.replace(/\/+$/, '')}/${partition}`;
  try {
    await state.catalog.createPartition(group.accountId, group.region, catalog.Database, catalog.TableName, {
      Values: values,
      StorageDescriptor: { ...table.StorageDescriptor, Location: location },
    });
  } catch (e) {
    // The table went away, or the partition arrived meanwhile: either way nothing is left to do.
    if (!(e instanceof CatalogEntityExistsError) && !(e instanceof CatalogEntityNotFoundError)) throw e;
  }
}
