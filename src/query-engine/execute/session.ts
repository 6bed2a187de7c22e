/**
 * One statement's run: its own DuckDB connection, its own scratch directory under the engine's
 * tmpDir, and its cancellation. Everything is released by {@link QuerySession.close}, whatever
 * happened.
 */
import type { AnalysisCatalog } from '../trino/analysis/analyze.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RESULT_LIMITS, type ResultLimits } from '../results/limits.js';
import { QueryCancelled, QueryFailure, type QueryRequest, type ResultColumn } from '../types.js';
import type { EngineConnection } from './engine-connection.js';
import { SHARED_CATALOG, ident, type EngineInstance } from './instance.js';
import { EngineProcessGone } from './worker/engine-process.js';

/** Characters safe in a directory name, from a query execution id (a UUID in practice). */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'query';
}

let sequence = 0;

/**
 * How long a stopped statement may take to let go of DuckDB before its engine process is ended.
 * DuckDB checks for interrupts between vectors, but some string work (one huge concatenation)
 * runs to its end first; measured, 390 MB of concatenation ran 20 s after its interrupt.
 */
export const INTERRUPT_GRACE_MS = 5_000;

/** A DuckDB statement failed: the engine turns it into Athena's failure with the statement's SQL. */
export class DuckDbStatementError extends Error {
  constructor(readonly error: unknown, readonly sql: string) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/**
 * @example
 * const session = await QuerySession.open(instance, request);
 * try { await session.run('SELECT 1'); } finally { await session.close(); }
 */
export class QuerySession {
  #unresponsive?: NodeJS.Timeout;
  /** DuckDB calls of this statement not yet answered. */
  #inEngine = 0;
  readonly #onAbort = () => {
    this.conn.interrupt();
    // Cleared by close(): a statement that answers its interrupt closes long before. Killed is
    // only this connection's process, and only while this statement's call is still out there:
    // stopped during the server's own work for it (fetching objects, uploading CTAS output) it
    // holds no DuckDB, and its account's other statements (maybe on a newer process) run on.
    this.#unresponsive = setTimeout(() => {
      if (this.#inEngine > 0) this.conn.killEngine();
    }, this.instance.options.interruptGraceMs ?? INTERRUPT_GRACE_MS);
    this.#unresponsive.unref();
  };
  #subdirs = 0;
  #dirMade = false;

  private constructor(
    readonly instance: EngineInstance,
    readonly conn: EngineConnection,
    /** This statement's scratch directory: fetched objects, CTAS output. */
    readonly dir: string,
    readonly request: QueryRequest,
  ) {
    request.signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  static async open(instance: EngineInstance, request: QueryRequest): Promise<QuerySession> {
    if (request.signal.aborted) throw new QueryCancelled('Query was cancelled');
    const conn = await instance.connect();
    const dir = join(instance.options.tmpDir, `${safeName(request.queryExecutionId)}-${process.pid}-${++sequence}`);
    return new QuerySession(instance, conn, dir, request);
  }

  /**
   * A fresh directory `<n>-<label>` inside the scratch directory (one per fetched location, CTAS
   * output…). The label is reduced to `[A-Za-z0-9_-]` (no `=`, which DuckDB's hive partitioning
   * would read as a partition folder, see table-data.ts). The scratch directory itself is made on
   * first use: most statements (SELECT 1, DDL, SHOW) never need one.
   */
  subdir(label: string): string {
    if (!this.#dirMade) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.#dirMade = true;
    }
    const path = join(this.dir, `${++this.#subdirs}-${label.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}`);
    mkdirSync(path);
    return path;
  }

  /** Throws QueryCancelled once the statement was stopped. */
  checkCancelled(): void {
    if (this.request.signal.aborted) throw new QueryCancelled('Query was cancelled');
  }

  /**
   * Awaits DuckDB work; an interruption caused by the signal becomes QueryCancelled. Failures
   * already in Athena's terms (result limits) and the end of the engine process pass unchanged.
   */
  async #guard<T>(sql: string, work: () => Promise<T>): Promise<T> {
    this.checkCancelled();
    let result: T;
    this.#inEngine++;
    try {
      result = await work();
    } catch (e) {
      this.checkCancelled();
      if (e instanceof QueryFailure) throw e;
      if (e instanceof EngineProcessGone) throw e.toFailure();
      throw new DuckDbStatementError(e, sql);
    } finally {
      this.#inEngine--;
    }
    this.checkCancelled();
    return result;
  }

  /**
   * Trino's grammar over the statement as the caller wrote it (Athena parses queries, CTAS and
   * EXPLAIN with it): a statement it refuses fails with its SYNTAX_ERROR before DuckDB sees it.
   */
  async checkTrinoSyntax(sql: string): Promise<void> {
    await this.#guard(sql, () => this.conn.checkSyntax(sql));
  }

  /** Trino's type rules over the query, with the Glue tables it names (trino/analysis/analyze.ts). */
  async analyzeTrino(sql: string, catalog: AnalysisCatalog): Promise<void> {
    await this.#guard(sql, () => this.conn.analyze(sql, catalog));
  }

  async run(sql: string): Promise<void> {
    await this.#guard(sql, () => this.conn.run(sql));
  }

  /**
   * Runs tenant `sql` and reads its rows rendered as Athena prints them, a chunk at a time within
   * the result limits (results/bounded-read.ts, in the engine process): past them the query fails
   * without the rest being fetched or computed. The session's abort interrupts DuckDB and the
   * read ends as QueryCancelled; DuckDB's errors raised while the rows are produced (a bad cast
   * in row 10 000) are DuckDbStatementError as ever.
   */
  async readRendered(sql: string): Promise<{ columns: ResultColumn[]; rows: Array<Array<string | null>> }> {
    return this.#guard(sql, () => this.conn.rendered(sql, this.resultLimits));
  }

  /** Athena's 32 MB row/column limit and this engine's bound on a result held in memory. */
  get resultLimits(): ResultLimits {
    const max = this.instance.options.maxResultBytes;
    return max === undefined ? DEFAULT_RESULT_LIMITS : { ...DEFAULT_RESULT_LIMITS, maxResultBytes: max };
  }

  /** Every row of `sql` as arrays of JS values (`params` bind `$1`, `$2`…). */
  async rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    return this.#guard(sql, () => this.conn.rows(sql, params));
  }

  /** Unqualified names resolve in `awsdatacatalog.<database>`; memory.main stays for the dialect's macros. */
  async useDatabase(database: string, catalog = SHARED_CATALOG): Promise<void> {
    await this.instance.ensureSchema(this.conn, database, catalog);
    await this.run(`SET search_path = '${`${ident(catalog)}.${ident(database)}`.replace(/'/g, "''")},memory.main'`);
  }

  /** Closes the connection; the scratch directory is removed in the background (EngineInstance.removeLater). */
  async close(): Promise<void> {
    this.request.signal.removeEventListener('abort', this.#onAbort);
    clearTimeout(this.#unresponsive);
    try {
      await this.conn.close();
    } finally {
      if (this.#dirMade) this.instance.removeLater(this.dir);
    }
  }
}
