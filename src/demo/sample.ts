import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureDefinition, Tag } from '@aws-sdk/client-sagemaker';
import type { FeatureValue } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { PACKAGE_ROOT } from '../core/paths.js';

/** sagelite's own sample with the guide's shape, shipped under data/ (made by scripts/make-sample.mjs). */
export const SAMPLE_DIR = join(PACKAGE_ROOT, 'data', 'cross-account-sample');

/** The sample's feature groups, in the order the notebooks create them. */
export const SAMPLE_GROUPS = ['customers', 'purchases'] as const;
export type SampleGroupName = (typeof SAMPLE_GROUPS)[number];

interface SchemaFile {
  description: string;
  features: Array<{ name: string; type: string; description?: string }>;
  record_identifier_feature_name: string;
  event_time_feature_name: string;
  tags: Tag[];
}

/** One of the sample's feature groups: its schema as SageMaker wants it, and its CSV rows. */
export interface SampleGroup {
  name: SampleGroupName;
  description: string;
  recordIdentifier: string;
  eventTime: string;
  definitions: FeatureDefinition[];
  tags: Tag[];
  /** The CSV rows, each in the schema's feature order minus the event time. */
  rows: string[][];
}

/** The sample's mapping: bigint → Integral, double → Fractional, anything else → String. */
export function featureType(schemaType: string): 'Integral' | 'Fractional' | 'String' {
  return schemaType === 'bigint' ? 'Integral' : schemaType === 'double' ? 'Fractional' : 'String';
}

/**
 * Reads one of the sample's groups.
 *
 * @example
 * const customers = loadSampleGroup('customers'); // 8 definitions, 5 rows
 */
export function loadSampleGroup(name: SampleGroupName, dir = SAMPLE_DIR): SampleGroup {
  const schema = JSON.parse(readFileSync(join(dir, 'schema', `${name}.json`), 'utf8')) as SchemaFile;
  const csv = readFileSync(join(dir, 'data', `${name}.csv`), 'utf8');
  // The sample's rows hold no quoted commas; values are kept as written (trailing spaces too).
  const rows = csv.split(/\r?\n/).filter((line) => line.length > 0).map((line) => line.split(','));
  return {
    name,
    description: schema.description,
    recordIdentifier: schema.record_identifier_feature_name,
    eventTime: schema.event_time_feature_name,
    definitions: schema.features.map((f) => ({ FeatureName: f.name, FeatureType: featureType(f.type) })),
    tags: schema.tags,
    rows,
  };
}

/**
 * A CSV row as a PutRecord record: every value sent as a string, as the sample does, with the
 * event time set to `eventTimeSeconds` (Unix seconds).
 *
 * @example
 * toRecord(customers, customers.rows[0]!, Date.now() / 1000);
 */
export function toRecord(group: SampleGroup, row: string[], eventTimeSeconds: number): FeatureValue[] {
  const names = group.definitions.map((d) => d.FeatureName!).filter((n) => n !== group.eventTime);
  const record: FeatureValue[] = names.map((FeatureName, i) => ({ FeatureName, ValueAsString: row[i] ?? '' }));
  record.push({ FeatureName: group.eventTime, ValueAsString: String(eventTimeSeconds) });
  return record;
}
