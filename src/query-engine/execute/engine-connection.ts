/**
 * One statement's connection to its account's DuckDB, which runs in the account's engine process
 * (worker/engine-process.ts). Everything the engine does with DuckDB goes through these calls.
 */
import type { ResultLimits } from '../results/limits.js';
import type { Rendered } from './worker/protocol.js';
import type { AnalysisCatalog } from '../trino/analysis/analyze.js';
import type { EngineProcess } from './worker/engine-process.js';

export interface EngineConnection {
  /** Runs a statement whose rows are not needed. */
  run(sql: string): Promise<void>;
  /** Every row as JS values (bigint, Date… as @duckdb/node-api's getRowsJS gives them). */
  rows(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** Rows rendered as Athena prints them, within `limits` (results/bounded-read.ts, run in the engine process). */
  rendered(sql: string, limits: ResultLimits): Promise<Rendered>;
  /** Fails with Athena's SYNTAX_ERROR unless Trino's grammar reads `sql` as one statement. */
  checkSyntax(sql: string): Promise<void>;
  /** Fails with Athena's TYPE_MISMATCH (or FUNCTION_NOT_FOUND) where Trino's type rules refuse `sql`. */
  analyze(sql: string, catalog: AnalysisCatalog): Promise<void>;
  /** Asks DuckDB to stop this connection's running statement; its pending call then fails. */
  interrupt(): void;
  /** Ends this connection's own engine process (its statement ignored its interrupt); not a newer one of the account. */
  killEngine(): void;
  /** Closes the connection (a no-op once its process has ended). */
  close(): Promise<void>;
}

/**
 * @example
 * const conn = await RemoteConnection.open(engineProcess);
 * await conn.run('SELECT 1');
 */
export class RemoteConnection implements EngineConnection {
  private constructor(
    readonly process: EngineProcess,
    readonly id: number,
  ) {}

  static async open(process: EngineProcess): Promise<RemoteConnection> {
    return new RemoteConnection(process, (await process.request({ op: 'connect' })) as number);
  }

  async run(sql: string): Promise<void> {
    await this.process.request({ op: 'run', conn: this.id, sql });
  }

  async rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    return (await this.process.request({ op: 'rows', conn: this.id, sql, ...(params ? { params } : {}) })) as unknown[][];
  }

  async rendered(sql: string, limits: ResultLimits): Promise<Rendered> {
    const rows: Rendered['rows'] = [];
    const columns = (await this.process.request({ op: 'rendered', conn: this.id, sql, limits }, (chunk) => {
      for (const row of chunk) rows.push(row);
    })) as Rendered['columns'];
    return { columns, rows };
  }

  async checkSyntax(sql: string): Promise<void> {
    await this.process.request({ op: 'check-syntax', sql });
  }

  async analyze(sql: string, catalog: AnalysisCatalog): Promise<void> {
    await this.process.request({ op: 'analyze', sql, catalog });
  }

  interrupt(): void {
    this.process.request({ op: 'interrupt', conn: this.id }).catch(() => undefined);
  }

  killEngine(): void {
    this.process.kill();
  }

  async close(): Promise<void> {
    if (this.process.gone) return;
    await this.process.request({ op: 'disconnect', conn: this.id }).catch(() => undefined);
  }
}
