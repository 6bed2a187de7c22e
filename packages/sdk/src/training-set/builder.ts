import { DescribeFeatureGroupCommand, SageMakerClient, type DescribeFeatureGroupResponse } from '@aws-sdk/client-sagemaker';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { AthenaQuery, type RunOptions, type WaitOptions } from '../athena-query.js';
import type { AthenaRow, ValueTypeOptions } from '../athena-values.js';
import { clientConfig, type ClientSettings } from '../client-settings.js';
import type { Row } from '../feature-values.js';
import { createRowsTableSql, eventTimeTypeOf, inferColumns, rowsCsv, tempBaseName, type RowsColumnType } from './rows-table.js';
import { DEFAULT_CATALOG, DEFAULT_DATABASE, sourceFromFeatureGroup, sourceFromTable, type PlainTableSpec, type SourceTable } from './source.js';
import { trainingSetSql, type JoinComparator, type JoinType, type TrainingSetSpec } from './sql.js';

/** A feature group by name or ARN (described when the builder runs), or its DescribeFeatureGroup output (for a pure toSql()). */
export type FeatureGroupRef = string | DescribeFeatureGroupResponse;

/** How a feature group joins the base (the Python SDK's with_feature_group arguments). */
export interface JoinOptions {
  /** The base's column compared; default the base's record identifier. */
  targetFeatureNameInBase?: string;
  /** Features to show; default all. */
  includedFeatureNames?: string[];
  /** The group's feature compared; default its record identifier. */
  featureNameInTarget?: string;
  /** Default EQUALS. */
  joinComparator?: JoinComparator;
  /** Default INNER_JOIN. */
  joinType?: JoinType;
}

/** Rows (plain objects) as the base: uploaded as CSV, read through a temporary OpenCSVSerde table. */
export interface RowsBase {
  rows: readonly Row[];
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  /** Columns to show; default all. */
  includedFeatureNames?: string[];
  /** Override a column's inferred Athena type. */
  columnTypes?: Record<string, RowsColumnType>;
}

export interface TrainingSetBuilderOptions extends ClientSettings, Omit<RunOptions, 'database' | 'catalog' | 'parameters'> {
  /** `s3://bucket/prefix`: the query's result CSV and, for a rows base, the uploaded rows go under it. Required. */
  outputLocation: string;
  athena?: AthenaQuery;
  sagemaker?: SageMakerClient;
  s3?: S3Client;
  /** For tests: the temporary table's name for a rows base (default `dataframe_dataframe_base_<time>_<random>`). */
  tempName?: { id: string; table: string };
}

/** What run() returns: the typed rows, and where Athena wrote them as CSV. */
export interface TrainingSet<T = AthenaRow> {
  rows: T[];
  columns: ColumnInfo[];
  /** The result CSV (`<outputLocation>/<QueryExecutionId>.csv`). */
  outputLocation: string;
  queryExecutionId: string;
  sql: string;
}

type Base = { kind: 'featureGroup'; ref: FeatureGroupRef; includedFeatureNames?: string[] } | { kind: 'table'; spec: PlainTableSpec } | ({ kind: 'rows' } & RowsBase);
type Join = { ref: FeatureGroupRef; options: JoinOptions };

/**
 * A point-in-time training set over several feature groups, as the SageMaker Python SDK's
 * DatasetBuilder makes it, with the same options; toSql() writes the Athena SQL, run() runs it
 * and returns typed rows.
 *
 * @example
 * const set = await TrainingSetBuilder.fromRows(labels, { recordIdentifierFeatureName: 'cid', eventTimeFeatureName: 'ts' },
 *     { outputLocation: 's3://sagemaker-athena-results-a/training/', endpoint: 'http://127.0.0.1:4566', credentials })
 *   .withFeatureGroup('customers', { includedFeatureNames: ['age', 'state'] })
 *   .withFeatureGroup('purchases', { targetFeatureNameInBase: 'cid', featureNameInTarget: 'cid', includedFeatureNames: ['purchase_amount'] })
 *   .pointInTimeAccurateJoin()
 *   .withNumberOfRecentRecordsByRecordIdentifier(1)
 *   .run();
 * console.log(set.outputLocation, set.rows[0]); // { cid: 7148, ts: '…', label: 1, age: …, 'age.1': 41, … }
 */
export class TrainingSetBuilder {
  readonly #opts: TrainingSetBuilderOptions;
  readonly #base: Base;
  readonly #joins: Join[] = [];
  readonly #flags: Omit<TrainingSetSpec, 'base' | 'joins'> = {};
  readonly #described = new Map<string, DescribeFeatureGroupResponse>();
  readonly #temp: { id: string; table: string };

  constructor(base: Base, opts: TrainingSetBuilderOptions) {
    if (!/^s3:\/\/[^/]+/.test(opts.outputLocation)) throw new Error(`outputLocation must be an S3 URI (s3://bucket/prefix); got ${opts.outputLocation}`);
    this.#base = base;
    this.#opts = opts;
    this.#temp = opts.tempName ?? tempBaseName();
  }

  /** A feature group as the base: its records, de-duplicated and without deleted ones. */
  static fromFeatureGroup(featureGroup: FeatureGroupRef, opts: TrainingSetBuilderOptions & { includedFeatureNames?: string[] }): TrainingSetBuilder {
    return new TrainingSetBuilder({ kind: 'featureGroup', ref: featureGroup, ...(opts.includedFeatureNames ? { includedFeatureNames: opts.includedFeatureNames } : {}) }, opts);
  }
  /** An existing Athena table as the base (e.g. labels with an event time). */
  static fromTable(spec: PlainTableSpec, opts: TrainingSetBuilderOptions): TrainingSetBuilder {
    return new TrainingSetBuilder({ kind: 'table', spec }, opts);
  }
  /** Rows as the base (the Python SDK's data-frame base): uploaded to S3 and read through a temporary table. */
  static fromRows(rows: readonly Row[], spec: Omit<RowsBase, 'rows'>, opts: TrainingSetBuilderOptions): TrainingSetBuilder {
    return new TrainingSetBuilder({ kind: 'rows', rows, ...spec }, opts);
  }

  withFeatureGroup(featureGroup: FeatureGroupRef, options: JoinOptions = {}): this {
    this.#joins.push({ ref: featureGroup, options });
    return this;
  }
  /** A joined record counts only if its event time is not after the base row's. */
  pointInTimeAccurateJoin(): this {
    this.#flags.pointInTimeAccurateJoin = true;
    return this;
  }
  /** Keep every write of a record and event time, not only the latest. */
  includeDuplicatedRecords(): this {
    this.#flags.includeDuplicatedRecords = true;
    return this;
  }
  /** Keep records that were later soft-deleted. */
  includeDeletedRecords(): this {
    this.#flags.includeDeletedRecords = true;
    return this;
  }
  /** At most `n` rows per base record identifier, newest first. */
  withNumberOfRecentRecordsByRecordIdentifier(n: number): this {
    this.#flags.numberOfRecentRecords = n;
    return this;
  }
  /** LIMIT n. */
  withNumberOfRecordsFromQueryResults(n: number): this {
    this.#flags.numberOfRecords = n;
    return this;
  }
  /** Only records written (write_time) at or before this moment. */
  asOf(date: Date): this {
    this.#flags.writeTimeEnding = date;
    return this;
  }
  /** Only records whose event time is within [start, end]; either end may be left out. */
  withEventTimeRange(start?: Date, end?: Date): this {
    if (start) this.#flags.eventTimeStarting = start;
    else delete this.#flags.eventTimeStarting;
    if (end) this.#flags.eventTimeEnding = end;
    else delete this.#flags.eventTimeEnding;
    return this;
  }

  /** Describes the feature groups given by name (once each). */
  async resolve(): Promise<this> {
    const names = [this.#base.kind === 'featureGroup' ? this.#base.ref : undefined, ...this.#joins.map((j) => j.ref)]
      .filter((r): r is string => typeof r === 'string' && !this.#described.has(r));
    const sagemaker = this.#opts.sagemaker ?? new SageMakerClient(clientConfig(this.#opts));
    for (const name of new Set(names)) this.#described.set(name, await sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name })));
    return this;
  }

  /** The Athena SQL, from DescribeFeatureGroup outputs (given, or fetched by resolve()). */
  toSql(): string {
    return trainingSetSql({ ...this.#flags, base: this.#baseSource(), joins: this.#joins.map((j) => this.#joinSource(j)) });
  }

  /** The DDL that makes the temporary table for a rows base (undefined for other bases). */
  baseTableSql(): string | undefined {
    if (this.#base.kind !== 'rows') return undefined;
    return createRowsTableSql(this.#temp.table, inferColumns(this.#base.rows, this.#base.columnTypes), this.#rowsFolder());
  }

  /**
   * Runs it: describes the groups, uploads a rows base and creates its table (kept, as the SDK
   * keeps it), runs the query into `outputLocation` and reads every row back typed.
   */
  async run<T = AthenaRow>(opts: WaitOptions & ValueTypeOptions = {}): Promise<TrainingSet<T>> {
    await this.resolve();
    const athena = this.#opts.athena ?? new AthenaQuery(clientConfig(this.#opts));
    const run: RunOptions = {
      outputLocation: this.#opts.outputLocation,
      ...(this.#opts.workGroup !== undefined ? { workGroup: this.#opts.workGroup } : {}),
      ...(this.#opts.expectedBucketOwner !== undefined ? { expectedBucketOwner: this.#opts.expectedBucketOwner } : {}),
      ...(this.#opts.aclBucketOwnerFullControl ? { aclBucketOwnerFullControl: true } : {}),
    };
    if (this.#base.kind === 'rows') {
      const { bucket, key } = splitS3(`${this.#rowsFolder()}${this.#temp.id}.csv`);
      const s3 = this.#opts.s3 ?? new S3Client({ ...clientConfig(this.#opts), forcePathStyle: this.#opts.endpoint !== undefined });
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: rowsCsv(this.#base.rows, inferColumns(this.#base.rows, this.#base.columnTypes)), ContentType: 'text/csv' }));
      await athena.query(this.baseTableSql()!, { ...run, ...opts, catalog: DEFAULT_CATALOG, database: DEFAULT_DATABASE });
    }
    const sql = this.toSql();
    const base = this.#baseSource();
    const out = await athena.query<T>(sql, { ...run, ...opts, catalog: base.catalog, database: base.database });
    return {
      rows: out.rows,
      columns: out.columns,
      outputLocation: out.execution.ResultConfiguration?.OutputLocation ?? '',
      queryExecutionId: out.execution.QueryExecutionId ?? '',
      sql,
    };
  }

  #rowsFolder(): string {
    return `${this.#opts.outputLocation.replace(/\/+$/, '')}/${this.#temp.id}/`;
  }

  #describe(ref: FeatureGroupRef): DescribeFeatureGroupResponse {
    if (typeof ref !== 'string') return ref;
    const d = this.#described.get(ref);
    if (!d) throw new Error(`Feature group ${ref} is not described yet: call resolve() (or run()) first, or pass its DescribeFeatureGroup output`);
    return d;
  }

  #baseSource(): SourceTable {
    const b = this.#base;
    if (b.kind === 'featureGroup') return sourceFromFeatureGroup(this.#describe(b.ref), b.includedFeatureNames);
    if (b.kind === 'table') return sourceFromTable(b.spec);
    const columns = inferColumns(b.rows, b.columnTypes);
    const eventTime = columns.find((c) => c.name === b.eventTimeFeatureName);
    if (!eventTime) throw new Error(`Event time feature ${b.eventTimeFeatureName} is not a column of the rows`);
    return sourceFromTable({
      table: this.#temp.table, columns: columns.map((c) => c.name), recordIdentifierFeatureName: b.recordIdentifierFeatureName,
      eventTimeFeatureName: b.eventTimeFeatureName, eventTimeType: eventTimeTypeOf(eventTime), ...(b.includedFeatureNames ? { includedFeatureNames: b.includedFeatureNames } : {}),
    });
  }

  #joinSource(j: Join) {
    const o = j.options;
    return {
      ...sourceFromFeatureGroup(this.#describe(j.ref), o.includedFeatureNames, o.featureNameInTarget),
      ...(o.targetFeatureNameInBase !== undefined ? { targetFeatureNameInBase: o.targetFeatureNameInBase } : {}),
      ...(o.featureNameInTarget !== undefined ? { featureNameInTarget: o.featureNameInTarget } : {}),
      joinComparator: o.joinComparator ?? 'EQUALS',
      joinType: o.joinType ?? 'INNER_JOIN',
    };
  }
}

function splitS3(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`Not an S3 object URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}
