/**
 * sagelite's Athena engine: one embedded DuckDB running Athena statements over the Glue tables
 * the caller may read, with every catalog and S3 call made as the caller.
 */
import { failureFromDuckDb } from './errors.js';
import { parseStatement } from './statements/parse.js';
import { SYNTAX_ERROR as STATEMENT_SYNTAX_ERROR } from './statements/errors.js';
import { tablePosition } from './statements/table-position.js';
import type { Statement } from './statements/types.js';
import { ErrorCategory, MalformedQuery, QueryCancelled, QueryFailure, type QueryEngine, type QueryRequest, type QueryResult } from './types.js';
import { runCtas } from './execute/ctas.js';
import { addPartitions, createDatabase, createTable, dropDatabase, dropPartitions, dropTable } from './execute/ddl.js';
import { EnginePool } from './execute/instance-pool.js';
import { repairTable } from './execute/msck.js';
import { runExplain, runQuery } from './execute/query.js';
import { scrubPaths } from './execute/scrub-paths.js';
import { DEFAULT_RESULT_LIMITS } from './results/limits.js';
import { DuckDbStatementError, QuerySession } from './execute/session.js';
import { runUtility } from './execute/utility.js';

export interface DuckDbQueryEngineOptions {
  /** Scratch space (fetched objects, CTAS output, DuckDB spills); wiped when DuckDB opens. */
  tmpDir: string;
  /** DuckDB worker threads (DuckDB's default: every core). */
  threads?: number;
  /** DuckDB's memory_limit of each account's instance, e.g. '2GB' (DuckDB's default: 80% of RAM). */
  memoryLimit?: string;
  /** Largest query result kept in memory, in CSV bytes; past it the query FAILS (results/limits.ts, default 256 MiB). */
  maxResultBytes?: number;
  /** Accounts' DuckDB instances kept open at once (idle ones beyond it close). */
  maxInstances?: number;
  /** Each account's engine process's address-space cap in bytes (default: execute/address-space.ts). */
  addressSpaceBytes?: number;
  /** How long a stopped statement may hold DuckDB before its account's engine process is ended (default 5 s). */
  interruptGraceMs?: number;
  /** Disk each account's queries may spill to, a DuckDB size (default: four times memoryLimit). */
  spillLimit?: string;
}

function dispatch(session: QuerySession, statement: Statement): Promise<QueryResult> {
  switch (statement.kind) {
    case 'query':
      return runQuery(session, statement.sql);
    case 'explain':
      return runExplain(session, statement.sql);
    case 'create-database':
      return createDatabase(session, statement);
    case 'drop-database':
      return dropDatabase(session, statement);
    case 'create-table':
      return createTable(session, statement);
    case 'drop-table':
      return dropTable(session, statement);
    case 'add-partitions':
      return addPartitions(session, statement);
    case 'drop-partitions':
      return dropPartitions(session, statement);
    case 'msck-repair':
      return repairTable(session, statement);
    case 'ctas':
      return runCtas(session, statement);
    case 'show-databases':
    case 'show-tables':
    case 'show-columns':
    case 'show-partitions':
    case 'show-create-table':
    case 'show-tblproperties':
    case 'describe':
      return runUtility(session, statement);
  }
}

/** An error that is not Athena's own, as Athena reports an internal one (SYSTEM, 401, retryable); the original in `cause`. */
function internalFailure(e: unknown): QueryFailure {
  const failure = new QueryFailure(ErrorCategory.System, 401, `GENERIC_INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}`, true);
  return Object.assign(failure, { cause: e });
}

const MISSING_TABLE = /^TABLE_NOT_FOUND: Table '[^.']+\.([^.']+)\.([^']+)' does not exist$/;
const MISSING_SCHEMA = /^SCHEMA_NOT_FOUND: Schema '([^']+)' does not exist$/;

/**
 * A TABLE_NOT_FOUND or SCHEMA_NOT_FOUND found while fetching a query's tables, given the `line
 * L:C:` of the name in the query as Trino gives it (`SELECT * FROM nope` → `line 1:15:`). Other
 * failures, and those that already carry a position, are returned as they are.
 */
function withTablePosition(failure: QueryFailure, sql: string): QueryFailure {
  const table = MISSING_TABLE.exec(failure.message);
  const schema = table ? undefined : MISSING_SCHEMA.exec(failure.message);
  const ref = table ? { database: table[1]!, table: table[2]! } : schema ? { database: schema[1]! } : undefined;
  const at = ref && tablePosition(sql, ref);
  if (!at) return failure;
  const [name, rest] = [failure.message.slice(0, failure.message.indexOf(': ')), failure.message.slice(failure.message.indexOf(': ') + 2)];
  return new QueryFailure(failure.category, failure.errorType, `${name}: line ${at.line}:${at.column}: ${rest}`, failure.retryable);
}

/**
 * Runs Athena statements on one DuckDB instance per account (opened, with its settings, macros and
 * sandbox, on the account's first statement) and one connection per running statement, so
 * statements run side by side.
 *
 * @example
 * const engine = new DuckDbQueryEngine({ tmpDir: join(dataDir, 'athena-tmp') });
 * const result = await engine.execute({ queryExecutionId, sql: 'SELECT 1', catalog: 'AwsDataCatalog', catalogAccess, storage, signal });
 * await engine.close();
 */
export class DuckDbQueryEngine implements QueryEngine {
  readonly #pool: EnginePool;
  /** Statements running now: close() stops them through their controller and waits for them. */
  readonly #running = new Set<{ stop: AbortController; done: Promise<unknown> }>();
  #closing?: Promise<void>;

  get maxResultBytes(): number {
    return this.options.maxResultBytes ?? DEFAULT_RESULT_LIMITS.maxResultBytes;
  }

  constructor(private readonly options: DuckDbQueryEngineOptions) {
    this.#pool = new EnginePool(options);
  }

  async execute(request: QueryRequest): Promise<QueryResult> {
    try {
      return await this.#track(request);
    } catch (e) {
      if (e instanceof QueryCancelled) throw e;
      // Whatever failed inside the engine (a file gone from the scratch directory, a catalog
      // statement refused), the tenant sees Athena's internal error without the server's paths;
      // the original stays in `cause` for the server's log.
      const failure = e instanceof QueryFailure ? e : internalFailure(e);
      throw scrubPaths(failure, this.options.tmpDir);
    }
  }

  async checkSyntax(sql: string, tenant: string): Promise<void> {
    let statement: Statement;
    try {
      statement = parseStatement(sql);
    } catch (e) {
      // Trino's words for a statement it cannot start (`line 1:1: mismatched input 'SELEC'…`);
      // Hive's parse errors and sagelite's refusals fail as the query runs, as they do on Athena.
      if (e instanceof QueryFailure && e.errorType === STATEMENT_SYNTAX_ERROR && e.message.startsWith('line ')) throw new MalformedQuery(e.message);
      return;
    }
    if (!parsedByTrino(statement)) return;
    const lease = this.#pool.acquire(tenant);
    try {
      await lease.instance.checkSyntax(sql);
    } catch (e) {
      if (e instanceof QueryFailure && e.message.startsWith(SYNTAX_ERROR_PREFIX)) throw new MalformedQuery(e.message.slice(SYNTAX_ERROR_PREFIX.length));
      // Anything else (the engine process could not start): the query is accepted and fails as it runs.
    } finally {
      lease.release();
    }
  }

  async #track(request: QueryRequest): Promise<QueryResult> {
    // A statement that arrives while the engine closes runs on the instance opened after.
    while (this.#closing) await this.#closing;
    const stop = new AbortController();
    const done = this.#execute({ ...request, signal: AbortSignal.any([request.signal, stop.signal]) });
    const entry = { stop, done: done.catch(() => undefined) };
    this.#running.add(entry);
    try {
      return await done;
    } finally {
      this.#running.delete(entry);
    }
  }

  async #execute(request: QueryRequest): Promise<QueryResult> {
    const statement = parseStatement(request.sql);
    const lease = this.#pool.acquire(request.tenant ?? 'default');
    let session: QuerySession;
    try {
      session = await QuerySession.open(lease.instance, request);
    } catch (e) {
      lease.release();
      throw e;
    }
    try {
      if (parsedByTrino(statement)) await session.checkTrinoSyntax(request.sql);
      return await dispatch(session, statement);
    } catch (e) {
      if (request.signal.aborted) throw new QueryCancelled('Query was cancelled');
      if (e instanceof DuckDbStatementError) throw failureFromDuckDb(e.error, e.sql);
      if (e instanceof QueryFailure && (statement.kind === 'query' || statement.kind === 'explain')) throw withTablePosition(e, statement.sql);
      throw e;
    } finally {
      await session.close();
      lease.release();
    }
  }

  /**
   * Resolves once no statement is running and every finished statement's scratch files are gone
   * (they are removed in the background after the statement answers).
   *
   * @example
   * await engine.idle(); // e.g. before checking that a failed statement left nothing behind
   */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running].map((r) => r.done));
    await this.#pool.removalsDone();
  }

  /**
   * Stops the statements still running (each ends with QueryCancelled), waits for them to let go
   * of their connections and scratch files, then closes DuckDB. A later statement opens it again.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const running = [...this.#running];
      for (const r of running) r.stop.abort();
      await Promise.all(running.map((r) => r.done));
      await this.#pool.close();
    })().finally(() => {
      this.#closing = undefined;
    });
    return this.#closing;
  }
}

const SYNTAX_ERROR_PREFIX = 'SYNTAX_ERROR: ';

/** Queries, CTAS and EXPLAIN: the statements Athena reads with Trino's grammar (the rest are Hive's). */
const parsedByTrino = (statement: Statement) => statement.kind === 'query' || statement.kind === 'explain' || statement.kind === 'ctas';

export { QueryCancelled, QueryFailure };
