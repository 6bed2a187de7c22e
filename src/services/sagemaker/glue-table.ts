import type { CatalogColumn, TableDefinition } from '../../storage/catalog.js';
import type { FeatureDefinition, FeatureType } from '../../storage/feature-store.js';

/** The Glue database Feature Store creates its tables in (and the managed policies are scoped to). */
export const FEATURE_STORE_DATABASE = 'sagemaker_featurestore';

/** The creation time in whole seconds, which names the offline folder and the generated table. */
export function creationEpoch(createdAt: Date): number {
  return Math.floor(createdAt.getTime() / 1000);
}

/**
 * The table name Feature Store generates "following Athena's naming recommendations" (lower
 * case, letters, digits and underscores only): `<name>_<creation epoch>` with dashes turned to
 * underscores, e.g. `customers-fg` created at 1700000000 → `customers_fg_1700000000`.
 */
export function generatedTableName(groupName: string, createdAt: Date): string {
  return `${groupName.toLowerCase().replace(/-/g, '_')}_${creationEpoch(createdAt)}`;
}

/** `<S3Uri>/<account>/sagemaker/<region>/offline-store/<name>-<creation epoch>/data`. */
export function resolvedOutputS3Uri(s3Uri: string, accountId: string, region: string, groupName: string, createdAt: Date): string {
  return `${s3Uri.replace(/\/+$/, '')}/${accountId}/sagemaker/${region}/offline-store/${groupName}-${creationEpoch(createdAt)}/data`;
}

const HIVE_TYPES: Record<FeatureType, string> = { Integral: 'bigint', Fractional: 'double', String: 'string' };

/** A feature's Hive type: its scalar type, or an array of it for List, Set and Vector features. */
export function hiveType(f: FeatureDefinition): string {
  const scalar = HIVE_TYPES[f.FeatureType];
  return f.CollectionType === undefined ? scalar : `array<${scalar}>`;
}

/** The offline store's columns: the features in definition order, then the three Feature Store adds. */
export function offlineColumns(features: readonly FeatureDefinition[]): CatalogColumn[] {
  return [
    ...features.map((f) => ({ Name: f.FeatureName.toLowerCase(), Type: hiveType(f) })),
    { Name: 'write_time', Type: 'timestamp' },
    { Name: 'api_invocation_time', Type: 'timestamp' },
    { Name: 'is_deleted', Type: 'boolean' },
  ];
}

/** Hourly partitions by event time, as the offline store's `year=/month=/day=/hour=` folders. */
export const OFFLINE_PARTITION_KEYS: CatalogColumn[] = ['year', 'month', 'day', 'hour'].map((Name) => ({ Name, Type: 'string' }));

/**
 * The Glue table of a feature group's offline store: an external Parquet table over
 * ResolvedOutputS3Uri, partitioned hourly, with Hive's Parquet SerDe and input/output formats
 * (what Glue and Athena use for Parquet tables).
 */
export function offlineStoreTable(name: string, features: readonly FeatureDefinition[], location: string): TableDefinition {
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
    PartitionKeys: OFFLINE_PARTITION_KEYS,
    StorageDescriptor: {
      Columns: offlineColumns(features),
      Location: location,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      Compressed: false,
      NumberOfBuckets: -1,
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
      StoredAsSubDirectories: false,
    },
  };
}
