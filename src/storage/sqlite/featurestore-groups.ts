import type { DatabaseSync } from 'node:sqlite';
import {
  FeatureGroupExistsError,
  type FeatureGroup,
  type FeatureGroupStore,
  type FeatureMetadata,
  type OfflineStoreStatus,
} from '../feature-store.js';
import {
  cacheKey,
  deepFreeze,
  groupDocument,
  mergedFeatures,
  nameKey as key,
  offlineStatusDocument,
  toFeatures,
  toGroup,
  type GroupRow,
} from './featurestore-groups-documents.js';
import { immediate, prepare } from './node-sqlite.js';

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

  async getFeatureGroup(accountId: string, region: string, name: string): Promise<FeatureGroup | undefined> {
    return this.#group(accountId, region, name);
  }

  #group(accountId: string, region: string, name: string): FeatureGroup | undefined {
    const cached = this.#cache.get(cacheKey(accountId, region, name));
    if (cached) return cached;
    const row = this.#q.get.get(accountId, region, key(name));
    if (!row) return undefined;
    const group = deepFreeze(toGroup(row));
    this.#cache.set(cacheKey(accountId, region, name), group);
    return group;
  }

  async listFeatureGroups(accountId: string, region: string): Promise<FeatureGroup[]> {
    return this.#q.list.all(accountId, region).map((r) => deepFreeze(toGroup(r)));
  }

  async countFeatureGroups(accountId: string, region: string): Promise<number> {
    return this.#q.count.get(accountId, region)!.n;
  }

  async createFeatureGroup(group: FeatureGroup, features: readonly FeatureMetadata[]): Promise<void> {
    immediate(this.db, () => {
      const existing = this.#group(group.accountId, group.region, group.name);
      if (existing) throw new FeatureGroupExistsError(existing);
      this.#q.insert.run(
        group.accountId, group.region, key(group.name), group.createdAt.getTime(), groupDocument(group), offlineStatusDocument(group), JSON.stringify(features),
      );
    });
    this.#forget(group.accountId, group.region, group.name);
  }

  async saveFeatureGroup(group: FeatureGroup): Promise<boolean> {
    const changed = this.#q.save.run(groupDocument(group), group.accountId, group.region, key(group.name)).changes > 0;
    this.#forget(group.accountId, group.region, group.name);
    return changed;
  }

  async updateFeatureGroup(accountId: string, region: string, name: string, change: (group: FeatureGroup) => FeatureGroup): Promise<FeatureGroup | undefined> {
    // Read, change and write with no await between: nothing else runs on this database meanwhile.
    const current = this.#group(accountId, region, name);
    if (!current) return undefined;
    const next = change(current);
    this.#q.save.run(groupDocument(next), accountId, region, key(name));
    this.#forget(accountId, region, name);
    return next;
  }

  async deleteFeatureGroup(accountId: string, region: string, name: string): Promise<boolean> {
    const deleted = this.#q.delete.run(accountId, region, key(name)).changes > 0;
    this.#forget(accountId, region, name);
    return deleted;
  }

  async setOfflineStoreStatus(accountId: string, region: string, name: string, status: OfflineStoreStatus): Promise<void> {
    this.#q.status.run(JSON.stringify(status), accountId, region, key(name));
    this.#forget(accountId, region, name);
  }

  async listFeatureMetadata(accountId: string, region: string, name: string): Promise<FeatureMetadata[]> {
    const row = this.#q.features.get(accountId, region, key(name));
    return row ? toFeatures(row.features) : [];
  }

  async putFeatureMetadata(accountId: string, region: string, name: string, features: readonly FeatureMetadata[] | ((stored: readonly FeatureMetadata[]) => readonly FeatureMetadata[])): Promise<boolean> {
    return immediate(this.db, () => {
      const row = this.#q.features.get(accountId, region, key(name));
      if (!row) return false;
      const put = typeof features === 'function' ? features(toFeatures(row.features)) : features;
      this.#q.putFeatures.run(mergedFeatures(row.features, put), accountId, region, key(name));
      return true;
    });
  }

  #forget(accountId: string, region: string, name: string): void {
    this.#cache.delete(cacheKey(accountId, region, name));
  }
}
