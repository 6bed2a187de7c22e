import type { OfflineStoreConfig, OnlineStoreConfig, TtlDuration } from '../../storage/feature-store.js';
import { validation } from './errors.js';

/** The catalog Athena calls the Glue Data Catalog, the only one Feature Store creates tables in. */
export const AWS_DATA_CATALOG = 'AwsDataCatalog';

export interface ThroughputInput {
  ThroughputMode?: 'OnDemand' | 'Provisioned';
  ProvisionedReadCapacityUnits?: number;
  ProvisionedWriteCapacityUnits?: number;
}

/** A TtlDuration needs both members; `{}` (both sent as null) means "no TTL" where removing is allowed. */
export function checkTtl(ttl: Partial<TtlDuration> | undefined, where: string): TtlDuration | undefined {
  if (ttl === undefined || (ttl.Unit === undefined && ttl.Value === undefined)) return undefined;
  if (ttl.Unit === undefined || ttl.Value === undefined) throw validation(`${where}.TtlDuration requires both Unit and Value.`);
  return { Unit: ttl.Unit, Value: ttl.Value };
}

/** The bucket and prefix of an offline store's S3Uri; only `s3://bucket[/prefix]` is accepted. */
export function parseOfflineS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw validation(`OfflineStoreConfig.S3StorageConfig.S3Uri must be an Amazon S3 URI of the form s3://bucket/prefix, not ${uri}.`);
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/\/+$/, '') };
}

/**
 * The store rules of CreateFeatureGroup: at least one store, an enabled online store for any
 * online setting, InMemory without an offline store (AWS does not replicate that tier offline),
 * an s3:// offline location, the Glue table format (Iceberg is not supported by sagelite), a
 * catalog entry in AwsDataCatalog when Feature Store creates the table, and a RoleArn to write
 * the offline store with.
 */
export function checkStores(online: OnlineStoreConfig | undefined, offline: OfflineStoreConfig | undefined, roleArn: string | undefined): void {
  const onlineEnabled = online?.EnableOnlineStore === true;
  if (!onlineEnabled && !offline) {
    throw validation('You must include at least one of OnlineStoreConfig (with EnableOnlineStore set to true) and OfflineStoreConfig to create a FeatureGroup.');
  }
  if (online && !onlineEnabled && (online.StorageType !== undefined || online.TtlDuration !== undefined || online.SecurityConfig !== undefined)) {
    throw validation('OnlineStoreConfig.StorageType, TtlDuration and SecurityConfig require EnableOnlineStore to be true.');
  }
  checkTtl(online?.TtlDuration, 'OnlineStoreConfig');
  if (online?.StorageType === 'InMemory' && offline) {
    throw validation('An online store with StorageType InMemory cannot be combined with an OfflineStoreConfig: the InMemory tier is not replicated to an offline store.');
  }
  if (!offline) return;
  parseOfflineS3Uri(offline.S3StorageConfig.S3Uri);
  if (offline.TableFormat === 'Iceberg') {
    throw validation('TableFormat Iceberg is not supported by sagelite yet. Create the offline store with TableFormat Glue (the default).');
  }
  const catalog = offline.DataCatalogConfig?.Catalog;
  if (offline.DisableGlueTableCreation !== true && catalog !== undefined && catalog !== AWS_DATA_CATALOG) {
    throw validation(`DataCatalogConfig.Catalog must be ${AWS_DATA_CATALOG} when Feature Store creates the Glue table (DisableGlueTableCreation is false), not ${catalog}.`);
  }
  if (roleArn === undefined) throw validation('RoleArn is required when OfflineStoreConfig is specified: Feature Store writes the offline store as this role.');
}

/**
 * Throughput: Provisioned needs write units, and read units exactly when there is an online
 * store; it is not available for the InMemory tier. OnDemand takes no units.
 */
export function checkThroughput(t: ThroughputInput, stores: { online: boolean; inMemory: boolean }): void {
  const units = t.ProvisionedReadCapacityUnits !== undefined || t.ProvisionedWriteCapacityUnits !== undefined;
  if (t.ThroughputMode !== 'Provisioned') {
    if (units) throw validation('ProvisionedReadCapacityUnits and ProvisionedWriteCapacityUnits are allowed only with ThroughputMode Provisioned.');
    return;
  }
  if (stores.inMemory) throw validation('ThroughputMode Provisioned is not supported for an online store with StorageType InMemory.');
  if (t.ProvisionedWriteCapacityUnits === undefined) throw validation('ThroughputMode Provisioned requires ProvisionedWriteCapacityUnits.');
  if (stores.online && t.ProvisionedReadCapacityUnits === undefined) throw validation('ThroughputMode Provisioned requires ProvisionedReadCapacityUnits for a feature group with an online store.');
  if (!stores.online && t.ProvisionedReadCapacityUnits !== undefined) {
    throw validation('ProvisionedReadCapacityUnits applies to the online store only; this feature group has none.');
  }
}
