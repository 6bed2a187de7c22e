import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DIR } from '../../src/demo/sample.js';

/** sagelite's own sample for the guide (data/cross-account-sample, made by scripts/make-sample.mjs). */
export { SAMPLE_DIR };

/**
 * A sample CSV's rows as written: no header, values split on commas and kept as they are (the
 * sample has no quoted fields; a trailing space stays). Tests compute what they expect from these.
 */
export function sampleCsv(name: 'customers' | 'purchases'): string[][] {
  return readFileSync(join(SAMPLE_DIR, 'data', `${name}.csv`), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split(','));
}

/** A sample schema file as written. */
export function sampleSchemaFile(name: 'customers' | 'purchases'): {
  description: string;
  features: Array<{ name: string; type: string; description: string }>;
  record_identifier_feature_name: string;
  event_time_feature_name: string;
  tags: Array<{ Key: string; Value: string }>;
} {
  return JSON.parse(readFileSync(join(SAMPLE_DIR, 'schema', `${name}.json`), 'utf8'));
}
