import type { FeatureGroupKey, FeatureValue, RecordGroupShape, RecordPut } from '../feature-store.js';
import type { NewOutboxRow } from './featurestore-outbox.js';

/** Every feature of the group, null until the record gives it a value: offline rows are whole rows. */
function allNull(shape: RecordGroupShape): Record<string, FeatureValue | null> {
  const values: Record<string, FeatureValue | null> = {};
  for (const name of shape.featureNames) values[name] = null;
  return values;
}

/** The offline row of a PutRecord. */
export function putRow(op: RecordPut, now: Date): NewOutboxRow {
  const values = allNull(op.shape);
  for (const [name, value] of op.features) values[name] = value;
  return {
    accountId: op.group.accountId,
    region: op.group.region,
    featureGroupName: op.group.name,
    featureGroupCreatedAt: op.shape.createdAt,
    values,
    eventTime: op.eventTime,
    writeTime: now,
    apiInvocationTime: op.apiInvocationTime,
    isDeleted: false,
  };
}

/**
 * A deletion marker as DeleteRecord documents it: the same record identifier, the delete's event
 * time, every other feature null, is_deleted true. The identifier and event time are also in
 * `values`, since they are columns of the offline row like any other feature.
 */
export function deletionMarker(g: FeatureGroupKey, shape: RecordGroupShape, recordId: string, eventTime: string, now: Date, apiInvocationTime: Date): NewOutboxRow {
  const values = allNull(shape);
  values[shape.recordIdentifierFeatureName] = recordId;
  values[shape.eventTimeFeatureName] = eventTime;
  return {
    accountId: g.accountId,
    region: g.region,
    featureGroupName: g.name,
    featureGroupCreatedAt: shape.createdAt,
    values,
    eventTime,
    writeTime: now,
    apiInvocationTime,
    isDeleted: true,
  };
}

/**
 * The event time of a TTL expiry's marker: the record's ExpiresAt, written as the group's event
 * time feature expects it (Unix seconds for Fractional, ISO-8601 for String).
 */
export function expiryEventTime(shape: RecordGroupShape, expiresAtMs: number): string {
  if (shape.eventTimeType === 'Fractional') return String(expiresAtMs / 1000);
  const iso = new Date(Math.floor(expiresAtMs)).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}

/** The stored shape keeps the group's name as spelled at creation: rows key on it lower-cased. */
export function shapeToJson(name: string, shape: RecordGroupShape): string {
  return JSON.stringify({ ...shape, name, createdAt: shape.createdAt.getTime() });
}

/** The inverse of {@link shapeToJson}. */
export function shapeFromJson(text: string): { name: string; shape: RecordGroupShape } {
  const { name, ...s } = JSON.parse(text) as Omit<RecordGroupShape, 'createdAt'> & { createdAt: number; name: string };
  return { name, shape: { ...s, createdAt: new Date(s.createdAt) } };
}
