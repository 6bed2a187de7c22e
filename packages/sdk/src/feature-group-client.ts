import { DescribeFeatureGroupCommand, SageMakerClient, type DescribeFeatureGroupCommandOutput } from '@aws-sdk/client-sagemaker';
import {
  BatchGetRecordCommand, GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient, type BatchGetRecordError, type TargetStore,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { clientConfig, type ClientSettings } from './client-settings.js';
import { fromRecord, InvalidRowValueError, toRecord, type Row, type TypedRecord } from './feature-values.js';
import { errorInfo, runPool, withRetries, type ErrorInfo, type RetryOptions } from './retry.js';

/** BatchGetRecord reads at most this many records per request. */
export const BATCH_GET_LIMIT = 100;

export interface FeatureGroupClientOptions extends ClientSettings {
  /** The group's name, or its ARN (another account's group through an assumed role). */
  featureGroupName: string;
  /** Your own runtime client; the default one makes a single attempt, since ingest retries itself. */
  runtimeClient?: SageMakerFeatureStoreRuntimeClient;
  /** Your own SageMaker client (for DescribeFeatureGroup). */
  sagemakerClient?: SageMakerClient;
}

/** How far an ingestion is: rows finished (put or given up on), of which failed, of all. */
export interface IngestProgress {
  done: number;
  failed: number;
  total: number;
}

export interface IngestOptions extends Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'sleep'> {
  /** PutRecord calls in flight at once. Default 4. */
  concurrency?: number;
  /** Retries per row after throttling, a 5xx or a network failure (never after a 4xx). Default 3. */
  retries?: number;
  /** Called after every row finishes. */
  onProgress?: (progress: IngestProgress) => void;
  /** Write to these stores only (PutRecord's TargetStores); default both of the group's. */
  targetStores?: TargetStore[];
}

/** A row that was not put, where it was in the input, and the service's error for it. */
export interface IngestFailure<R extends Row = Row> {
  index: number;
  row: R;
  error: ErrorInfo;
}

/** What an ingestion did; hand it to {@link FeatureGroupClient.retryFailed} to try the failures again. */
export interface IngestReport<R extends Row = Row> {
  total: number;
  succeeded: number;
  failed: Array<IngestFailure<R>>;
}

/** BatchGetRecord answered with errors for some records (AccessDenied on a group, …). */
export class BatchGetRecordFailed extends Error {
  override readonly name = 'BatchGetRecordFailed';
  constructor(readonly errors: BatchGetRecordError[]) {
    super(errors.map((e) => `${e.RecordIdentifierValueAsString}: ${e.ErrorCode} ${e.ErrorMessage ?? ''}`.trim()).join('; '));
  }
}

/**
 * One feature group, for ingestion and online reads: rows are plain objects, converted as the
 * SageMaker Python SDK converts them; reads come back typed by the group's FeatureDefinitions
 * (fetched once with DescribeFeatureGroup).
 *
 * @example
 * const customers = new FeatureGroupClient({ featureGroupName: 'customers', endpoint: 'http://127.0.0.1:4566', credentials });
 * const report = await customers.ingest(rows, { concurrency: 8, onProgress: (p) => console.log(p) });
 * const again = await customers.retryFailed(report, { fix: (row) => ({ ...row, age: Number(row.age) }) });
 * const greta = await customers.get(7148); // { cid: 7148, name: 'greta', age: 41, … }
 */
export class FeatureGroupClient<R extends Row = Row> {
  readonly featureGroupName: string;
  readonly runtime: SageMakerFeatureStoreRuntimeClient;
  readonly sagemaker: SageMakerClient;
  #description: Promise<DescribeFeatureGroupCommandOutput> | undefined;

  constructor(opts: FeatureGroupClientOptions) {
    this.featureGroupName = opts.featureGroupName;
    this.runtime = opts.runtimeClient ?? new SageMakerFeatureStoreRuntimeClient({ ...clientConfig(opts), maxAttempts: 1 });
    this.sagemaker = opts.sagemakerClient ?? new SageMakerClient(clientConfig(opts));
  }

  /** DescribeFeatureGroup, asked once and remembered (asked again if it failed). */
  describe(): Promise<DescribeFeatureGroupCommandOutput> {
    this.#description ??= this.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: this.featureGroupName })).catch((e: unknown) => {
      this.#description = undefined;
      throw e;
    });
    return this.#description;
  }

  /**
   * Puts every row (PutRecord), `concurrency` at a time, repeating a row after throttling, a 5xx
   * or a network failure; a row the service refuses (ValidationException…) is reported with the
   * service's code and message, and the others go on.
   */
  async ingest(rows: readonly R[], opts: IngestOptions = {}): Promise<IngestReport<R>> {
    return this.#put(rows.map((row, index) => ({ index, row })), rows.length, 0, opts);
  }

  /**
   * Tries a report's failed rows again (each first passed through `fix`, if given; return
   * undefined to leave a row out). The result counts the earlier successes and keeps the rows'
   * original indices.
   */
  async retryFailed(report: IngestReport<R>, opts: IngestOptions & { fix?: (row: R, failure: IngestFailure<R>) => R | undefined } = {}): Promise<IngestReport<R>> {
    const again: Array<{ index: number; row: R }> = [];
    const dropped: Array<IngestFailure<R>> = [];
    for (const f of report.failed) {
      const row = opts.fix ? opts.fix(f.row, f) : f.row;
      if (row === undefined) dropped.push(f);
      else again.push({ index: f.index, row });
    }
    const out = await this.#put(again, report.total, report.succeeded, opts, dropped.length);
    out.failed = [...out.failed, ...dropped].sort((x, y) => x.index - y.index);
    return out;
  }

  /** Puts `items`; the report counts `succeededBefore`, and progress starts from the rows already settled. */
  async #put(items: Array<{ index: number; row: R }>, total: number, succeededBefore: number, opts: IngestOptions, failedBefore = 0): Promise<IngestReport<R>> {
    const definitions = (await this.describe()).FeatureDefinitions ?? [];
    const failed: Array<IngestFailure<R>> = [];
    let succeeded = succeededBefore;
    let done = total - items.length;
    await runPool(items.length, opts.concurrency ?? 4, async (i) => {
      const { index, row } = items[i]!;
      try {
        const Record = toRecord(row, definitions);
        await withRetries(() => this.runtime.send(new PutRecordCommand({
          FeatureGroupName: this.featureGroupName,
          Record,
          ...(opts.targetStores ? { TargetStores: opts.targetStores } : {}),
        })), { retries: opts.retries ?? 3, ...pick(opts) });
        succeeded++;
      } catch (e) {
        failed.push({ index, row, error: e instanceof InvalidRowValueError ? { code: e.name, message: e.message } : errorInfo(e) });
      }
      done++;
      opts.onProgress?.({ done, failed: failedBefore + failed.length, total });
    });
    failed.sort((x, y) => x.index - y.index);
    return { total, succeeded, failed };
  }

  /**
   * GetRecord, typed: the record as an object, or undefined when there is none (never put,
   * deleted or expired).
   */
  async get<T extends TypedRecord = TypedRecord>(recordIdentifier: string | number | bigint, opts: { features?: string[] } = {}): Promise<T | undefined> {
    const definitions = (await this.describe()).FeatureDefinitions ?? [];
    const out = await withRetries(() => this.runtime.send(new GetRecordCommand({
      FeatureGroupName: this.featureGroupName,
      RecordIdentifierValueAsString: String(recordIdentifier),
      ...(opts.features ? { FeatureNames: opts.features } : {}),
    })));
    return out.Record ? (fromRecord(out.Record, definitions) as T) : undefined;
  }

  /**
   * BatchGetRecord, typed, in the order of `recordIdentifiers` (undefined where there is no
   * record), 100 per request; unprocessed identifiers are asked again; per-record errors throw
   * {@link BatchGetRecordFailed}.
   */
  async batchGet<T extends TypedRecord = TypedRecord>(recordIdentifiers: ReadonlyArray<string | number | bigint>, opts: { features?: string[] } = {}): Promise<Array<T | undefined>> {
    const definitions = (await this.describe()).FeatureDefinitions ?? [];
    const ids = recordIdentifiers.map(String);
    const found = new Map<string, T>();
    const errors: BatchGetRecordError[] = [];
    for (let start = 0; start < ids.length; start += BATCH_GET_LIMIT) {
      let pending = [...new Set(ids.slice(start, start + BATCH_GET_LIMIT))];
      for (let round = 0; pending.length > 0; round++) {
        const out = await withRetries(() => this.runtime.send(new BatchGetRecordCommand({
          Identifiers: [{ FeatureGroupName: this.featureGroupName, RecordIdentifiersValueAsString: pending, ...(opts.features ? { FeatureNames: opts.features } : {}) }],
        })));
        for (const r of out.Records ?? []) if (r.RecordIdentifierValueAsString !== undefined && r.Record) found.set(r.RecordIdentifierValueAsString, fromRecord(r.Record, definitions) as T);
        errors.push(...(out.Errors ?? []));
        pending = (out.UnprocessedIdentifiers ?? []).flatMap((u) => u.RecordIdentifiersValueAsString ?? []);
        if (pending.length > 0 && round >= 3) throw new BatchGetRecordFailed(pending.map((id) => ({ RecordIdentifierValueAsString: id, ErrorCode: 'Unprocessed', ErrorMessage: 'still unprocessed after 4 requests', FeatureGroupName: this.featureGroupName })));
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** round));
      }
    }
    if (errors.length > 0) throw new BatchGetRecordFailed(errors);
    return ids.map((id) => found.get(id));
  }
}

function pick(o: IngestOptions): RetryOptions {
  return {
    ...(o.baseDelayMs !== undefined ? { baseDelayMs: o.baseDelayMs } : {}),
    ...(o.maxDelayMs !== undefined ? { maxDelayMs: o.maxDelayMs } : {}),
    ...(o.sleep !== undefined ? { sleep: o.sleep } : {}),
  };
}
