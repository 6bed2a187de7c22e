import type { Logger } from 'pino';
import type { ServerState } from '../services/operation.js';
import type { FeatureGroup, FeatureGroupReader, OfflineOutbox, OutboxRow } from '../storage/feature-store.js';
import { planBatches, type Batch } from './batches.js';
import { creationEpoch, resolvedOutputS3Uri } from './layout.js';
import { registerPartition } from './glue-partitions.js';
import { ParquetEncoder } from './parquet.js';
import { RoleSessions } from './role-sessions.js';
import { blockedReason, isBlockingError, reportStatus } from './status.js';

/** Where the flusher finds the outbox and the groups: `state.outbox` / `state.featureGroups` unless given. */
type FeatureStoreState = ServerState & { outbox?: OfflineOutbox; featureGroups?: FeatureGroupReader };

export interface OfflineFlusherOptions {
  state: ServerState;
  log: Logger;
  /** How often the outbox is drained (config `offlineFlushIntervalMs`). */
  intervalMs: number;
  /** A private scratch directory for DuckDB's Parquet files (emptied when first used). */
  tmpDir: string;
  outbox?: () => OfflineOutbox | undefined;
  featureGroups?: () => FeatureGroupReader | undefined;
  /** Rows read from the outbox per page (default 5,000). */
  pageSize?: number;
  /** Pages read per flush while most rows belong to groups waiting out a backoff (default 20). */
  maxPages?: number;
  /** Rows per Parquet object at most (default 10,000). */
  maxRowsPerFile?: number;
}

/** What one flush did. */
export interface FlushReport {
  rows: number;
  objects: number;
  /** Group keys (`account/region/name@epoch`) that failed and wait out a backoff. */
  failed: string[];
  /** Rows of deleted groups that could not be written, acknowledged without a write. */
  dropped: number;
}

interface Backoff {
  failures: number;
  retryAt: number;
}

/**
 * The offline-store writer. Every `intervalMs` (and once more on stop) it drains the outbox,
 * groups rows by feature group and event-time hour, and for each batch assumes the group's
 * RoleArn as sagemaker.amazonaws.com, encodes Parquet, PutObjects it through S3 as that role
 * (identity and bucket policies enforced), and acknowledges the rows only after S3 stored
 * them. A group whose role cannot write shows `Blocked` and backs off; its rows wait.
 *
 * @example
 * const flusher = new OfflineFlusher({ state, log, intervalMs: 1000, tmpDir });
 * flusher.start(); … await flusher.stop();
 */
export class OfflineFlusher {
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<FlushReport> | undefined;
  #stopped = false;
  #backoff = new Map<string, Backoff>();
  /** Each group as last seen, so rows accepted just before its deletion can still be written. */
  #known = new Map<string, FeatureGroup>();
  #sessions: RoleSessions;
  #encoder: ParquetEncoder;
  private readonly o: OfflineFlusherOptions;

  constructor(o: OfflineFlusherOptions) {
    // A bad interval (NaN from the environment, 0) would spin the loop: fall back to the default.
    if (!(o.intervalMs >= 1)) o = { ...o, intervalMs: 1000 };
    this.o = o;
    this.#sessions = new RoleSessions(o.state);
    this.#encoder = new ParquetEncoder(o.tmpDir);
  }

  #outbox(): OfflineOutbox | undefined {
    return this.o.outbox ? this.o.outbox() : (this.o.state as FeatureStoreState).outbox;
  }

  #groups(): FeatureGroupReader | undefined {
    return this.o.featureGroups ? this.o.featureGroups() : (this.o.state as FeatureStoreState).featureGroups;
  }

  /** Starts the periodic flush. Each waits for the previous one, so flushes never overlap. */
  start(): void {
    this.#stopped = false;
    const loop = () => {
      this.#timer = setTimeout(() => {
        void this.flush()
          .catch((e) => this.o.log.error({ err: e }, 'offline store flush failed'))
          .finally(() => !this.#stopped && loop());
      }, this.o.intervalMs);
      this.#timer.unref();
    };
    loop();
  }

  /** Stops the timer, waits for a flush in progress, then flushes once more (backoffs ignored) so a clean shutdown leaves nothing writable behind. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    try {
      await this.#current;
      await this.flush({ ignoreBackoff: true });
    } catch (e) {
      this.o.log.error({ err: e }, 'offline store flush at shutdown failed');
    }
    await this.#encoder.close();
  }

  /** Flushes now (after any flush in progress). `ignoreBackoff` retries blocked groups at once. */
  flush(opts: { ignoreBackoff?: boolean } = {}): Promise<FlushReport> {
    const run = (this.#current ?? Promise.resolve()).catch(() => undefined).then(() => this.#flush(opts.ignoreBackoff ?? false));
    this.#current = run;
    return run;
  }

  async #flush(ignoreBackoff: boolean): Promise<FlushReport> {
    const report: FlushReport = { rows: 0, objects: 0, failed: [], dropped: 0 };
    const outbox = this.#outbox();
    const groups = this.#groups();
    if (!outbox || !groups) return report;
    const { byGroup, complete } = this.#collect(outbox, ignoreBackoff);
    for (const [key, rows] of byGroup) {
      const first = rows[0]!;
      const live = groups.getFeatureGroup(first.accountId, first.region, first.featureGroupName);
      const current = live && creationEpoch(live.createdAt) === creationEpoch(first.featureGroupCreatedAt) ? live : undefined;
      if (current) this.#known.set(key, current);
      // Rows accepted just before DeleteFeatureGroup are still written, with the group as last seen.
      const group = current ?? this.#known.get(key);
      if (group?.offlineStoreConfig && (await this.#writeGroup(outbox, current ? groups : undefined, group, key, rows, report))) {
        this.#backoff.delete(key);
        if (!current && complete) this.#known.delete(key);
        continue;
      }
      if (group?.offlineStoreConfig && current) {
        report.failed.push(key);
        continue;
      }
      // The group is gone (deleted, or deleted and re-created) and its rows cannot be written:
      // there is no role, location or status left to hold them for.
      this.o.log.warn({ group: key, rows: rows.length }, 'offline store rows dropped: their feature group is gone (or has no offline store)');
      outbox.acknowledge(rows.map((r) => r.sequence));
      this.#known.delete(key);
      this.#backoff.delete(key);
      report.dropped += rows.length;
    }
    return report;
  }

  /** The pending rows by group, skipping groups in backoff; pages on (when the outbox can) past rows it skipped. */
  #collect(outbox: OfflineOutbox, ignoreBackoff: boolean): { byGroup: Map<string, OutboxRow[]>; complete: boolean } {
    const pageSize = this.o.pageSize ?? 5000;
    const now = Date.now();
    const byGroup = new Map<string, OutboxRow[]>();
    let collected = 0;
    let page = outbox.pending(pageSize);
    for (let pages = 1; ; pages++) {
      for (const row of page) {
        const key = `${row.accountId}/${row.region}/${row.featureGroupName}@${creationEpoch(row.featureGroupCreatedAt)}`;
        if (!ignoreBackoff && (this.#backoff.get(key)?.retryAt ?? 0) > now) continue;
        const list = byGroup.get(key);
        if (list) list.push(row);
        else byGroup.set(key, [row]);
        collected++;
      }
      // Only whole pages are taken, so each group's rows are every pending row of it up to a
      // sequence: a retry then starts each partition at the same first row (see batches.ts).
      if (page.length < pageSize) return { byGroup, complete: true };
      if (!outbox.pendingAfter || collected >= pageSize || pages >= (this.o.maxPages ?? 20)) return { byGroup, complete: false };
      page = outbox.pendingAfter(page[page.length - 1]!.sequence, pageSize);
    }
  }

  /**
   * Writes one group's batches in order; false (and Blocked, backoff) at the first failure.
   * `groups` is where to report the status: absent for a deleted group.
   */
  async #writeGroup(outbox: OfflineOutbox, groups: FeatureGroupReader | undefined, group: FeatureGroup, key: string, rows: OutboxRow[], report: FlushReport): Promise<boolean> {
    let batch: Batch | undefined;
    try {
      const principal = this.#sessions.principalFor(group);
      for (batch of planBatches(group, rows, this.o.maxRowsPerFile ?? 10_000)) {
        const body = await this.#encoder.encode(group, batch.rows, this.o.state.clock.now());
        await this.o.state.internal.call(principal, 's3', 'PutObject', { Bucket: batch.location.bucket, Key: batch.location.key, Body: body }, { region: group.region });
        // Before the acknowledgement: a crash in between rewrites the same key and registers again.
        registerPartition(this.o.state, group, batch.partition, resolvedOutputS3Uri(group)!);
        outbox.acknowledge(batch.rows.map((r) => r.sequence));
        report.rows += batch.rows.length;
        report.objects++;
      }
      if (groups && reportStatus(groups, group, { Status: 'Active' })) this.o.log.info({ group: group.arn }, 'offline store is active again');
      return true;
    } catch (e) {
      this.#sessions.forget(group);
      const failures = (this.#backoff.get(key)?.failures ?? 0) + 1;
      const maxDelay = Math.max(this.o.intervalMs, Math.min(30_000, this.o.intervalMs * 32));
      this.#backoff.set(key, { failures, retryAt: Date.now() + Math.min(maxDelay, this.o.intervalMs * 2 ** (failures - 1)) });
      if (isBlockingError(e)) {
        const reason = blockedReason(e, batch?.location);
        if (groups && reportStatus(groups, group, { Status: 'Blocked', BlockedReason: reason })) this.o.log.warn({ group: group.arn, reason }, 'offline store is blocked');
      } else this.o.log.error({ err: e, group: group.arn }, 'offline store write failed; will retry');
      return false;
    }
  }
}
