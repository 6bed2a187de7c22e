import type { FeatureDefinition } from '@aws-sdk/client-sagemaker';
import type { FeatureValue } from '@aws-sdk/client-sagemaker-featurestore-runtime';

/** One value a row may hold for a feature. */
export type FeatureScalar = string | number | bigint | boolean | Date;
/** A row's value for one feature: null, undefined and NaN mean "no value" and are left out of the record. */
export type RowValue = FeatureScalar | readonly FeatureScalar[] | null | undefined;
/** A row to ingest: a plain object, feature name → value. */
export type Row = Record<string, RowValue>;

/** A value read back from the store, typed by the group's FeatureDefinitions. */
export type TypedFeatureValue = string | number | string[] | number[];
/** A record read back from the store. */
export type TypedRecord = Record<string, TypedFeatureValue>;

/** A row value the SDK cannot turn into a FeatureValue (reported per row, never sent). */
export class InvalidRowValueError extends Error {
  override readonly name = 'InvalidRowValue';
}

const isMissing = (v: unknown): v is null | undefined => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * One scalar as Feature Store's ValueAsString, as the SageMaker Python SDK's ingestion does
 * (`str(value)`), with JavaScript's spelling for numbers and booleans (`32.5`, `true`). A Date
 * becomes Unix seconds for a Fractional or Integral feature (event times), else ISO 8601.
 */
export function scalarToString(value: FeatureScalar, def?: FeatureDefinition): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidRowValueError(`Feature ${def?.FeatureName ?? ''} has an invalid Date`.trim());
    if (def?.FeatureType === 'Fractional') return String(value.getTime() / 1000);
    if (def?.FeatureType === 'Integral') return String(Math.floor(value.getTime() / 1000));
    return value.toISOString();
  }
  return String(value);
}

/**
 * A row as a PutRecord record: one FeatureValue per present value, in the row's key order;
 * arrays become ValueAsStringList (collection features). Features the group does not define are
 * sent anyway, so the service (not the SDK) says what is wrong with them.
 *
 * @example
 * toRecord({ cid: 1001, name: 'aaron', age: NaN, tags: ['a', 'b'] });
 * // [{ FeatureName: 'cid', ValueAsString: '1001' }, { FeatureName: 'name', ValueAsString: 'aaron' },
 * //  { FeatureName: 'tags', ValueAsStringList: ['a', 'b'] }]
 */
export function toRecord(row: Row, definitions: readonly FeatureDefinition[] = []): FeatureValue[] {
  const byName = new Map(definitions.map((d) => [d.FeatureName, d]));
  const record: FeatureValue[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (isMissing(value)) continue;
    const def = byName.get(name);
    if (Array.isArray(value)) {
      const list = (value as readonly FeatureScalar[]).map((item, i) => {
        if (isMissing(item)) throw new InvalidRowValueError(`Feature ${name} has no value at position ${i} of its list`);
        return scalarToString(item, def);
      });
      record.push({ FeatureName: name, ValueAsStringList: list });
    } else {
      record.push({ FeatureName: name, ValueAsString: scalarToString(value as FeatureScalar, def) });
    }
  }
  return record;
}

/**
 * A record read back, typed by the group's definitions: Integral and Fractional as numbers
 * (Integral beyond ±2^53 loses precision, as any JavaScript number), everything else as strings;
 * collection features as arrays. Features without a definition stay strings.
 *
 * @example
 * fromRecord([{ FeatureName: 'age', ValueAsString: '32' }], [{ FeatureName: 'age', FeatureType: 'Integral' }]); // { age: 32 }
 */
export function fromRecord(record: readonly FeatureValue[], definitions: readonly FeatureDefinition[]): TypedRecord {
  const byName = new Map(definitions.map((d) => [d.FeatureName, d]));
  const out: TypedRecord = {};
  for (const v of record) {
    if (!v.FeatureName) continue;
    const numeric = ['Integral', 'Fractional'].includes(byName.get(v.FeatureName)?.FeatureType ?? '');
    if (v.ValueAsStringList !== undefined) out[v.FeatureName] = numeric ? v.ValueAsStringList.map(Number) : [...v.ValueAsStringList];
    else if (v.ValueAsString !== undefined) out[v.FeatureName] = numeric ? Number(v.ValueAsString) : v.ValueAsString;
  }
  return out;
}
