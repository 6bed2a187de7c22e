import type { DatabaseSync } from 'node:sqlite';
import {
  FeatureGroupExistsError,
  type FeatureGroup,
  type FeatureGroupStore,
  type FeatureMetadata,
  type OfflineStoreStatus,
} from '../feature-store.js';
import { immediate, prepare } from './node-sqlite.js';

interface GroupRow {
  document: string;
  offline_status: string | null;
}

/** Dates travel through JSON as ISO strings; these are the members that hold them. */
const GROUP_DATES = ['createdAt', 'lastModifiedAt'] as const;
const FEATURE_DATES = ['createdAt', 'lastModifiedAt'] as const;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function toGroup(row: GroupRow): FeatureGroup {
  const doc = JSON.parse(row.document) as Record<string, unknown>;
  for (const k of GROUP_DATES) doc[k] = new Date(doc[k] as string);
  delete doc['offlineStoreStatus'];
  if (row.offline_status !== null) doc['offlineStoreStatus'] = JSON.parse(row.offline_status) as OfflineStoreStatus;
  return doc as unknown as FeatureGroup;
}

function toFeatures(text: string): FeatureMetadata[] {
  return (JSON.parse(text) as Array<Record<string, unknown>>).map((f) => {
    for (const k of FEATURE_DATES) f[k] = new Date(f[k] as string);
    return f as unknown as FeatureMetadata;
  });
}

const key = (name: string): string => name.toLowerCase();

/**
 * {@link FeatureGroupStore} on the embedded SQLite database. The runtime reads a group on every
 * record operation, so parsed groups are cached in memory (this process is the database's only
 * writer) and handed out deep-frozen: callers build changed copies, never edit them.
 */
export class SqliteFeatureGroupStore implements FeatureGroupStore {
  readonly #q;
  readonly #cache = new Map<string, FeatureGroup>();

  constructor(private readonly db: DatabaseSync) {
    this.#q = {
      get: prepare<[string, string, string], GroupRow>(db, 'SELECT document, offline_status FROM feature_groups WHERE account_id = ? AND region = ? AND name_key = ?'),
      list: prepare<[string, string], GroupRow>(db, 'SELECT document, offline_status FROM feature_groups WHERE account_id = ? AND region = ? ORDER BY created_at, name_key'),
      count: prepare<[string, string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM feature_groups WHERE account_id = ? AND region = ?'),
      insert: db.prepare('INSERT INTO feature_groups (account_id, region, name_key, created_at, document, offline_status, features) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      save: db.prepare('UPDATE feature_groups SET document = ? WHERE account_id = ? AND region = ? AND name_key = ?'),
      delete: db.prepare('DELETE FROM feature_groups WHERE account_id = ? AND region = ? AND name_key = ?'),
      status: db.prepare('UPDATE feature_groups SET offline_status = ? WHERE account_id = ? AND region = ? AND name_key = ?'),
      features: prepare<[string, string, string], { features: string }>(db, 'SELECT features FROM feature_groups WHERE account_id = ? AND region = ? AND name_key = ?'),
      putFeatures: db.prepare('UPDATE feature_groups SET features = ? WHERE account_id = ? AND region = ? AND name_key = ?'),
    };
  }

  getFeatureGroup(accountId: string, region: string, name: string): FeatureGroup | undefined {
    const cacheKey = `${accountId}|${region}|${key(name)}`;
    const cached = this.#cache.get(cacheKey);
    if (cached) return cached;
    const row = this.#q.get.get(accountId, region, key(name));
    if (!row) return undefined;
    const group = deepFreeze(toGroup(row));
    this.#cache.set(cacheKey, group);
    return group;
  }

  listFeatureGroups(accountId: string, region: string): FeatureGroup[] {
    return this.#q.list.all(accountId, region).map((r) => deepFreeze(toGroup(r)));
  }

  countFeatureGroups(accountId: string, region: string): number {
    return this.#q.count.get(accountId, region)!.n;
  }

  createFeatureGroup(group: FeatureGroup, features: readonly FeatureMetadata[]): void {
    immediate(this.db, () => {
      const existing = this.getFeatureGroup(group.accountId, group.region, group.name);
      if (existing) throw new FeatureGroupExistsError(existing);
      const { offlineStoreStatus, ...rest } = group;
      this.#q.insert.run(
        group.accountId, group.region, key(group.name), group.createdAt.getTime(), JSON.stringify(rest),
        offlineStoreStatus ? JSON.stringify(offlineStoreStatus) : null, JSON.stringify(features),
      );
    });
    this.#forget(group.accountId, group.region, group.name);
  }

  saveFeatureGroup(group: FeatureGroup): boolean {
    const { offlineStoreStatus: _ignored, ...rest } = group;
    const changed = this.#q.save.run(JSON.stringify(rest), group.accountId, group.region, key(group.name)).changes > 0;
    this.#forget(group.accountId, group.region, group.name);
    return changed;
  }

  deleteFeatureGroup(accountId: string, region: string, name: string): boolean {
    const deleted = this.#q.delete.run(accountId, region, key(name)).changes > 0;
    this.#forget(accountId, region, name);
    return deleted;
  }

  setOfflineStoreStatus(accountId: string, region: string, name: string, status: OfflineStoreStatus): void {
    this.#q.status.run(JSON.stringify(status), accountId, region, key(name));
    this.#forget(accountId, region, name);
  }

  listFeatureMetadata(accountId: string, region: string, name: string): FeatureMetadata[] {
    const row = this.#q.features.get(accountId, region, key(name));
    return row ? toFeatures(row.features) : [];
  }

  putFeatureMetadata(accountId: string, region: string, name: string, features: readonly FeatureMetadata[]): boolean {
    return immediate(this.db, () => {
      const row = this.#q.features.get(accountId, region, key(name));
      if (!row) return false;
      const byName = new Map(toFeatures(row.features).map((f) => [f.featureName, f]));
      for (const f of features) byName.set(f.featureName, f);
      this.#q.putFeatures.run(JSON.stringify([...byName.values()]), accountId, region, key(name));
      return true;
    });
  }

  #forget(accountId: string, region: string, name: string): void {
    this.#cache.delete(`${accountId}|${region}|${key(name)}`);
  }
}
