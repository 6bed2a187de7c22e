import type { FeatureValue } from '../../storage/feature-store.js';
import { recordBytes } from '../../storage/record-update.js';
import type { CompiledFeature, CompiledGroup } from './compiled.js';
import { invalidRecord } from './errors.js';

/** A FeatureValue as the wire carries it. */
export interface FeatureValueInput {
  FeatureName: string;
  ValueAsString?: string;
  ValueAsStringList?: string[];
}

/** A record that passed validation: its features in order, identifier and event time. */
export interface ValidRecord {
  features: Array<[string, FeatureValue]>;
  recordId: string;
  eventTime: string;
  eventTimeMs: number;
}

/** Feature Store quotas: a record identifier of at most 2 KB, a record of at most 350 KB. */
export const MAX_RECORD_ID_BYTES = 2 * 1024;
/** 350 KB, counted over every feature name and value in UTF-8 bytes. */
export const MAX_RECORD_BYTES = 350 * 1024;

function typeHint(f: CompiledFeature): string {
  return f.type === 'Integral' ? 'a 64-bit signed integer' : 'a 64-bit floating-point number';
}

function checkScalar(group: string, f: CompiledFeature, value: string): void {
  if (!f.accepts(value)) throw invalidRecord(`Value ${JSON.stringify(value)} of feature ${f.name} in FeatureGroup ${group} is not a valid ${f.type}: it must be ${typeHint(f)}.`);
}

/** One FeatureValue checked against its definition; returns the value to store. */
function checkValue(group: string, f: CompiledFeature, v: FeatureValueInput, eventTime: boolean): FeatureValue {
  const scalar = v.ValueAsString;
  const list = v.ValueAsStringList;
  if (scalar !== undefined && list !== undefined) throw invalidRecord(`Feature ${f.name} has both ValueAsString and ValueAsStringList; send one.`);
  if (scalar === undefined && list === undefined) throw invalidRecord(`Feature ${f.name} has no value: send ValueAsString or ValueAsStringList.`);
  if (!f.collection) {
    if (scalar === undefined) throw invalidRecord(`Feature ${f.name} is not a collection feature: send its value as ValueAsString.`);
    // The event time's own format check is stricter, and says what the format is.
    if (!eventTime) checkScalar(group, f, scalar);
    return scalar;
  }
  if (list === undefined) throw invalidRecord(`Feature ${f.name} is a ${f.collection} feature: send its value as ValueAsStringList.`);
  for (const item of list) checkScalar(group, f, item);
  if (f.collection === 'Vector' && f.dimension !== undefined && list.length !== f.dimension) {
    throw invalidRecord(`Vector feature ${f.name} has dimension ${f.dimension}, but its value has ${list.length} elements.`);
  }
  if (f.collection === 'Set' && new Set(list).size !== list.length) throw invalidRecord(`Set feature ${f.name} has duplicate elements.`);
  return list;
}

/**
 * Checks a PutRecord `Record` against the group: every feature defined and once, each value of
 * its feature's type and form, the identifier and event time present, the event time in the
 * group's format, and the size quotas. Nothing is written unless all of it holds.
 */
export function validRecord(c: CompiledGroup, record: readonly FeatureValueInput[]): ValidRecord {
  const features = validFeatures(c, record);
  const recordId = features.find(([n]) => n === c.idFeature)?.[1];
  if (typeof recordId !== 'string' || recordId === '') throw invalidRecord(`The record must have a value for its record identifier feature ${c.idFeature}.`);
  const eventTime = features.find(([n]) => n === c.timeFeature)?.[1];
  if (typeof eventTime !== 'string' || eventTime === '') throw invalidRecord(`The record must have a value for its event time feature ${c.timeFeature}.`);
  const eventTimeMs = checkEventTime(c, eventTime);
  checkRecordId(recordId);
  const size = recordBytes(features);
  if (size > MAX_RECORD_BYTES) throw invalidRecord(`The record is ${size} bytes; a record can be at most ${MAX_RECORD_BYTES} bytes (350 KB).`);
  return { features, recordId, eventTime, eventTimeMs };
}

/**
 * Each FeatureValue checked against its definition: defined in the group, given once, of its
 * feature's type and form (the event time's format is its caller's to check). Returns them in
 * request order, as stored.
 */
export function validFeatures(c: CompiledGroup, values: readonly FeatureValueInput[]): Array<[string, FeatureValue]> {
  const name = c.group.name;
  const features: Array<[string, FeatureValue]> = [];
  const seen = new Set<string>();
  for (const v of values) {
    const f = c.features.get(v.FeatureName);
    if (!f) throw invalidRecord(`Feature ${v.FeatureName} is not defined in FeatureGroup ${name}.`);
    if (seen.has(f.name)) throw invalidRecord(`Feature ${f.name} appears more than once in the record.`);
    seen.add(f.name);
    features.push([f.name, checkValue(name, f, v, f.name === c.timeFeature)]);
  }
  return features;
}

/** The event time's instant, or AWS's complaint about its format. */
export function checkEventTime(c: CompiledGroup, value: string): number {
  const ms = c.parseEventTime(value);
  if (ms !== undefined) return ms;
  const format =
    c.timeType === 'Fractional'
      ? 'a Fractional event time is a Unix timestamp in seconds, such as 1700000000 or 1700000000.123'
      : "a String event time is ISO-8601 in the format yyyy-MM-dd'T'HH:mm:ssZ or yyyy-MM-dd'T'HH:mm:ss.SSSZ";
  throw invalidRecord(`Event time ${JSON.stringify(value)} of feature ${c.timeFeature} is not valid: ${format}, between the years 0001 and 9999.`);
}

/** A record identifier within the 2 KB quota (counted in UTF-8 bytes). */
export function checkRecordId(recordId: string): void {
  const bytes = Buffer.byteLength(recordId);
  if (bytes > MAX_RECORD_ID_BYTES) throw invalidRecord(`The record identifier is ${bytes} bytes; it can be at most ${MAX_RECORD_ID_BYTES} bytes (2 KB).`);
}
