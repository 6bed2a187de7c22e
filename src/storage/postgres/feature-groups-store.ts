import type pg from 'pg';
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
} from '../sqlite/featurestore-groups-documents.js';
import type { ChangeTopic, PgDatabase } from './database.js';

const KEY = 'account_id = $1 AND region = $2 AND name_key = $3';
const TOPIC: readonly ChangeTopic[] = ['feature-groups'];

/**
 * {@link FeatureGroupStore} on PostgreSQL, shared by every server process. The runtime reads a
 * group on every record operation, so parsed groups are cached in memory, as the SQLite store
 * does; since other processes write too, every write announces `feature-groups` in its
 * transaction and each process empties its cache when it hears it (or when the notice
 * connection comes back: notices may have been missed). A process sees its own writes at once,
 * another's as soon as the notice arrives. Two creates of one name meet in the primary key:
 * one wins, the other gets FeatureGroupExistsError with the winner.
 */
export class PgFeatureGroupStore implements FeatureGroupStore {
  readonly #cache = new Map<string, FeatureGroup>();
  /**
   * Counts cache invalidations: a read caches its row only when no invalidation happened while
   * it was in flight, so a row read before a change never lands in the cache after the change
   * emptied it.
   */
  #generation = 0;

  constructor(private readonly db: PgDatabase) {
    db.onChange('feature-groups', () => {
      this.#generation++;
      this.#cache.clear();
    });
  }

  async getFeatureGroup(accountId: string, region: string, name: string): Promise<FeatureGroup | undefined> {
    const cached = this.#cache.get(cacheKey(accountId, region, name));
    if (cached) return cached;
    const generation = this.#generation;
    const { rows } = await this.db.query<GroupRow>(`SELECT document, offline_status FROM feature_groups WHERE ${KEY}`, [accountId, region, key(name)]);
    if (!rows[0]) return undefined;
    const group = deepFreeze(toGroup(rows[0]));
    if (generation === this.#generation) this.#cache.set(cacheKey(accountId, region, name), group);
    return group;
  }

  async listFeatureGroups(accountId: string, region: string): Promise<FeatureGroup[]> {
    const { rows } = await this.db.query<GroupRow>(
      'SELECT document, offline_status FROM feature_groups WHERE account_id = $1 AND region = $2 ORDER BY created_at, name_key COLLATE "C"',
      [accountId, region],
    );
    return rows.map((r) => deepFreeze(toGroup(r)));
  }

  async countFeatureGroups(accountId: string, region: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM feature_groups WHERE account_id = $1 AND region = $2', [accountId, region]);
    return rows[0]!.n;
  }

  async createFeatureGroup(group: FeatureGroup, features: readonly FeatureMetadata[]): Promise<void> {
    const params = [group.accountId, group.region, key(group.name)];
    // The error names the group holding the name; one deleted between the insert and the read
    // frees the name, and the insert is tried again.
    for (let attempt = 1; ; attempt++) {
      const created = await this.#write(async (c) => {
        const inserted = await c.query(
          `INSERT INTO feature_groups (account_id, region, name_key, created_at, document, offline_status, features)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [...params, group.createdAt.getTime(), groupDocument(group), offlineStatusDocument(group), JSON.stringify(features)],
        );
        if (inserted.rowCount === 1) return true;
        const existing = await c.query<GroupRow>(`SELECT document, offline_status FROM feature_groups WHERE ${KEY}`, params);
        // Thrown, so the transaction rolls back and announces nothing: nothing changed.
        if (existing.rows[0]) throw new FeatureGroupExistsError(deepFreeze(toGroup(existing.rows[0])));
        return false;
      }, group);
      if (created) return;
      if (attempt === 5) throw new Error(`feature group ${group.name}: its name was taken and freed again each time it was created`);
    }
  }

  async saveFeatureGroup(group: FeatureGroup): Promise<boolean> {
    return this.#write(async (c) => {
      const { rowCount } = await c.query(`UPDATE feature_groups SET document = $4 WHERE ${KEY}`, [group.accountId, group.region, key(group.name), groupDocument(group)]);
      return rowCount === 1;
    }, group);
  }

  async updateFeatureGroup(accountId: string, region: string, name: string, change: (group: FeatureGroup) => FeatureGroup): Promise<FeatureGroup | undefined> {
    return this.#write(async (c) => {
      // The row stays locked until the transaction ends: a concurrent update waits, then reads this one's result.
      const { rows } = await c.query<GroupRow>(`SELECT document, offline_status FROM feature_groups WHERE ${KEY} FOR UPDATE`, [accountId, region, key(name)]);
      if (!rows[0]) return undefined;
      const next = change(deepFreeze(toGroup(rows[0])));
      await c.query(`UPDATE feature_groups SET document = $4 WHERE ${KEY}`, [accountId, region, key(name), groupDocument(next)]);
      return next;
    }, { accountId, region, name });
  }

  async deleteFeatureGroup(accountId: string, region: string, name: string): Promise<boolean> {
    return this.#write(async (c) => {
      const { rowCount } = await c.query(`DELETE FROM feature_groups WHERE ${KEY}`, [accountId, region, key(name)]);
      return rowCount === 1;
    }, { accountId, region, name });
  }

  async setOfflineStoreStatus(accountId: string, region: string, name: string, status: OfflineStoreStatus): Promise<void> {
    await this.#write((c) => c.query(`UPDATE feature_groups SET offline_status = $4 WHERE ${KEY}`, [accountId, region, key(name), JSON.stringify(status)]), { accountId, region, name });
  }

  async listFeatureMetadata(accountId: string, region: string, name: string): Promise<FeatureMetadata[]> {
    const { rows } = await this.db.query<{ features: string }>(`SELECT features FROM feature_groups WHERE ${KEY}`, [accountId, region, key(name)]);
    return rows[0] ? toFeatures(rows[0].features) : [];
  }

  /** The row is locked while its list is merged, so concurrent updates from any process all land. */
  async putFeatureMetadata(accountId: string, region: string, name: string, features: readonly FeatureMetadata[] | ((stored: readonly FeatureMetadata[]) => readonly FeatureMetadata[])): Promise<boolean> {
    return this.#write(async (c) => {
      const { rows } = await c.query<{ features: string }>(`SELECT features FROM feature_groups WHERE ${KEY} FOR UPDATE`, [accountId, region, key(name)]);
      if (!rows[0]) return false;
      const put = typeof features === 'function' ? features(toFeatures(rows[0].features)) : features;
      await c.query(`UPDATE feature_groups SET features = $4 WHERE ${KEY}`, [accountId, region, key(name), mergedFeatures(rows[0].features, put)]);
      return true;
    }, { accountId, region, name });
  }

  /**
   * `fn` in a transaction that announces `feature-groups` (every write does: other processes'
   * listeners may keep anything about groups); this process forgets the group at once, without
   * waiting for its own notice.
   */
  async #write<R>(fn: (c: pg.PoolClient) => Promise<R>, group: { accountId: string; region: string; name: string }): Promise<R> {
    try {
      return await this.db.transaction(fn, TOPIC);
    } finally {
      this.#generation++;
      this.#cache.delete(cacheKey(group.accountId, group.region, group.name));
    }
  }
}
