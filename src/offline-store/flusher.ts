import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ServerState } from '../services/operation.js';
import type { FeatureGroup, FeatureGroupReader, OfflineOutbox, OutboxClaim, OutboxGroupRef, OutboxRow } from '../storage/feature-store.js';
import { planBatches, type Batch } from './batches.js';
import { creationEpoch, resolvedOutputS3Uri } from './layout.js';
import { registerPartition } from './glue-partitions.js';
import { ParquetEncoder } from './parquet.js';
import { RoleSessions } from './role-sessions.js';
import { blockedReason, isBlockingError, reportStatus } from './status.js';
import { FairSchedule, outboxGroupKey } from './fair-schedule.js';

/** Where the flusher finds the outbox and the groups: `state.outbox` / `state.featureGroups` unless given. */
type FeatureStoreState = ServerState & { outbox?: OfflineOutbox; featureGroups?: FeatureGroupReader };

export interface OfflineFlusherOptions {
  state: ServerState;
  log: Logger;
  /** How often a pass runs when the last one left nothing behind (config `offlineFlushIntervalMs`). */
  intervalMs: number;
  /** A private scratch directory for DuckDB's Parquet files (emptied when first used). */
  tmpDir: string;
  outbox?: () => OfflineOutbox | undefined;
  featureGroups?: () => FeatureGroupReader | undefined;
  /** Rows one group may take per pass (default 10,000): a huge backlog is written over several passes. */
  maxRowsPerGroup?: number;
  /** Rows a group whose last write failed may take per pass (default 100): a blocked group's retry stays cheap. */
  probeRows?: number;
  /** Rows one pass takes at most across groups (default 50,000); the groups it did not reach go first next pass. */
  maxRowsPerPass?: number;
  /** The longest backoff of a failing group (default 32 intervals, at most 30 s; never below one interval). */
  maxBackoffMs?: number;
  /** Rows per Parquet object at most (default 10,000). */
  maxRowsPerFile?: number;
}

/** What one pass did. */
export interface FlushReport {
  rows: number;
  objects: number;
  /** Group keys (`account/region/name@epoch`) that failed and wait out a backoff. */
  failed: string[];
  /** Rows of deleted groups that could not be written, acknowledged without a write. */
  dropped: number;
  /** Group keys in the order this pass served them (fairness is decided here, see fair-schedule.ts). */
  served: string[];
  /** Writable rows were left for the next pass (a group reached its share, or the pass its budget). */
  more: boolean;
}

interface Backoff {
  failures: number;
  retryAt: number;
}

/** Passes a shutdown runs at most (× maxRowsPerPass rows). */
const SHUTDOWN_PASSES = 4;

/**
 * Every server process runs a writer; a group's rows go to one of them at a time through the
 * outbox's claims. The lease outlasts any one PutObject of a batch (renewed before each), so only
 * a writer that died or stalled for a minute loses its rows to another.
 */
const CLAIM_LEASE_MS = 60_000;
/** Names this process's writer in its claims (for operators reading the outbox). */
const CLAIMANT = `${hostname()}:${process.pid}`;

/** This writer's claim was taken over: it stops, and the new holder writes the rows. */
class ClaimLostError extends Error {}

/** Defaults of the bounds above (docs/security/featurestore.md lists them). */
export const OFFLINE_WRITER_DEFAULTS = { maxRowsPerGroup: 10_000, probeRows: 100, maxRowsPerPass: 50_000, maxBackoffCapMs: 30_000, maxRowsPerFile: 10_000 } as const;

/**
 * The offline-store writer. Each pass takes the outbox group by group, fairly (accounts take
 * turns, then groups within an account: see fair-schedule.ts), at most `maxRowsPerGroup` rows
 * of a group and `maxRowsPerPass` in all; for each group it assumes the group's RoleArn as
 * sagemaker.amazonaws.com, encodes Parquet per event-time hour, PutObjects it through S3 as that
 * role (identity and bucket policies enforced), and acknowledges the rows only after S3 stored
 * them. A group whose write fails shows `Blocked` (when it is the customer's to fix) and backs
 * off exponentially, on its own: its rows wait in the outbox, and no other group waits for it.
 * A pass that leaves writable rows behind is followed at once by the next.
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
  #schedule = new FairSchedule();
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

  /** Starts the periodic passes. Each waits for the previous one, so passes never overlap. */
  start(): void {
    this.#stopped = false;
    const loop = (delayMs: number) => {
      this.#timer = setTimeout(() => {
        let more = false;
        void this.flush()
          .then((report) => (more = report.more && report.rows > 0))
          .catch((e) => this.o.log.error({ err: e }, 'offline store flush failed'))
          // Rows left behind by a bounded pass go at once; otherwise wait the interval.
          .finally(() => !this.#stopped && loop(more ? 0 : this.o.intervalMs));
      }, delayMs);
      this.#timer.unref();
    };
    loop(this.o.intervalMs);
  }

  /**
   * Stops the timer, waits for a pass in progress, then runs passes (backoffs ignored in the
   * first) while they make progress, up to SHUTDOWN_PASSES, so a clean shutdown leaves nothing
   * writable behind but the rest of a very large backlog (durable in the outbox).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    try {
      await this.#current;
      let report = await this.flush({ ignoreBackoff: true });
      // Bounded, so a huge backlog cannot hold a shutdown: what is left stays in the outbox for the next start.
      for (let passes = 1; report.more && report.rows > 0 && passes < SHUTDOWN_PASSES; passes++) report = await this.flush();
    } catch (e) {
      this.o.log.error({ err: e }, 'offline store flush at shutdown failed');
    }
    await this.#encoder.close();
  }

  /** Runs one pass now (after any pass in progress). `ignoreBackoff` retries failing groups at once. */
  flush(opts: { ignoreBackoff?: boolean } = {}): Promise<FlushReport> {
    const run = (this.#current ?? Promise.resolve()).catch(() => undefined).then(() => this.#flush(opts.ignoreBackoff ?? false));
    this.#current = run;
    return run;
  }

  async #flush(ignoreBackoff: boolean): Promise<FlushReport> {
    const report: FlushReport = { rows: 0, objects: 0, failed: [], dropped: 0, served: [], more: false };
    const outbox = this.#outbox();
    const groups = this.#groups();
    if (!outbox || !groups) return report;
    const d = OFFLINE_WRITER_DEFAULTS;
    const perGroup = Math.max(1, this.o.maxRowsPerGroup ?? d.maxRowsPerGroup);
    const probe = Math.max(1, Math.min(perGroup, this.o.probeRows ?? d.probeRows));
    const budget = Math.max(1, this.o.maxRowsPerPass ?? d.maxRowsPerPass);
    const pending = await outbox.pendingGroups();
    this.#forgetBackoffsWithoutRows(pending);
    const now = Date.now();
    const waiting = (key: string) => !ignoreBackoff && (this.#backoff.get(key)?.retryAt ?? 0) > now;
    let taken = 0;
    for (const ref of this.#schedule.order(pending, waiting)) {
      if (taken >= budget) {
        report.more = true;
        break;
      }
      const key = outboxGroupKey(ref);
      // A group that failed last time sends a probe: a blocked group's retry encodes little.
      const limit = this.#backoff.has(key) ? probe : perGroup;
      // Another process's writer may hold the group: then it is served there, not here.
      const claim = await outbox.claim(ref, CLAIMANT, limit, CLAIM_LEASE_MS);
      this.#schedule.served(ref);
      report.served.push(key);
      if (!claim) continue;
      // A claim taken over from a dead writer holds all its rows, past `limit`: they are written
      // whole, so the objects are the ones it may already have stored (named from their rows).
      const rows = [...claim.rows];
      taken += rows.length;
      let wrote = false;
      try {
        wrote = await this.#serveGroup(outbox, claim, groups, ref, key, rows, rows.length < limit, report);
      } finally {
        // Rows not acknowledged go to the next claim at once (a claim with none left is gone already).
        await outbox.release(claim).catch(() => undefined);
      }
      if (wrote && rows.length >= limit) report.more = true;
    }
    this.#schedule.endPass();
    return report;
  }

  /** A backoff only matters while its group has rows waiting. */
  #forgetBackoffsWithoutRows(pending: readonly OutboxGroupRef[]): void {
    if (this.#backoff.size === 0) return;
    const present = new Set(pending.map(outboxGroupKey));
    for (const key of this.#backoff.keys()) if (!present.has(key)) this.#backoff.delete(key);
  }

  /**
   * One group's share of a pass: write it, or mark it failed, or drop the rows of a group that
   * is gone. `complete` says these are all the group's pending rows. True when the rows were written.
   */
  async #serveGroup(outbox: OfflineOutbox, claim: OutboxClaim, groups: FeatureGroupReader, ref: OutboxGroupRef, key: string, rows: OutboxRow[], complete: boolean, report: FlushReport): Promise<boolean> {
    const live = await groups.getFeatureGroup(ref.accountId, ref.region, ref.featureGroupName);
    const current = live && creationEpoch(live.createdAt) === creationEpoch(ref.featureGroupCreatedAt) ? live : undefined;
    if (current) this.#known.set(key, current);
    // Rows accepted just before DeleteFeatureGroup are still written, with the group as last seen.
    const group = current ?? this.#known.get(key);
    if (group?.offlineStoreConfig && (await this.#writeGroup(outbox, claim, current ? groups : undefined, group, key, rows, report))) {
      this.#backoff.delete(key);
      if (!current && complete) this.#known.delete(key);
      return true;
    }
    if (group?.offlineStoreConfig && current) {
      report.failed.push(key);
      return false;
    }
    // The group is gone (deleted, or deleted and re-created) and its rows cannot be written:
    // there is no role, location or status left to hold them for.
    this.o.log.warn({ group: key, rows: rows.length }, 'offline store rows dropped: their feature group is gone (or has no offline store)');
    await outbox.acknowledgeClaimed(claim, rows.map((r) => r.sequence));
    if (complete) this.#known.delete(key);
    this.#backoff.delete(key);
    report.dropped += rows.length;
    return false;
  }

  /** How long a group waits after its `failures`-th failure in a row: doubling from one interval, capped. */
  backoffMs(failures: number): number {
    const interval = this.o.intervalMs;
    const cap = Math.max(interval, this.o.maxBackoffMs ?? Math.min(OFFLINE_WRITER_DEFAULTS.maxBackoffCapMs, interval * 32));
    return Math.min(cap, interval * 2 ** Math.min(failures - 1, 30));
  }

  /**
   * Writes one group's batches in order; false (and Blocked, backoff) at the first failure.
   * `groups` is where to report the status: absent for a deleted group.
   */
  async #writeGroup(outbox: OfflineOutbox, claim: OutboxClaim, groups: FeatureGroupReader | undefined, group: FeatureGroup, key: string, rows: OutboxRow[], report: FlushReport): Promise<boolean> {
    let batch: Batch | undefined;
    try {
      const principal = await this.#sessions.principalFor(group);
      for (batch of planBatches(group, rows, this.o.maxRowsPerFile ?? OFFLINE_WRITER_DEFAULTS.maxRowsPerFile)) {
        // A writer that lost its claim (stalled past the lease; another took the rows over) stops:
        // the other writes these rows, to the same objects.
        if (!(await outbox.renew(claim, CLAIM_LEASE_MS))) throw new ClaimLostError();
        const body = await this.#encoder.encode(group, batch.rows, this.o.state.clock.now());
        // The offline store's KmsKeyId encrypts each object with that key, as the group's role: the key policy and the role decide (SSE-KMS).
        const kmsKeyId = group.offlineStoreConfig?.S3StorageConfig.KmsKeyId;
        const encryption = kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } : {};
        await this.o.state.internal.call(principal, 's3', 'PutObject', { Bucket: batch.location.bucket, Key: batch.location.key, Body: body, ...encryption }, { region: group.region });
        // Before the acknowledgement: a crash in between rewrites the same key and registers again.
        await registerPartition(this.o.state, group, batch.partition, resolvedOutputS3Uri(group)!);
        if (!(await outbox.acknowledgeClaimed(claim, batch.rows.map((r) => r.sequence)))) throw new ClaimLostError();
        report.rows += batch.rows.length;
        report.objects++;
      }
      if (groups && (await reportStatus(groups, group, { Status: 'Active' }))) this.o.log.info({ group: group.arn }, 'offline store is active again');
      return true;
    } catch (e) {
      if (e instanceof ClaimLostError) {
        this.o.log.warn({ group: group.arn }, 'offline store rows taken over by another writer (this one outlived its claim)');
        return false;
      }
      this.#sessions.forget(group);
      const failures = (this.#backoff.get(key)?.failures ?? 0) + 1;
      this.#backoff.set(key, { failures, retryAt: Date.now() + this.backoffMs(failures) });
      if (isBlockingError(e)) {
        const reason = blockedReason(e, batch?.location);
        if (groups && (await reportStatus(groups, group, { Status: 'Blocked', BlockedReason: reason }))) this.o.log.warn({ group: group.arn, reason }, 'offline store is blocked');
      } else this.o.log.error({ err: e, group: group.arn }, 'offline store write failed; will retry');
      return false;
    }
  }
}
