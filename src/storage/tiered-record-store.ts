import type { FeatureGroupKey, ListRecordIdsOptions, OnlineRecord, RecordIdPage, RecordStore, RecordWrite, WriteOutcome } from './feature-store.js';

/**
 * Routes each group's records by its online StorageType: InMemory groups to the in-memory tier
 * (Redis/Valkey, `--online-memory`), every other group to the standard store (SQLite or
 * PostgreSQL, with its offline outbox). A group's tier cannot change after creation (Standard may become Standard_V2, which stays in the standard store), so its records never move.
 */
export class TieredRecordStore implements RecordStore {
  constructor(private readonly standard: RecordStore, private readonly inMemory: RecordStore) {}

  #of(group: FeatureGroupKey): RecordStore {
    return group.storageType === 'InMemory' ? this.inMemory : this.standard;
  }

  write(w: RecordWrite): Promise<WriteOutcome> {
    return this.#of(w.group).write(w);
  }

  get(group: FeatureGroupKey, recordId: string, now: Date): Promise<OnlineRecord | undefined> {
    return this.#of(group).get(group, recordId, now);
  }

  getMany(group: FeatureGroupKey, recordIds: readonly string[], now: Date): Promise<Map<string, OnlineRecord>> {
    return this.#of(group).getMany(group, recordIds, now);
  }

  listRecordIds(group: FeatureGroupKey, opts: ListRecordIdsOptions): Promise<RecordIdPage> {
    return this.#of(group).listRecordIds(group, opts);
  }

  async expire(now: Date, limit?: number): Promise<number> {
    return (await this.standard.expire(now, limit)) + (await this.inMemory.expire(now, limit));
  }

  /** The name alone does not say the tier (the group is gone): both forget it. */
  async dropFeatureGroup(accountId: string, region: string, name: string): Promise<void> {
    await this.standard.dropFeatureGroup(accountId, region, name);
    await this.inMemory.dropFeatureGroup(accountId, region, name);
  }
}
