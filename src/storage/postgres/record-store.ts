import type { Clock } from '../../core/clock.js';
import type { FeatureGroupKey, ListRecordIdsOptions, NewOutboxRow, OnlineRecord, RecordGroupShape, RecordIdPage, RecordPut, RecordStore, RecordUpdate, RecordWrite, WriteOutcome } from '../feature-store.js';
import { mergeUpdate, refusal } from '../record-update.js';
import { afterId, pageOf } from '../record-positions.js';
import { deletionMarker, expiryEventTime, putRow, shapeFromJson, shapeToJson } from '../sqlite/featurestore-records-rows.js';
import type { PgDatabase, Queryable } from './database.js';
import type { PgOfflineOutbox } from './outbox.js';
import { isExpired, isLive, SQL, toRecord, type ExpiredRow, type RecordRow } from './record-store-sql.js';

/** Group names are unique without regard to case (as the control plane keeps them): rows key on the lower-cased name. */
const lc = (name: string) => name.toLowerCase();
const keyOf = (g: Pick<FeatureGroupKey, 'accountId' | 'region' | 'name'>) => [g.accountId, g.region, lc(g.name)];

/**
 * How often one write starts over after finding that a concurrent write created its record
 * between its look and its insert. Each retry finds the record there (and waits on its lock),
 * so more than one happens only when hard deletes and creates of one record keep interleaving.
 */
const MAX_ATTEMPTS = 8;

export interface PgRecordStoreOptions {
  clock: Clock;
  /** How often expired records are hard-deleted in the background; 0 turns the sweep off. */
  sweepIntervalMs?: number;
}

/**
 * {@link RecordStore} on PostgreSQL for the Standard tier, shared by every server process (tables
 * in records-schema.ts). Each write is one transaction: its online change and its outbox row
 * commit together, as in SQLite. Two writes of one record, from any processes, serialise on the
 * record's row lock (or, for a record not yet there, on its primary key: the second insert waits
 * for the first and then judges against it), so the later event time wins whatever the order,
 * exactly as SQLite's single writer decides.
 *
 * Unlike the SQLite store it keeps no read cache: every process writes these rows, so a copy in
 * one process's memory would go stale without that process hearing of it, and processes would
 * disagree about a record. Nor does a read hard-delete the expired record it hides (SQLite's lazy
 * expiry): the sweep, which every process runs and SKIP LOCKED shares out, does that.
 */
export class PgRecordStore implements RecordStore {
  readonly #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;

  constructor(private readonly db: PgDatabase, private readonly outbox: PgOfflineOutbox, private readonly opts: PgRecordStoreOptions) {
    const every = opts.sweepIntervalMs ?? 1000;
    if (every > 0) this.#timer = setInterval(() => this.#sweep(), every).unref();
  }

  write(w: RecordWrite): Promise<WriteOutcome> {
    const now = this.opts.clock.now();
    return this.db.transaction((c) => this.#apply(c, w, now));
  }

  async get(group: FeatureGroupKey, recordId: string, now: Date): Promise<OnlineRecord | undefined> {
    const r = await this.db.query<RecordRow>(SQL.get, [...keyOf(group), recordId]);
    const row = r.rows[0];
    return row && isLive(row, now) ? toRecord(row) : undefined;
  }

  async getMany(group: FeatureGroupKey, recordIds: readonly string[], now: Date): Promise<Map<string, OnlineRecord>> {
    const out = new Map<string, OnlineRecord>();
    if (recordIds.length === 0) return out;
    const r = await this.db.query<RecordRow>(SQL.getMany, [...keyOf(group), [...new Set(recordIds)]]);
    const rows = new Map(r.rows.map((row) => [row.record_id, row]));
    for (const id of recordIds) {
      const row = rows.get(id);
      if (row && isLive(row, now)) out.set(id, toRecord(row));
    }
    return out;
  }

  expire(now: Date, limit = 1000): Promise<number> {
    return this.db.transaction(async (c) => {
      const gone = (await c.query<ExpiredRow>(SQL.expire, [now.getTime(), limit])).rows;
      const markers: NewOutboxRow[] = [];
      for (const r of gone) {
        const stored = r.shape ? shapeFromJson(r.shape) : undefined;
        const marker = this.#expiryMarker({ accountId: r.account_id, region: r.region, name: stored?.name ?? r.group_name }, r, stored?.shape, now);
        if (marker) markers.push(marker);
      }
      await this.outbox.appendMany(c, markers);
      return gone.length;
    });
  }

  dropFeatureGroup(accountId: string, region: string, name: string): Promise<void> {
    const key = keyOf({ accountId, region, name });
    return this.db.transaction(async (c) => {
      await c.query(SQL.dropRecords, key);
      await c.query(SQL.dropShape, key);
    });
  }

  /** Stops the background sweep and waits for one in progress (the database belongs to the caller). */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#sweeping;
  }

  #sweep(): void {
    if (this.#sweeping) return;
    const run = async () => {
      while ((await this.expire(this.opts.clock.now(), 1000)) === 1000);
    };
    // A failing sweep (PostgreSQL away for a moment) is retried by the next tick.
    this.#sweeping = run().catch(() => undefined).finally(() => (this.#sweeping = undefined));
  }

  async #apply(c: Queryable, op: RecordWrite, now: Date): Promise<WriteOutcome> {
    const g = op.group;
    const key = keyOf(g);
    await c.query(SQL.saveShape, [...key, shapeToJson(g.name, op.shape)]);
    for (let attempt = 1; ; attempt++) {
      let row: RecordRow | undefined = (await c.query<RecordRow>(SQL.lock, [...key, op.recordId])).rows[0];
      // An expired record is gone (hard-deleted, with its marker) before this write is judged.
      if (row && isExpired(row, now)) {
        await c.query(SQL.remove, [...key, op.recordId]);
        const marker = this.#expiryMarker(g, row, op.shape, now);
        if (marker) await this.outbox.append(c, marker);
        row = undefined;
      }
      if (op.kind === 'update') return this.#update(c, op, row, now);
      const later = !row || op.eventTimeMs > row.event_time_ms;
      if (op.kind === 'put') {
        if (!op.online) return this.#offline(c, op, now, 'skipped');
        if (!later) return this.#offline(c, op, now, 'stale');
        if (row) await c.query(SQL.replace, [...key, ...putValues(op)]);
        else if ((await c.query(SQL.create, [...key, ...putValues(op)])).rowCount === 0) {
          // Created by a concurrent write since the look above (that write has committed now): judge again.
          if (attempt < MAX_ATTEMPTS) continue;
          throw new Error(`record ${op.recordId}: concurrent writes kept recreating it; gave up after ${MAX_ATTEMPTS} attempts`);
        }
        return this.#offline(c, op, now, 'written');
      }
      let online: WriteOutcome['online'] = 'skipped';
      if (op.online) {
        online = !row ? 'absent' : later ? 'written' : 'stale';
        // HardDelete that is not later fails: nothing online, no marker (DeleteRecord's documented rule).
        if (online === 'stale' && op.mode === 'HardDelete') return { online };
        if (online === 'written' && op.mode === 'HardDelete') await c.query(SQL.remove, [...key, op.recordId]);
        // SoftDelete keeps the record, hidden, with the delete's event time for later comparisons.
        if (online === 'written' && op.mode === 'SoftDelete') await c.query(SQL.replace, [...key, op.recordId, '[]', op.eventTime, op.eventTimeMs, null, true]);
      }
      return this.#offline(c, op, now, online);
    }
  }

  /** UpdateRecord on the locked row: merged (record-update.ts), written as a put of the merged record. */
  async #update(c: Queryable, op: RecordUpdate, row: RecordRow | undefined, now: Date): Promise<WriteOutcome> {
    const stored = row && !row.deleted ? toRecord(row) : undefined;
    const merged = mergeUpdate(stored, op);
    if (merged.outcome !== 'merged') return refusal(merged);
    if (op.online) await c.query(SQL.replace, [...keyOf(op.group), ...putValues(merged.put)]);
    return this.#offline(c, merged.put, now, op.online ? 'written' : 'skipped');
  }

  async listRecordIds(group: FeatureGroupKey, opts: ListRecordIdsOptions): Promise<RecordIdPage> {
    const after = opts.position === undefined ? null : afterId(opts.position);
    const r = await this.db.query<{ record_id: string }>(SQL.list, [...keyOf(group), after, opts.includeSoftDeleted, opts.now.getTime(), opts.limit + 1]);
    return pageOf(r.rows.map((row) => row.record_id), opts.limit);
  }

  /** Appends the write's offline row when the offline store is a target. */
  async #offline(c: Queryable, op: RecordPut | Exclude<RecordWrite, RecordUpdate>, now: Date, online: WriteOutcome['online']): Promise<WriteOutcome> {
    if (!op.offline) return { online };
    const row = op.kind === 'put' ? putRow(op, now) : deletionMarker(op.group, op.shape, op.recordId, op.eventTime, now, op.apiInvocationTime);
    return { online, outboxSequence: await this.outbox.append(c, row) };
  }

  /** TTL expiry is a hard delete, and AWS adds the deleted record to the offline store: its marker, if any. */
  #expiryMarker(g: FeatureGroupKey, row: RecordRow, shape: RecordGroupShape | undefined, now: Date): NewOutboxRow | undefined {
    if (!shape?.offlineStore || row.deleted) return undefined;
    return deletionMarker(g, shape, row.record_id, expiryEventTime(shape, row.expires_at!), now, now);
  }
}

/** The columns after the key ($4…$9) of a put's record. */
function putValues(op: RecordPut): unknown[] {
  return [op.recordId, JSON.stringify(op.features), op.eventTime, op.eventTimeMs, op.expiresAt?.getTime() ?? null, false];
}
