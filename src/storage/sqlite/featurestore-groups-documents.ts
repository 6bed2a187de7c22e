import type { FeatureGroup, FeatureMetadata, OfflineStoreStatus } from '../feature-store.js';

/**
 * How a feature group is kept as a row, in SQLite and PostgreSQL alike, so the two stores' rows
 * mean the same: the group as one JSON document (its offline store status apart, in a column of
 * its own), its features' metadata as a JSON list, both keyed by the lower-case name.
 */

export interface GroupRow {
  document: string;
  offline_status: string | null;
}

/** Dates travel through JSON as ISO strings; these are the members that hold them. */
const GROUP_DATES = ['createdAt', 'lastModifiedAt'] as const;
const FEATURE_DATES = ['createdAt', 'lastModifiedAt'] as const;

/** Cached groups are shared between callers: frozen, so no caller edits another's copy. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function toGroup(row: GroupRow): FeatureGroup {
  const doc = JSON.parse(row.document) as Record<string, unknown>;
  for (const k of GROUP_DATES) doc[k] = new Date(doc[k] as string);
  delete doc['offlineStoreStatus'];
  if (row.offline_status !== null) doc['offlineStoreStatus'] = JSON.parse(row.offline_status) as OfflineStoreStatus;
  return doc as unknown as FeatureGroup;
}

/** The group's document: everything but its offline store status, which the writer reports apart. */
export function groupDocument(group: FeatureGroup): string {
  const { offlineStoreStatus: _apart, ...rest } = group;
  return JSON.stringify(rest);
}

export function offlineStatusDocument(group: FeatureGroup): string | null {
  return group.offlineStoreStatus ? JSON.stringify(group.offlineStoreStatus) : null;
}

export function toFeatures(text: string): FeatureMetadata[] {
  return (JSON.parse(text) as Array<Record<string, unknown>>).map((f) => {
    for (const k of FEATURE_DATES) f[k] = new Date(f[k] as string);
    return f as unknown as FeatureMetadata;
  });
}

/** The stored list after adding or replacing `features` (by name): replaced ones keep their place, new ones go last. */
export function mergedFeatures(stored: string, features: readonly FeatureMetadata[]): string {
  const byName = new Map(toFeatures(stored).map((f) => [f.featureName, f]));
  for (const f of features) byName.set(f.featureName, f);
  return JSON.stringify([...byName.values()]);
}

/** Names are unique without regard to case: rows are keyed by the lower-case name. */
export const nameKey = (name: string): string => name.toLowerCase();

/** The in-memory cache's key of a group. */
export const cacheKey = (accountId: string, region: string, name: string): string => `${accountId}|${region}|${nameKey(name)}`;
