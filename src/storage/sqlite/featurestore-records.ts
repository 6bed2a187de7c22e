import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { type FeatureGroupKey, type ListRecordIdsOptions, type OnlineRecord, type RecordGroupShape, type RecordIdPage, type RecordPut, type RecordStore, type RecordUpdate, type RecordWrite, type WriteOutcome } from '../feature-store.js';
import { mergeUpdate, refusal } from '../record-update.js';
import { afterId, pageOf } from '../record-positions.js';
import { RecordCache, type CachedRow } from './featurestore-records-cache.js';
import { recordStatements, toCached, type RecordRow } from './featurestore-records-sql.js';
import { GroupCommit, type Settled } from './featurestore-records-commit.js';
import { deletionMarker, expiryEventTime, putRow, shapeFromJson, shapeToJson } from './featurestore-records-rows.js';
import type { SqliteOfflineOutbox } from './featurestore-outbox.js';
import { deferred, isOpen, transaction } from './node-sqlite.js';

/** A lazy hard-delete of one record found expired on a read, committed with the next writes. */
interface ExpireOp {
  kind: 'expire';
  group: FeatureGroupKey;
  recordId: string;
}

type Op = RecordWrite | ExpireOp;

/** Group names are unique without regard to case (as the control plane keeps them): rows key on the lower-cased name. */
const lc = (name: string) => name.toLowerCase();
const keyOf = (g: FeatureGroupKey) => `${g.accountId}\u0000${g.region}\u0000${lc(g.name)}`;

export interface SqliteRecordStoreOptions {
  clock: Clock;
  /** How often expired records are hard-deleted in the background; 0 turns the sweep off. */
  sweepIntervalMs?: number;
}

/**
 * {@link RecordStore} on SQLite (tables in featurestore-records-schema.ts). Writes are queued and
 * committed together at the end of the event-loop turn: one fsync (synchronous=FULL) covers every
 * write that arrived meanwhile, and each caller's promise resolves only after that commit.
 */
export class SqliteRecordStore implements RecordStore {
  readonly #q;
  readonly #commit: GroupCommit<Op, WriteOutcome>;
  readonly #expireBatch: (now: Date, limit: number) => number;
  /** Shapes already stored, by group: a write stores its group's shape only when it changed. */
  readonly #shapes = new Map<string, RecordGroupShape>();
  readonly #timer: NodeJS.Timeout | undefined;
  /** Parsed committed rows: reads hit memory; every write drops the entries it touches. */
  readonly #cache = new RecordCache();

  constructor(private readonly db: DatabaseSync, private readonly outbox: SqliteOfflineOutbox, private readonly opts: SqliteRecordStoreOptions) {
    this.#q = recordStatements(db);
    // Each write runs in a savepoint of the batch's transaction: a failing one rolls back alone.
    const one = transaction(db, (op: Op, now: Date) => this.#apply(op, now));
    const batch = transaction(db, (ops: Op[], now: Date): Array<Settled<WriteOutcome>> =>
      ops.map((op) => {
        try {
          return { value: one(op, now) };
        } catch (error) {
          // Its savepoint is gone, and with it any shape it stored: store shapes afresh.
          this.#shapes.clear();
          this.#cache.clear();
          return { error };
        }
      }),
    );
    this.#commit = new GroupCommit((ops) => {
      try {
        return batch(ops, this.opts.clock.now());
      } catch (e) {
        this.#shapes.clear();
        this.#cache.clear();
        throw e;
      }
    });
    this.#expireBatch = transaction(db, (now: Date, limit: number) => {
      const rows = this.#q.expired.all(now.getTime(), limit);
      for (const r of rows) {
        const stored = r.shape ? shapeFromJson(r.shape) : undefined;
        this.#expireRow({ accountId: r.account_id, region: r.region, name: stored?.name ?? r.group_name }, r, stored?.shape, now);
      }
      return rows.length;
    });
    const every = opts.sweepIntervalMs ?? 1000;
    if (every > 0) this.#timer = setInterval(() => this.#sweep(), every).unref();
  }

  write(w: RecordWrite): Promise<WriteOutcome> {
    return this.#commit.submit(w);
  }

  get(group: FeatureGroupKey, recordId: string, now: Date): Promise<OnlineRecord | undefined> {
    return Promise.resolve(this.getNow(group, recordId, now));
  }

  /** {@link get} without the promise: SQLite answers at once. */
  getNow(group: FeatureGroupKey, recordId: string, now: Date): OnlineRecord | undefined {
    const key = keyOf(group);
    let row = this.#cache.get(key, recordId);
    if (!row) {
      const r = this.#q.get.get(group.accountId, group.region, lc(group.name), recordId);
      if (!r) return undefined;
      row = this.#remember(key, r);
    }
    return this.#live(group, row, now) ? row.record : undefined;
  }

  getMany(group: FeatureGroupKey, recordIds: readonly string[], now: Date): Promise<Map<string, OnlineRecord>> {
    return Promise.resolve(this.getManyNow(group, recordIds, now));
  }

  /** {@link getMany} without the promise. */
  getManyNow(group: FeatureGroupKey, recordIds: readonly string[], now: Date): Map<string, OnlineRecord> {
    const key = keyOf(group);
    const rows = new Map<string, CachedRow>();
    const missing: string[] = [];
    for (const id of recordIds) {
      const hit = this.#cache.get(key, id);
      if (hit) rows.set(id, hit);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const r of this.#q.getMany.all(group.accountId, group.region, lc(group.name), JSON.stringify(missing))) rows.set(r.record_id, this.#remember(key, r));
    }
    const out = new Map<string, OnlineRecord>();
    for (const id of recordIds) {
      const row = rows.get(id);
      if (row && this.#live(group, row, now)) out.set(id, row.record);
    }
    return out;
  }

  expire(now: Date, limit = 1000): Promise<number> {
    // Settled as a promise, thrown errors included, as a network store's would be.
    try {
      return Promise.resolve(this.#expireBatch(now, limit));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Done by the time it returns (SQLite is synchronous); the promise is the interface's. */
  dropFeatureGroup(accountId: string, region: string, name: string): Promise<void> {
    const g = { accountId, region, name };
    deferred(this.db, () => {
      this.#q.dropRecords.run(accountId, region, lc(name));
      this.#q.dropShape.run(accountId, region, lc(name));
    });
    this.#shapes.delete(keyOf(g));
    this.#cache.dropGroup(keyOf(g));
    return Promise.resolve();
  }

  /** Stops the background sweep (the database itself belongs to the caller). */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  #remember(key: string, r: RecordRow): CachedRow {
    const row = toCached(r);
    this.#cache.set(key, r.record_id, row, r.features.length);
    return row;
  }

  /** Not soft-deleted and not expired; an expired record is hidden now and hard-deleted soon. */
  #live(group: FeatureGroupKey, row: CachedRow, now: Date): boolean {
    if (row.deleted) return false;
    if (row.expiresAt !== null && row.expiresAt <= now.getTime()) {
      this.#commit.submit({ kind: 'expire', group, recordId: row.record.recordId }).catch(() => undefined);
      return false;
    }
    return true;
  }

  #sweep(): void {
    if (!isOpen(this.db)) return this.close();
    try {
      while (this.#expireBatch(this.opts.clock.now(), 1000) === 1000);
    } catch {
      // A busy or closing database: the next sweep (or the next read) tries again.
    }
  }

  #apply(op: Op, now: Date): WriteOutcome {
    const g = op.group;
    // Whatever this write does to the row, the cached copy is no longer to be trusted.
    this.#cache.delete(keyOf(g), op.recordId);
    let row = this.#q.get.get(g.accountId, g.region, lc(g.name), op.recordId);
    if (op.kind === 'expire') {
      if (row?.expires_at != null && row.expires_at <= now.getTime()) this.#expireRow(g, row, this.#storedShape(g), now);
      return { online: 'skipped' };
    }
    this.#rememberShape(g, op.shape);
    // An expired record is gone (hard-deleted, with its marker) before this write is judged.
    if (row?.expires_at != null && row.expires_at <= now.getTime()) {
      this.#expireRow(g, row, op.shape, now);
      row = undefined;
    }
    if (op.kind === 'update') return this.#update(op, row, now);
    const later = !row || op.eventTimeMs > row.event_time_ms;
    let online: WriteOutcome['online'] = 'skipped';
    if (op.kind === 'put') {
      if (op.online && later) {
        this.#upsertPut(op);
      }
      if (op.online) online = later ? 'written' : 'stale';
      return this.#offline(op.offline ? putRow(op, now) : undefined, online);
    }
    if (op.online) {
      if (!row) online = 'absent';
      else if (!later) online = 'stale';
      else online = 'written';
      // HardDelete that is not later fails: nothing online, no marker (DeleteRecord's documented rule).
      if (online === 'stale' && op.mode === 'HardDelete') return { online };
      if (online === 'written' && op.mode === 'HardDelete') this.#q.remove.run(g.accountId, g.region, lc(g.name), op.recordId);
      // SoftDelete keeps the record, hidden, with the delete's event time for later comparisons.
      if (online === 'written' && op.mode === 'SoftDelete') this.#q.upsert.run(g.accountId, g.region, lc(g.name), op.recordId, '[]', op.eventTime, op.eventTimeMs, null, 1);
    }
    return this.#offline(op.offline ? deletionMarker(g, op.shape, op.recordId, op.eventTime, now, op.apiInvocationTime) : undefined, online);
  }

  /** UpdateRecord: the stored record merged with the update (record-update.ts), written as a put of it. */
  #update(op: RecordUpdate, row: RecordRow | undefined, now: Date): WriteOutcome {
    const stored = row && row.deleted === 0 ? toCached(row).record : undefined;
    const merged = mergeUpdate(stored, op);
    if (merged.outcome !== 'merged') return refusal(merged);
    if (op.online) this.#upsertPut(merged.put);
    return this.#offline(op.offline ? putRow(merged.put, now) : undefined, op.online ? 'written' : 'skipped');
  }

  /** The record a put (or a merged update) leaves online. */
  #upsertPut(put: RecordPut): void {
    const g = put.group;
    this.#q.upsert.run(g.accountId, g.region, lc(g.name), put.recordId, JSON.stringify(put.features), put.eventTime, put.eventTimeMs, put.expiresAt?.getTime() ?? null, 0);
  }

  /** Identifiers in SQLite's order (binary), after the previous page's last one. */
  async listRecordIds(group: FeatureGroupKey, opts: ListRecordIdsOptions): Promise<RecordIdPage> {
    const after = opts.position === undefined ? null : afterId(opts.position);
    const rows = this.#q.list.all(group.accountId, group.region, lc(group.name), after, opts.includeSoftDeleted ? 1 : 0, opts.now.getTime(), opts.limit + 1);
    return pageOf(rows.map((r) => r.record_id), opts.limit);
  }

  #offline(row: Parameters<SqliteOfflineOutbox['append']>[0] | undefined, online: WriteOutcome['online']): WriteOutcome {
    return row ? { online, outboxSequence: this.outbox.append(row) } : { online };
  }

  /** TTL expiry is a hard delete, and AWS adds the deleted record to the offline store. */
  #expireRow(g: FeatureGroupKey, row: RecordRow, shape: RecordGroupShape | undefined, now: Date): void {
    this.#cache.delete(keyOf(g), row.record_id);
    this.#q.remove.run(g.accountId, g.region, lc(g.name), row.record_id);
    if (!shape?.offlineStore || row.deleted) return;
    this.outbox.append(deletionMarker(g, shape, row.record_id, expiryEventTime(shape, row.expires_at!), now, now));
  }

  #storedShape(g: FeatureGroupKey): RecordGroupShape | undefined {
    const r = this.#q.shapeOf.get(g.accountId, g.region, lc(g.name));
    return r ? shapeFromJson(r.shape).shape : undefined;
  }

  #rememberShape(g: FeatureGroupKey, shape: RecordGroupShape): void {
    const key = keyOf(g);
    if (this.#shapes.get(key) === shape) return;
    this.#q.upsertShape.run(g.accountId, g.region, lc(g.name), shapeToJson(g.name, shape));
    this.#shapes.set(key, shape);
  }
}

