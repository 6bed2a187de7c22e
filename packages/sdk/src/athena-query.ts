import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand,
  type ColumnInfo, type QueryExecution, type ResultConfiguration,
} from '@aws-sdk/client-athena';
import { QueryCancelledError, QueryFailedError, QueryTimeoutError } from './athena-errors.js';
import { typedRow, type AthenaRow, type ValueTypeOptions } from './athena-values.js';
import { clientConfig, type ClientSettings } from './client-settings.js';

/** The Glue Data Catalog, as Athena names it. */
export const DEFAULT_CATALOG = 'AwsDataCatalog';
/** GetQueryResults' largest page. */
const MAX_PAGE = 1000;

/** Where and how a query runs (StartQueryExecution's context and result configuration). */
export interface RunOptions {
  /** QueryExecutionContext.Database, e.g. `sagemaker_featurestore`. */
  database?: string;
  /** QueryExecutionContext.Catalog; default AwsDataCatalog. */
  catalog?: string;
  /** Default `primary`. */
  workGroup?: string;
  /** `s3://bucket/prefix/`: where Athena writes `<id>.csv`; required unless the work group sets one. */
  outputLocation?: string;
  /** ResultConfiguration.ExpectedBucketOwner: the account that must own the output bucket. */
  expectedBucketOwner?: string;
  /** Give the output bucket's owner full control of the results (AclConfiguration BUCKET_OWNER_FULL_CONTROL): results in another account's bucket. */
  aclBucketOwnerFullControl?: boolean;
  /** Values for the query's `?` placeholders (ExecutionParameters). */
  parameters?: string[];
}

/** How long and how often to wait. */
export interface WaitOptions {
  /** Between GetQueryExecution calls. Default 200 ms (use ~1000 against AWS). */
  pollMs?: number;
  /** Give up after this long (default: never) with a {@link QueryTimeoutError}. */
  timeoutMs?: number;
  /** Abort waiting (the query is stopped too, unless `stopOnTimeout` is false). */
  signal?: AbortSignal;
  /** Stop the query when waiting gives up (timeout or abort). Default true. */
  stopOnTimeout?: boolean;
}

export interface AthenaQueryOptions extends ClientSettings {
  /** Your own client; otherwise one is made from the settings. */
  client?: AthenaClient;
  /** Applied to every run() unless overridden there. */
  defaults?: RunOptions;
}

/** A finished query's rows, their columns and its execution (with the S3 location of the result CSV). */
export interface QueryOutput<T = AthenaRow> {
  rows: T[];
  columns: ColumnInfo[];
  execution: QueryExecution;
}

/**
 * Athena queries from start to typed rows: run (StartQueryExecution), wait (until SUCCEEDED,
 * FAILED or CANCELLED — all three are terminal), and rows over every GetQueryResults page.
 *
 * @example
 * const athena = new AthenaQuery({ endpoint: 'http://127.0.0.1:4566', credentials,
 *   defaults: { database: 'sagemaker_featurestore', outputLocation: 's3://sagemaker-athena-results-a/query_results/' } });
 * const { rows } = await athena.query('SELECT cid, name FROM "customers_1700000000" WHERE age > ?', { parameters: ['30'] });
 * for (const r of rows) console.log(r.cid, r.name); // cid is a number
 */
export class AthenaQuery {
  readonly client: AthenaClient;
  readonly #defaults: RunOptions;

  constructor(opts: AthenaQueryOptions = {}) {
    this.client = opts.client ?? new AthenaClient(clientConfig(opts));
    this.#defaults = opts.defaults ?? {};
  }

  /** Starts a query; returns its QueryExecutionId. */
  async run(sql: string, opts: RunOptions = {}): Promise<string> {
    const o = { ...this.#defaults, ...opts };
    const result: ResultConfiguration = {
      ...(o.outputLocation !== undefined ? { OutputLocation: o.outputLocation } : {}),
      ...(o.expectedBucketOwner !== undefined ? { ExpectedBucketOwner: o.expectedBucketOwner } : {}),
      ...(o.aclBucketOwnerFullControl ? { AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } } : {}),
    };
    const out = await this.client.send(new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Catalog: o.catalog ?? DEFAULT_CATALOG, ...(o.database !== undefined ? { Database: o.database } : {}) },
      ...(Object.keys(result).length > 0 ? { ResultConfiguration: result } : {}),
      ...(o.workGroup !== undefined ? { WorkGroup: o.workGroup } : {}),
      ...(o.parameters !== undefined ? { ExecutionParameters: o.parameters } : {}),
    }));
    if (!out.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  /** GetQueryExecution, once. */
  async execution(id: string): Promise<QueryExecution> {
    const out = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    if (!out.QueryExecution) throw new Error(`GetQueryExecution returned nothing for ${id}`);
    return out.QueryExecution;
  }

  /** StopQueryExecution (CANCELLED, unless it already finished). */
  async stop(id: string): Promise<void> {
    await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
  }

  /**
   * Polls until the query ends: returns the execution if it SUCCEEDED, throws
   * {@link QueryFailedError} if it FAILED and {@link QueryCancelledError} if it was CANCELLED.
   */
  async wait(id: string, opts: WaitOptions = {}): Promise<QueryExecution> {
    const pollMs = opts.pollMs ?? 200;
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : Infinity;
    for (;;) {
      const execution = await this.execution(id);
      const state = execution.Status?.State;
      if (state === 'SUCCEEDED') return execution;
      if (state === 'FAILED') throw new QueryFailedError(execution);
      if (state === 'CANCELLED') throw new QueryCancelledError(execution);
      if (opts.signal?.aborted) return this.#giveUp(id, opts, () => opts.signal!.reason as Error);
      if (Date.now() + pollMs > deadline) {
        const waited = opts.timeoutMs!;
        return this.#giveUp(id, opts, () => new QueryTimeoutError(execution, waited));
      }
      await sleep(pollMs, opts.signal);
    }
  }

  async #giveUp(id: string, opts: WaitOptions, error: () => Error): Promise<never> {
    if (opts.stopOnTimeout !== false) await this.stop(id).catch(() => undefined);
    throw error();
  }

  /**
   * The rows of a SUCCEEDED query, page by page (GetQueryResults, 1000 a page), typed by
   * ColumnInfo ({@link typedValue}); the header row Athena puts first for a SELECT is skipped.
   */
  async *rows<T = AthenaRow>(id: string, opts: ValueTypeOptions & { execution?: QueryExecution; onColumns?: (columns: ColumnInfo[]) => void } = {}): AsyncGenerator<T> {
    const execution = opts.execution ?? (await this.execution(id));
    // Athena repeats the column names as the first row of a SELECT's (DML's) first page only.
    let skipHeader = execution.StatementType === 'DML';
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: MAX_PAGE, ...(token ? { NextToken: token } : {}) }));
      const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      if (!token) opts.onColumns?.(columns);
      for (const row of page.ResultSet?.Rows ?? []) {
        if (skipHeader) {
          skipHeader = false;
          continue;
        }
        yield typedRow(row.Data ?? [], columns, opts) as T;
      }
      skipHeader = false;
      token = page.NextToken;
    } while (token);
  }

  /** run + wait + every row. */
  async query<T = AthenaRow>(sql: string, opts: RunOptions & WaitOptions & ValueTypeOptions = {}): Promise<QueryOutput<T>> {
    const id = await this.run(sql, opts);
    const execution = await this.wait(id, opts);
    const rows: T[] = [];
    let columns: ColumnInfo[] = [];
    for await (const row of this.rows<T>(id, { ...opts, execution, onColumns: (c) => (columns = c) })) rows.push(row);
    return { rows, columns, execution };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
