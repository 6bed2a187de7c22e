import type { OnlineRecord } from '../feature-store.js';

/** A row as reads need it: the parsed record, plus what decides whether it is live. */
export interface CachedRow {
  record: OnlineRecord;
  deleted: boolean;
  expiresAt: number | null;
}

/**
 * Parsed online records by group and identifier, so that reads skip SQLite and JSON.parse. It is
 * never the truth, only a copy of committed rows: writes remove the entries they touch (inside
 * their transaction, so a rolled-back write merely costs a reload), and reads fill it. This
 * process is the database's only writer (the data directory is locked), so nothing else can make
 * it stale. Bounded by a count of entries and by the size of their feature JSON; the oldest
 * entries go first.
 */
export class RecordCache {
  readonly #groups = new Map<string, Map<string, CachedRow>>();
  /** Insertion order across groups, for eviction: [group key, record id, weight, the row inserted]. */
  #order: Array<[string, string, number, CachedRow]> = [];
  #head = 0;
  #entries = 0;
  #bytes = 0;

  constructor(private readonly maxEntries = 100_000, private readonly maxBytes = 64 * 1024 * 1024) {}

  get(group: string, recordId: string): CachedRow | undefined {
    return this.#groups.get(group)?.get(recordId);
  }

  /** `size` is the length of the record's feature JSON; every entry also counts a fixed overhead. */
  set(group: string, recordId: string, row: CachedRow, size: number): void {
    const weight = size + 128;
    let rows = this.#groups.get(group);
    if (!rows) this.#groups.set(group, (rows = new Map()));
    if (rows.has(recordId)) return;
    rows.set(recordId, row);
    this.#order.push([group, recordId, weight, row]);
    this.#entries++;
    this.#bytes += weight;
    while (this.#entries > this.maxEntries || this.#bytes > this.maxBytes) this.#evictOldest();
  }

  delete(group: string, recordId: string): void {
    // The order entry stays behind; eviction skips entries that are gone.
    if (this.#groups.get(group)?.delete(recordId)) this.#entries--;
  }

  dropGroup(group: string): void {
    const rows = this.#groups.get(group);
    if (!rows) return;
    this.#entries -= rows.size;
    this.#groups.delete(group);
  }

  clear(): void {
    this.#groups.clear();
    this.#order = [];
    this.#head = 0;
    this.#entries = 0;
    this.#bytes = 0;
  }

  #evictOldest(): void {
    if (this.#head >= this.#order.length) return this.clear();
    const [group, recordId, weight, row] = this.#order[this.#head++]!;
    this.#bytes -= weight;
    // Only the row this entry inserted: a later copy of the same record has an entry of its own.
    const rows = this.#groups.get(group);
    if (rows?.get(recordId) === row) {
      rows.delete(recordId);
      this.#entries--;
    }
    // Compact the order list once its consumed head dominates it.
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
  }
}
