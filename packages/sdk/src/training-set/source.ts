import type { DescribeFeatureGroupResponse } from '@aws-sdk/client-sagemaker';

/** The Athena catalog and database the SageMaker Python SDK uses for its temporary base tables. */
export const DEFAULT_CATALOG = 'AwsDataCatalog';
export const DEFAULT_DATABASE = 'sagemaker_featurestore';

/** How an event time is turned into a timestamp in SQL: String → from_iso8601_timestamp, else from_unixtime. */
export type EventTimeType = 'Integral' | 'Fractional' | 'String';

/** A table the training set reads: a feature group's offline-store table, or a plain table (an existing one, or rows uploaded for the purpose). */
export interface SourceTable {
  /** FeatureGroup tables have write_time, api_invocation_time and is_deleted, and are de-duplicated; plain tables are read as they are. */
  kind: 'FeatureGroup' | 'Table';
  /** For messages: the group's name, or the table's. */
  name: string;
  catalog: string;
  database: string;
  table: string;
  /** Every column (feature) the table has. */
  features: string[];
  /** Columns read from the table: the projected ones plus the record identifier and event time. */
  includedFeatureNames: string[];
  /** Columns the training set shows. */
  projectedFeatureNames: string[];
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  eventTimeType: EventTimeType | undefined;
}

/**
 * A feature group as a {@link SourceTable}, from its DescribeFeatureGroup output, as the SageMaker
 * Python SDK reads it: the Glue table of its offline store (catalog AwsDataCatalog unless the
 * group manages its own table), all features unless `includedFeatureNames` picks some (the record
 * identifier, the event time and the feature the join compares are then read too, but not shown).
 *
 * @example
 * const src = sourceFromFeatureGroup(await sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' })), ['age']);
 */
export function sourceFromFeatureGroup(d: DescribeFeatureGroupResponse, includedFeatureNames?: readonly string[], featureNameInTarget?: string): SourceTable {
  const name = d.FeatureGroupName ?? d.FeatureGroupArn ?? '';
  const catalogConfig = d.OfflineStoreConfig?.DataCatalogConfig;
  if (!catalogConfig?.TableName || !catalogConfig.Database) throw new Error(`No metastore is configured with FeatureGroup ${name}.`);
  const definitions = d.FeatureDefinitions ?? [];
  const features = definitions.map((f) => f.FeatureName ?? '');
  const recordId = d.RecordIdentifierFeatureName ?? '';
  const eventTime = d.EventTimeFeatureName ?? '';
  const eventTimeType = definitions.find((f) => f.FeatureName === eventTime)?.FeatureType as EventTimeType | undefined;
  if (featureNameInTarget !== undefined && !features.includes(featureNameInTarget)) throw new Error(`Feature ${featureNameInTarget} not found in FeatureGroup ${name}`);
  for (const f of includedFeatureNames ?? []) if (!features.includes(f)) throw new Error(`Feature ${f} not found in FeatureGroup ${name}`);
  const picked = includedFeatureNames && includedFeatureNames.length > 0 ? [...includedFeatureNames] : undefined;
  const included = picked ? [...picked] : [...features];
  if (picked) {
    // Read, not shown: the ranking needs the record identifier and event time, the join its
    // feature in this group (the Python SDK leaves that one out and its query then fails).
    for (const f of [recordId, eventTime, ...(featureNameInTarget !== undefined ? [featureNameInTarget] : [])]) if (!included.includes(f)) included.push(f);
  }
  return {
    kind: 'FeatureGroup',
    name,
    catalog: d.OfflineStoreConfig?.DisableGlueTableCreation ? (catalogConfig.Catalog ?? DEFAULT_CATALOG) : DEFAULT_CATALOG,
    database: catalogConfig.Database,
    table: catalogConfig.TableName,
    features,
    includedFeatureNames: included,
    projectedFeatureNames: picked ?? [...features],
    recordIdentifierFeatureName: recordId,
    eventTimeFeatureName: eventTime,
    eventTimeType,
  };
}

/** A plain table as a base: its columns, its record identifier and event time columns. */
export interface PlainTableSpec {
  table: string;
  database?: string;
  catalog?: string;
  columns: string[];
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  /** String for ISO 8601 text, Integral or Fractional for Unix seconds. */
  eventTimeType: EventTimeType;
  /** Columns the training set shows; default all (the SDK reads and shows the same columns for a data-frame base). */
  includedFeatureNames?: string[];
}

/**
 * A plain table (an existing Athena table, or the one made from uploaded rows) as a base.
 *
 * @example
 * sourceFromTable({ table: 'events', columns: ['cid', 'ts'], recordIdentifierFeatureName: 'cid', eventTimeFeatureName: 'ts', eventTimeType: 'Fractional' });
 */
export function sourceFromTable(spec: PlainTableSpec): SourceTable {
  for (const c of [spec.recordIdentifierFeatureName, spec.eventTimeFeatureName, ...(spec.includedFeatureNames ?? [])]) {
    if (!spec.columns.includes(c)) throw new Error(`Feature ${c} not found in table ${spec.table}`);
  }
  const shown = spec.includedFeatureNames && spec.includedFeatureNames.length > 0 ? [...spec.includedFeatureNames] : [...spec.columns];
  // The SDK reads only the shown columns of a data-frame base; the join and ranking need these two too.
  const read = [...shown, ...[spec.recordIdentifierFeatureName, spec.eventTimeFeatureName].filter((c) => !shown.includes(c))];
  return {
    kind: 'Table',
    name: spec.table,
    catalog: spec.catalog ?? DEFAULT_CATALOG,
    database: spec.database ?? DEFAULT_DATABASE,
    table: spec.table,
    features: [...spec.columns],
    includedFeatureNames: read,
    projectedFeatureNames: shown,
    recordIdentifierFeatureName: spec.recordIdentifierFeatureName,
    eventTimeFeatureName: spec.eventTimeFeatureName,
    eventTimeType: spec.eventTimeType,
  };
}
