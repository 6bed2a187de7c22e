/**
 * One statement's run: its own DuckDB connection, its own scratch directory under the engine's
 * tmpDir, and its cancellation. Everything is released by {@link QuerySession.close}, whatever
 * happened.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import { readBounded } from '../results/bounded-read.js';
import { DEFAULT_RESULT_LIMITS, type ResultLimits } from '../results/limits.js';
import { QueryCancelled, type QueryRequest, type ResultColumn } from '../types.js';
import { SHARED_CATALOG, ident, type EngineInstance } from './instance.js';

/** Characters safe in a directory name, from a query execution id (a UUID in practice). */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'query';
}

let sequence = 0;

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
  readonly #onAbort = () => this.conn.interrupt();
  #subdirs = 0;
  #dirMade = false;

  private constructor(
    readonly instance: EngineInstance,
    readonly conn: DuckDBConnection,
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

  /** Awaits DuckDB work; an interruption caused by the signal becomes QueryCancelled. */
  async #guard<T>(sql: string, work: () => Promise<T>): Promise<T> {
    this.checkCancelled();
    let result: T;
    try {
      result = await work();
    } catch (e) {
      this.checkCancelled();
      throw new DuckDbStatementError(e, sql);
    }
    this.checkCancelled();
    return result;
  }

  async run(sql: string): Promise<void> {
    await this.#guard(sql, () => this.conn.run(sql));
  }

  /** Runs `sql` and reads every row (small results only: statements sagelite writes itself). */
  async read(sql: string): Promise<DuckDBMaterializedResult> {
    return this.#guard(sql, () => this.conn.run(sql));
  }

  /**
   * Runs tenant `sql` and reads its rows rendered as Athena prints them, a chunk at a time within
   * the result limits (results/bounded-read.ts): past them the query fails without the rest being
   * fetched or computed. Each fetch is guarded like a statement: the session's abort interrupts
   * DuckDB, the pending fetch fails and the read ends as QueryCancelled; DuckDB's errors raised
   * while the rows are produced (a bad cast in row 10 000) are DuckDbStatementError as ever.
   */
  async readRendered(sql: string): Promise<{ columns: ResultColumn[]; rows: Array<Array<string | null>> }> {
    const result = await this.#guard(sql, () => this.conn.stream(sql));
    const source = {
      columnNames: () => result.columnNames(),
      columnTypes: () => result.columnTypes(),
      fetchChunk: () => this.#guard(sql, () => result.fetchChunk()),
    };
    return readBounded(source, this.resultLimits, () => this.checkCancelled());
  }

  /** Athena's 32 MB row/column limit and this engine's bound on a result held in memory. */
  get resultLimits(): ResultLimits {
    const max = this.instance.options.maxResultBytes;
    return max === undefined ? DEFAULT_RESULT_LIMITS : { ...DEFAULT_RESULT_LIMITS, maxResultBytes: max };
  }

  /** Every row of `sql` as arrays of JS values. */
  async rows(sql: string): Promise<unknown[][]> {
    return this.#guard(sql, async () => (await this.conn.runAndReadAll(sql)).getRowsJS());
  }

  /** Unqualified names resolve in `awsdatacatalog.<database>`; memory.main stays for the dialect's macros. */
  async useDatabase(database: string): Promise<void> {
    await this.instance.ensureSchema(this.conn, database);
    await this.run(`SET search_path = '${SHARED_CATALOG}.${ident(database).replace(/'/g, "''")},memory.main'`);
  }

  /** Closes the connection; the scratch directory is removed in the background (EngineInstance.removeLater). */
  async close(): Promise<void> {
    this.request.signal.removeEventListener('abort', this.#onAbort);
    try {
      this.conn.closeSync();
    } finally {
      if (this.#dirMade) this.instance.removeLater(this.dir);
    }
  }
}
