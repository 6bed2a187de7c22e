import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { processExists } from '../../core/process-dir.js';
import type { Logger } from 'pino';
import { DEFAULT_ATHENA_QUERY_TIMEOUT_MS } from '../../core/config.js';
import type { Principal } from '../../core/principal.js';
import { ErrorCategory, QueryCancelled, QueryFailure, type QueryResult } from '../../query-engine/types.js';
import type { AthenaErrorRecord, AthenaStore, QueryExecutionRecord, QueryExecutionUpdate } from '../../storage/athena.js';
import type { ServerState } from '../operation.js';
import { CallerCatalog } from './access/caller-catalog.js';
import { CallerStorage } from './access/caller-storage.js';
import { AWS_DATA_CATALOG, glueCatalogAccount } from './data-catalogs.js';
import { tooManyActiveQueries } from './errors.js';
import { bindParameters } from './execution-parameters.js';
import { QuerySlots } from './query-slots.js';
import { resultFileUri } from './result-config.js';
import { renderCsv, renderMetadata, renderText } from './result-files.js';

/** Why a query left QUEUED or RUNNING by a stopped server is FAILED (also written at start-up for a crash). */
export const INTERRUPTED_REASON = 'Query did not finish: the sagelite server stopped while it was queued or running. Run it again.';
export const INTERRUPTED_ERROR: AthenaErrorRecord = { ErrorCategory: ErrorCategory.System, ErrorType: 401, Retryable: true, ErrorMessage: INTERRUPTED_REASON };

/**
 * Why a query that ran longer than the DML query timeout (30 minutes by default) is FAILED.
 * "Query Timeout" is how AWS's knowledge center names this error (the exact StateChangeReason is
 * undocumented); the error catalog calls ErrorTypes 206 and 210 "Query timed out". Not
 * retryable: the same query times out again.
 */
export const TIMEOUT_REASON = 'Query timeout';
export const TIMEOUT_ERROR: AthenaErrorRecord = { ErrorCategory: ErrorCategory.System, ErrorType: 206, Retryable: false, ErrorMessage: TIMEOUT_REASON };

export interface AthenaRunnerOptions {
  /** How long StartQueryExecution waits for the query to finish before answering (config `athenaStartWaitMs`). */
  startWaitMs: number;
  /** Queries running at once on this machine; the rest wait QUEUED (config `athenaMaxConcurrent`). */
  maxConcurrent?: number;
  /** Queries of one account running at once (config `athenaMaxConcurrentPerAccount`); defaults to `maxConcurrent`. */
  maxConcurrentPerAccount?: number;
  /**
   * Queries of one account running or queued at once (config `athenaMaxActivePerAccount`);
   * StartQueryExecution past it is TooManyRequestsException. Unlimited when absent.
   */
  maxActivePerAccount?: number;
  /** How long a query may run (from RUNNING) before it is interrupted and FAILED (config `athenaQueryTimeoutMs`). */
  queryTimeoutMs?: number;
  log?: Logger;
}

interface Running {
  /** Aborted by StopQueryExecution or close(). */
  controller: AbortController;
  done: Promise<void>;
}

/** Substatements whose row count Athena reports as UpdateCount. */
/**
 * Fails the executions whose owner is gone: silent for {@link ORPHANED_AFTER_MS}, or, at once,
 * a process of this host that no longer exists (owners are `host:pid:uuid`; a pid reused by
 * another process only delays this to the silence rule).
 */
export async function failOrphanedExecutions(athena: AthenaStore, now: Date): Promise<number> {
  const here = `${hostname()}:`;
  const dead = (await athena.unfinishedOwners()).filter((owner) => {
    if (!owner.startsWith(here)) return false;
    const pid = Number(owner.slice(here.length).split(':')[0]);
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processExists(pid);
  });
  return athena.failOrphaned(now, Date.now() - ORPHANED_AFTER_MS, INTERRUPTED_REASON, INTERRUPTED_ERROR, dead);
}


/** How often a process with executions running says so (and learns of stops made elsewhere). */
const HEARTBEAT_MS = 2_000;
/** A process silent this long is gone: its unfinished executions are failed by whoever notices first. */
export const ORPHANED_AFTER_MS = 60_000;

const COUNTING = new Set(['INSERT', 'CREATE_TABLE_AS_SELECT', 'UNLOAD']);

/**
 * Runs query executions in the background: QUEUED → RUNNING → the engine, as the principal
 * who started it (CallerCatalog/CallerStorage, so Glue and S3 see the caller's own
 * permissions) → the result object and its metadata written under the OutputLocation with the
 * effective result configuration → SUCCEEDED; or FAILED (QueryFailure, a refused write, the
 * query timeout) or CANCELLED (StopQueryExecution). A finished state is never overwritten.
 * Slots are shared fairly between accounts ({@link QuerySlots}): each account has its own queue
 * and its own limit under the machine's.
 *
 * @example
 * const runner = new AthenaQueryRunner(() => state, { startWaitMs: 200 });
 * await runner.submit(record, principal); // record.state 'QUEUED'; stored by the runner
 */
export class AthenaQueryRunner {
  readonly #running = new Map<string, Running>();
  readonly #slots: QuerySlots;
  #closing = false;

  /** This process's name on the executions it runs (unique per process start). */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  #beat?: NodeJS.Timeout;
  #beats = 0;

  constructor(
    private readonly state: () => ServerState,
    private readonly options: AthenaRunnerOptions,
  ) {
    const global = options.maxConcurrent ?? 4;
    this.#slots = new QuerySlots({ global, perAccount: Math.min(options.maxConcurrentPerAccount ?? global, global) });
  }

  /**
   * For several server processes on one database: every {@link HEARTBEAT_MS} this process says
   * it is alive for the executions it runs, and aborts those the store no longer lists as its
   * own and unfinished (StopQueryExecution reached another process, or they were failed as
   * orphans); every tenth beat it fails the executions of processes that stopped beating
   * ({@link ORPHANED_AFTER_MS}: they died, and nobody else will run their queries).
   */
  startHeartbeats(): void {
    this.#beat = setInterval(() => void this.#heartbeat().catch((err: unknown) => this.options.log?.warn({ err }, 'Athena heartbeat failed')), HEARTBEAT_MS);
    this.#beat.unref();
  }

  async #heartbeat(): Promise<void> {
    const athena = this.state().athena;
    const started = new Date();
    const known = [...this.#running.keys()];
    if (known.length > 0) {
      const mine = new Set(await athena.heartbeat(this.owner, started));
      for (const id of known) if (!mine.has(id)) this.#running.get(id)?.controller.abort();
    }
    if (++this.#beats % 10 === 0) {
      const failed = await failOrphanedExecutions(athena, this.state().clock.now());
      if (failed > 0) this.options.log?.warn({ failed }, 'Athena queries of a server process that stopped are marked FAILED');
    }
  }

  /**
   * Records a new QUEUED execution and starts it; resolves once it finished or the start wait
   * ran out. Throws TooManyRequestsException, recording nothing, when the account already has
   * `maxActivePerAccount` queries running or queued. When a slot is free the execution is recorded RUNNING straight away (queued for no
   * time), which saves a committed SQLite transaction per query.
   */
  async submit(record: QueryExecutionRecord, principal: Principal): Promise<void> {
    const state = this.state();
    // Owned by this process, alive as of now (wall clock: every process's heartbeats compare on it).
    record = { ...record, owner: this.owner, heartbeatAt: new Date() };
    // AWS counts running and queued queries toward "Active DML queries": a backlog is bounded too.
    const cap = this.options.maxActivePerAccount;
    // Counted in the store, which every process shares, and recorded under the account's lock:
    // two starts at once (on one process or two) cannot both take the last place.
    const running = await state.locks.withLock(`athena-active:${record.accountId}`, async () => {
      if (cap !== undefined && (await state.athena.countUnfinished(record.accountId)) >= cap) throw tooManyActiveQueries();
      const slot = !this.#closing && this.#slots.tryAcquire(record.accountId);
      try {
        await state.athena.insertExecution(slot ? { ...record, state: 'RUNNING', startedAt: state.clock.now() } : record);
      } catch (e) {
        // Nothing was recorded, so nothing runs: the slot taken for it goes back (else it is lost for good).
        if (slot) this.#slots.release(record.accountId);
        throw e;
      }
      return slot;
    });
    const controller = new AbortController();
    const done = this.#run(record, principal, controller.signal, running).finally(() => this.#running.delete(record.id));
    this.#running.set(record.id, { controller, done });
    await this.waitFor(record.id, this.options.startWaitMs);
  }

  /** Resolves when the execution is no longer running here, or after `ms`. */
  async waitFor(id: string, ms: number): Promise<void> {
    const running = this.#running.get(id);
    if (!running || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running.done, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /**
   * StopQueryExecution: the execution becomes CANCELLED now, then its engine run is aborted. A
   * finished one is left as it is. The record after, or undefined when it was not stopped.
   */
  async stop(id: string): Promise<QueryExecutionRecord | undefined> {
    const now = this.state().clock.now();
    const cancelled = await this.state().athena.transitionExecution(id, ['QUEUED', 'RUNNING'], { state: 'CANCELLED', completedAt: now });
    this.#running.get(id)?.controller.abort();
    return cancelled;
  }

  /**
   * Server shutdown: running and queued queries are aborted and recorded FAILED (interrupted),
   * then awaited. A query submitted meanwhile (a request already past authorization) is FAILED
   * the same way without reaching the engine, and awaited too: nothing is left running against a
   * closed engine or database.
   */
  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#beat);
    while (this.#running.size > 0) {
      const all = [...this.#running.values()];
      for (const r of all) r.controller.abort();
      await Promise.allSettled(all.map((r) => r.done));
    }
  }

  /** `slotHeld`: the execution was recorded RUNNING with a slot already taken for it. */
  async #run(record: QueryExecutionRecord, principal: Principal, signal: AbortSignal, slotHeld: boolean): Promise<void> {
    // A stopped queued query leaves its account's queue at once: it neither waits for a slot nor takes one.
    const held = slotHeld || (await this.#slots.acquire(record.accountId, signal));
    const deadline = new Deadline(this.options.queryTimeoutMs ?? DEFAULT_ATHENA_QUERY_TIMEOUT_MS);
    try {
      if (!held || this.#closing) throw new QueryCancelled('Query was cancelled');
      await this.#execute(record, principal, signal, slotHeld, deadline);
    } catch (e) {
      try {
        await this.#finishWithError(record, e, signal, deadline);
      } catch (recordFailure) {
        // The final state could not be written (the database closed under a shutdown, or is
        // unusable): start-up marks it FAILED next time. Never a rejection nobody awaits, which
        // would end the process.
        this.options.log?.error({ err: recordFailure, queryExecutionId: record.id }, 'athena query outcome could not be recorded');
      }
    } finally {
      deadline.clear();
      if (held) this.#slots.release(record.accountId);
      // A run ends once its timeout, if it fired, is recorded: close() then closes nothing under it.
      await deadline.expiryRecorded;
    }
  }

  async #execute(record: QueryExecutionRecord, principal: Principal, signal: AbortSignal, recordedRunning: boolean, deadline: Deadline): Promise<void> {
    const state = this.state();
    if (signal.aborted) throw new QueryCancelled('Query was cancelled');
    if (!recordedRunning && !(await state.athena.transitionExecution(record.id, ['QUEUED'], { state: 'RUNNING', startedAt: state.clock.now() }))) return;
    // The timeout counts running time only (Athena: how long a DML query "can run"), not time queued.
    deadline.start(() => this.#timedOut(record));
    const rc = record.resultConfiguration;
    const storage = new CallerStorage(state, principal, record.region, {
      ...(rc.ExpectedBucketOwner ? { expectedBucketOwner: rc.ExpectedBucketOwner } : {}),
      bucketOwnerFullControl: rc.AclConfiguration?.S3AclOption === 'BUCKET_OWNER_FULL_CONTROL',
      ...(rc.EncryptionConfiguration ? { encryption: rc.EncryptionConfiguration } : {}),
    });
    const result = await state.queryEngine.execute({
      queryExecutionId: record.id,
      sql: bindParameters(record.query, record.executionParameters),
      tenant: principal.accountId,
      ...(record.context.Database ? { database: record.context.Database } : {}),
      catalog: record.context.Catalog ?? 'AwsDataCatalog',
      ...(rc.OutputLocation ? { outputLocation: rc.OutputLocation } : {}),
      catalogAccess: new CallerCatalog(state, principal, record.region, await queryCatalogAccount(state, principal, record)),
      catalogNamed: async (name) => {
        const account = await glueCatalogAccount(state.athena, principal.accountId, record.region, name);
        return account === undefined ? undefined : new CallerCatalog(state, principal, record.region, account);
      },
      storage,
      signal: AbortSignal.any([signal, deadline.signal]),
    });
    const engineEndedAt = state.clock.now();
    if (signal.aborted) throw new QueryCancelled('Query was cancelled');
    if (deadline.expired) throw new QueryCancelled('Query timed out');
    // The engine's work is done in time; writing its result is bounded by the result's size.
    deadline.clear();
    const resultLocation = await this.#writeResults(record, result, storage);
    await state.athena.transitionExecution(record.id, ['RUNNING'], {
      state: 'SUCCEEDED',
      statementType: result.statementType,
      substatementType: result.substatementType,
      engineEndedAt,
      completedAt: state.clock.now(),
      dataScannedBytes: result.dataScannedBytes,
      resultLocation,
      resultFormat: result.outputFormat,
      columns: result.columns,
      rowCount: result.rows.length,
      updateCount: updateCountOf(result),
    });
  }

  /** The result object and its `.metadata`, written as the caller with the query's result configuration. */
  async #writeResults(record: QueryExecutionRecord, result: QueryResult, storage: CallerStorage): Promise<string> {
    const uri = resultFileUri(record.resultConfiguration.OutputLocation!, record.id, result.outputFormat);
    const body = result.outputFormat === 'csv' ? renderCsv(result.columns, result.rows) : renderText(result.rows);
    // Independent objects, written side by side (each is an authorized PutObject with its own
    // commit); a failure names the result object first, as when they were written in turn.
    const writes = await Promise.allSettled([
      storage.putObject(uri, body, result.outputFormat === 'csv' ? 'text/csv' : 'text/plain'),
      storage.putObject(`${uri}.metadata`, Buffer.from(renderMetadata(result.columns), 'utf8'), 'application/json'),
    ]);
    for (const w of writes) if (w.status === 'rejected') throw w.reason;
    return uri;
  }

  /**
   * The timeout fired: the query is FAILED now (as Stop makes it CANCELLED now) and its engine
   * run interrupted; its slot is given back once the engine lets go of it. The engine is
   * interrupted at once, without waiting for this write: the run's own ending records the same
   * timeout failure should it get there first (whichever comes second changes nothing).
   */
  async #timedOut(record: QueryExecutionRecord): Promise<void> {
    try {
      await this.state().athena.transitionExecution(record.id, ['RUNNING'], { state: 'FAILED', stateChangeReason: TIMEOUT_REASON, athenaError: TIMEOUT_ERROR, completedAt: this.state().clock.now() });
    } catch (e) {
      this.options.log?.error({ err: e, queryExecutionId: record.id }, 'athena query timeout could not be recorded');
    }
  }

  async #finishWithError(record: QueryExecutionRecord, e: unknown, signal: AbortSignal, deadline: Deadline): Promise<void> {
    const state = this.state();
    const completedAt = state.clock.now();
    let update: QueryExecutionUpdate;
    if (deadline.expired && !signal.aborted) {
      update = { state: 'FAILED', stateChangeReason: TIMEOUT_REASON, athenaError: TIMEOUT_ERROR, completedAt };
    } else if (this.#closing && (signal.aborted || e instanceof QueryCancelled)) {
      update = { state: 'FAILED', stateChangeReason: INTERRUPTED_REASON, athenaError: INTERRUPTED_ERROR, completedAt };
    } else if (e instanceof QueryCancelled || signal.aborted) {
      update = { state: 'CANCELLED', completedAt };
    } else if (e instanceof QueryFailure) {
      // An engine failure that was not Athena's to begin with carries the original for the operator.
      if (e.cause !== undefined) this.options.log?.error({ err: e.cause, queryExecutionId: record.id }, 'athena query failed inside sagelite');
      update = {
        state: 'FAILED',
        stateChangeReason: e.message,
        athenaError: { ErrorCategory: e.category, ErrorType: e.errorType, Retryable: e.retryable, ErrorMessage: e.message },
        completedAt,
      };
    } else {
      this.options.log?.error({ err: e, queryExecutionId: record.id }, 'athena query failed inside sagelite');
      const message = `GENERIC_INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}`;
      update = { state: 'FAILED', stateChangeReason: message, athenaError: { ErrorCategory: ErrorCategory.System, ErrorType: 401, Retryable: true, ErrorMessage: message }, completedAt };
    }
    await state.athena.transitionExecution(record.id, ['QUEUED', 'RUNNING'], update);
  }
}

/**
 * One query's timeout: started when the query starts running, it calls back and aborts `signal`
 * once `ms` have passed; cleared when the query ends.
 */
class Deadline {
  readonly #controller = new AbortController();
  #timer?: NodeJS.Timeout;
  #expiry: Promise<void> = Promise.resolve();

  constructor(readonly ms: number) {}

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Settles once the expiry callback has (the callback never rejects). */
  get expiryRecorded(): Promise<void> {
    return this.#expiry;
  }

  start(onExpiry: () => Promise<void>): void {
    // setTimeout fires at once past 2^31-1 ms (~24.8 days); config keeps the timeout far below.
    this.#timer = setTimeout(() => {
      this.#expiry = onExpiry();
      this.#controller.abort();
    }, this.ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** Rows written by INSERT/CTAS/UNLOAD, when the engine reports them as one `rows` value. */
function updateCountOf(result: QueryResult): number {
  if (!COUNTING.has(result.substatementType)) return 0;
  const v = result.rows.length === 1 && result.columns.length === 1 ? Number(result.rows[0]![0]) : NaN;
  return Number.isFinite(v) ? v : 0;
}

/**
 * The account whose Glue Data Catalog a query reads (its QueryExecutionContext.Catalog, by default
 * AwsDataCatalog). A catalog that is not there fails the query, as Trino fails a query naming an
 * unknown catalog.
 */
async function queryCatalogAccount(state: ServerState, principal: Principal, record: QueryExecutionRecord): Promise<string> {
  const name = record.context.Catalog ?? AWS_DATA_CATALOG;
  const account = await glueCatalogAccount(state.athena, principal.accountId, record.region, name);
  if (account === undefined) throw new QueryFailure(ErrorCategory.User, 1006, `CATALOG_NOT_FOUND: Catalog '${name.toLowerCase()}' does not exist`);
  return account;
}
