import type { FeatureValue, OnlineRecord, RecordPut, RecordUpdate, WriteOutcome } from './feature-store.js';

/** A stored record as an update sees it: live (not soft-deleted, not expired), or undefined when absent. */
export type StoredRecord = Pick<OnlineRecord, 'features' | 'eventTime' | 'eventTimeMs' | 'expiresAt'>;

/** The record an update leaves, as a put of it would write it (online and offline row alike). */
export type MergedUpdate =
  | { outcome: 'absent' }
  | { outcome: 'stale' }
  | { outcome: 'tooLarge'; bytes: number }
  | { outcome: 'merged'; put: RecordPut };

/** A record's size as Feature Store's 350 KB quota counts it: every feature name and value, in UTF-8 bytes. */
export function recordBytes(features: ReadonlyArray<readonly [string, FeatureValue]>): number {
  let n = 0;
  for (const [name, value] of features) {
    n += Buffer.byteLength(name);
    if (typeof value === 'string') n += Buffer.byteLength(value);
    else for (const item of value) n += Buffer.byteLength(item);
  }
  return n;
}

/**
 * UpdateRecord's rule, applied by every record store to the record it holds under its lock:
 * - no live record: `absent` (UpdateRecord does not create records);
 * - an event time earlier than the record's: `stale` (an equal or later one applies);
 * - otherwise the given features replace theirs in place, new ones follow in request order, and
 *   the event-time feature carries the event time kept or given;
 * - ExpiresAt: `ttlMs` after the event time when given, else the record's moved by as much as
 *   the event time moved (the record keeps its TTL setting), else none.
 */
export function mergeUpdate(stored: StoredRecord | undefined, u: RecordUpdate): MergedUpdate {
  if (!stored) return { outcome: 'absent' };
  if (u.eventTimeMs !== undefined && u.eventTimeMs < stored.eventTimeMs) return { outcome: 'stale' };
  const eventTime = u.eventTime ?? stored.eventTime;
  const eventTimeMs = u.eventTimeMs ?? stored.eventTimeMs;
  const changes = new Map<string, FeatureValue>(u.features.map(([n, v]) => [n, v]));
  changes.set(u.shape.eventTimeFeatureName, eventTime);
  const features: Array<readonly [string, FeatureValue]> = stored.features.map(([n, v]) => {
    const next = changes.get(n);
    if (next === undefined) return [n, v];
    changes.delete(n);
    return [n, next];
  });
  for (const [n, v] of changes) features.push([n, v]);
  const bytes = recordBytes(features);
  if (bytes > u.maxRecordBytes) return { outcome: 'tooLarge', bytes };
  const expiresAtMs = u.ttlMs !== undefined ? eventTimeMs + u.ttlMs : stored.expiresAt !== undefined ? stored.expiresAt.getTime() + (eventTimeMs - stored.eventTimeMs) : undefined;
  const { kind: _kind, ttlMs: _ttl, maxRecordBytes: _max, eventTime: _t, eventTimeMs: _ms, ...rest } = u;
  return {
    outcome: 'merged',
    put: { ...rest, kind: 'put', features, eventTime, eventTimeMs, ...(expiresAtMs !== undefined ? { expiresAt: new Date(expiresAtMs) } : {}) },
  };
}

/** What a store answers for an update that did not merge: nothing was written anywhere. */
export function refusal(merged: Exclude<MergedUpdate, { outcome: 'merged' }>): WriteOutcome {
  return merged.outcome === 'tooLarge' ? { online: 'skipped', tooLargeBytes: merged.bytes } : { online: merged.outcome };
}
