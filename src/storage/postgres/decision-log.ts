import { describedDecision, keptInMemoryOnly, RecentDecisions, type DecisionEntry, type DecisionLog, type RecordedDecision } from '../sessions.js';
import type { PgDatabase } from './database.js';

interface DecisionRow {
  request_id: string;
  account_id: string;
  created_at: number;
  allowed: boolean;
  document: string;
}

export interface PgDecisionLogOptions {
  /** About how many denials the table keeps (the newest); trimmed every thousand written by this process. */
  capacity?: number;
  /** Where a failed write is told (its denials are then lost); a process warning when absent. */
  onError?: (e: Error) => void;
}

/** Denials written in one statement at most; a longer queue is written in several. */
const BATCH_ROWS = 500;
/** Denials waiting for a write at most: past it (PostgreSQL slow or away) the oldest are dropped. */
const MAX_UNWRITTEN = 20_000;
const TRIM_EVERY = 1000;
/** How long `get` waits for another process to write down a decision it asked for, and how often it looks. */
const ASK_OTHERS_MS = 3000;
const ASK_POLL_MS = 50;

const INSERT = `INSERT INTO decisions (request_id, account_id, created_at, allowed, document)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::boolean[], $5::text[])
  ON CONFLICT (request_id) DO UPDATE SET account_id = excluded.account_id, created_at = excluded.created_at, allowed = excluded.allowed, document = excluded.document`;
const TRIM = 'DELETE FROM decisions WHERE created_at < (SELECT created_at FROM decisions ORDER BY created_at DESC LIMIT 1 OFFSET $1)';

/**
 * {@link DecisionLog} on PostgreSQL. As SQLite's, allows (and anonymous callers' denials) stay in
 * this process's bounded ring ({@link RecentDecisions}), described only if asked: writing them
 * would cost every request. A signed caller's denial is written before `record` resolves (the
 * authorizer awaits it, so it is in the table before the caller has its answer, whichever
 * process is asked next); denials recorded while a write is in flight go together in the next
 * one, one statement per {@link BATCH_ROWS}. `get` looks in memory first.
 *
 * An allow is written only when another process asks for it ({@link get}).
 *
 * What may be lost, since the log only serves `sagelite explain` and DecodeAuthorizationMessage:
 * a write PostgreSQL refuses loses its batch (reported to `onError`); allows die with their
 * process unless asked for before.
 */
export class PgDecisionLog implements DecisionLog {
  readonly #recentAllows = new RecentDecisions();
  /** Denials recorded and not yet known to be written, oldest first; a write in flight leaves them here until it ends. */
  readonly #unwritten = new Map<string, DecisionEntry>();
  readonly #capacity: number;
  readonly #onError: (e: Error) => void;
  /** The last flush queued: each one starts after the one before it ends. */
  #flushing: Promise<void> = Promise.resolve();
  /** A flush is queued and has not yet taken its entries: another one would find nothing more. */
  #flushQueued = false;
  #sinceTrim = 0;
  #closed = false;

  constructor(private readonly db: PgDatabase, opts: PgDecisionLogOptions = {}) {
    this.#capacity = opts.capacity ?? 20_000;
    this.#onError = opts.onError ?? ((e) => process.emitWarning(`sagelite could not write authorization decisions to PostgreSQL (they are lost): ${e.message}`));
    db.onChange('explain', (requestId) => this.#answer(requestId));
  }

  /**
   * Several server processes answer for one deployment, and a request's decision is asked of
   * whichever process the next connection reaches (`sagelite explain`, DecodeAuthorizationMessage).
   * So a signed caller's denial is written before its answer (the authorizer awaits this; writes
   * that meet are one INSERT). Allows, and anonymous callers' denials, stay in this process's
   * memory, described only if asked (as in SQLite): writing them would cost every request.
   */
  async record(d: DecisionEntry): Promise<void> {
    if (keptInMemoryOnly(d)) {
      this.#recentAllows.add(d);
      return;
    }
    // A request may be allowed one thing and then denied another (S3, then KMS for the caller): the denial explains it.
    this.#recentAllows.forget(d.requestId);
    this.#unwritten.delete(d.requestId);
    this.#unwritten.set(d.requestId, d);
    if (this.#unwritten.size > MAX_UNWRITTEN) this.#unwritten.delete(this.#unwritten.keys().next().value!);
    if (this.#closed) return;
    await this.flush();
  }

  /**
   * Looks in memory, then in the table; then, when asked to (the operator's explain: a tenant's
   * DecodeAuthorizationMessage must not make every process work), since the request may have
   * been served by another process that keeps its allow in memory, asks every process (an `explain` notice) and waits up
   * to {@link ASK_OTHERS_MS} for the one that has it to write it down. Only a decision nobody has
   * costs that wait.
   */
  async get(requestId: string, opts: { askOtherProcesses?: boolean } = {}): Promise<RecordedDecision | undefined> {
    const found = await this.#find(requestId);
    if (found || this.#closed || !opts.askOtherProcesses) return found;
    await this.db.notify('explain', requestId);
    for (let waited = 0; waited < ASK_OTHERS_MS; waited += ASK_POLL_MS) {
      await new Promise((r) => setTimeout(r, ASK_POLL_MS));
      const written = await this.#find(requestId);
      if (written) return written;
    }
    return undefined;
  }

  /** Another process asks for a decision: if it is one of this process's allows, it is written down (described). */
  #answer(requestId: string | undefined): void {
    const allow = requestId === undefined ? undefined : this.#recentAllows.get(requestId);
    if (!allow || this.#closed) return;
    this.#unwritten.set(allow.requestId, allow);
    void this.flush();
  }

  async #find(requestId: string): Promise<RecordedDecision | undefined> {
    const inMemory = this.#recentAllows.get(requestId) ?? this.#unwritten.get(requestId);
    if (inMemory) return describedDecision(inMemory);
    const r = await this.db.query<DecisionRow>('SELECT request_id, account_id, created_at, allowed, document FROM decisions WHERE request_id = $1', [requestId]);
    const row = r.rows[0];
    if (!row) return undefined;
    const doc = JSON.parse(row.document) as { detail: Record<string, unknown>; explanation: string };
    return { requestId: row.request_id, accountId: row.account_id, createdAt: new Date(row.created_at), allowed: row.allowed, ...doc };
  }

  /** Writes every denial recorded before the call. Never rejects: a failed write is reported to `onError`. */
  flush(): Promise<void> {
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      this.#flushing = this.#flushing
        .then(() => {
          this.#flushQueued = false;
          return this.#writeUnwritten();
        })
        // Never a rejected link: every later flush chains on this one.
        .catch((e: unknown) => this.#report(e));
    }
    return this.#flushing;
  }

  /** Writes what is waiting and stops the timer; denials recorded after it stay in memory only. Does not close the database. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  async #writeUnwritten(): Promise<void> {
    const waiting = [...this.#unwritten.values()];
    for (let i = 0; i < waiting.length; i += BATCH_ROWS) {
      const batch = waiting.slice(i, i + BATCH_ROWS);
      try {
        await this.#insert(batch);
        this.#sinceTrim += batch.length;
      } catch (e) {
        this.#report(e);
      } finally {
        // Recorded again meanwhile (the same request id): the newer entry waits for the next flush.
        for (const d of batch) if (this.#unwritten.get(d.requestId) === d) this.#unwritten.delete(d.requestId);
      }
    }
    if (this.#sinceTrim >= TRIM_EVERY) {
      this.#sinceTrim = 0;
      await this.db.query(TRIM, [this.#capacity]).catch((e: unknown) => this.#report(e));
    }
  }

  /** Tells `onError`, whose own failure must not turn a flush (nobody awaits the timer's) into a rejection. */
  #report(e: unknown): void {
    try {
      this.#onError(e instanceof Error ? e : new Error(String(e)));
    } catch {
      // Nothing left to tell.
    }
  }

  #insert(batch: readonly DecisionEntry[]): Promise<unknown> {
    const documents = batch.map((d) => JSON.stringify(d.describe()));
    return this.db.query(INSERT, [
      batch.map((d) => d.requestId),
      batch.map((d) => d.accountId),
      batch.map((d) => d.createdAt.getTime()),
      batch.map((d) => d.allowed),
      documents,
    ]);
  }
}
