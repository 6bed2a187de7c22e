/**
 * Athena's stored state: work groups and query executions, per account and region. Documents
 * keep Athena's own member names (ResultConfiguration, WorkGroupConfiguration, AthenaError…) so
 * the service hands them out as they are. Two implementations, SQLite (src/storage/sqlite/athena-store.ts)
 * and PostgreSQL (src/storage/postgres/athena-store.ts), checked by one contract suite
 * (src/storage/athena.contract.ts) that any other backend must pass too.
 */
import type { ResultColumn, StatementType } from '../query-engine/types.js';

export type QueryExecutionState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** Athena `ResultConfiguration`: where and how results are written. */
export interface AthenaResultConfiguration {
  OutputLocation?: string;
  ExpectedBucketOwner?: string;
  AclConfiguration?: { S3AclOption: string };
  EncryptionConfiguration?: { EncryptionOption: string; KmsKey?: string };
}

/** Athena `WorkGroupConfiguration`, as stored (members sagelite does not act on are kept and shown). */
export interface WorkGroupConfiguration {
  ResultConfiguration?: AthenaResultConfiguration;
  EnforceWorkGroupConfiguration?: boolean;
  PublishCloudWatchMetricsEnabled?: boolean;
  BytesScannedCutoffPerQuery?: number;
  RequesterPaysEnabled?: boolean;
  EngineVersion?: { SelectedEngineVersion?: string; EffectiveEngineVersion?: string };
  [other: string]: unknown;
}

export interface AthenaTag {
  Key: string;
  Value: string;
}

export interface WorkGroupRecord {
  accountId: string;
  region: string;
  name: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  configuration: WorkGroupConfiguration;
  tags: AthenaTag[];
  createdAt: Date;
}

/** Athena `AthenaError`. */
export interface AthenaErrorRecord {
  ErrorCategory: number;
  ErrorType: number;
  Retryable: boolean;
  ErrorMessage: string;
}

/** One query execution: what was asked, as applied, and how it went. */
export interface QueryExecutionRecord {
  id: string;
  accountId: string;
  region: string;
  workGroup: string;
  query: string;
  /** QueryExecutionContext as given (Catalog defaults to AwsDataCatalog when a Database is given). */
  context: { Database?: string; Catalog?: string };
  /** The effective result configuration (work group's and request's merged), OutputLocation being the prefix. */
  resultConfiguration: AthenaResultConfiguration;
  resultReuseConfiguration?: { ResultReuseByAgeConfiguration?: { Enabled: boolean; MaxAgeInMinutes?: number } };
  executionParameters?: string[];
  clientRequestToken?: string;
  /** The ARN of the principal who started it. */
  startedBy: string;
  state: QueryExecutionState;
  stateChangeReason?: string;
  athenaError?: AthenaErrorRecord;
  statementType?: StatementType;
  substatementType?: string;
  submittedAt: Date;
  /** When it moved to RUNNING. */
  startedAt?: Date;
  /** When the engine finished (results not yet written). */
  engineEndedAt?: Date;
  completedAt?: Date;
  dataScannedBytes?: number;
  /** The result object's S3 URI (`<OutputLocation>/<id>.csv` or `.txt`), once known. */
  resultLocation?: string;
  resultFormat?: 'csv' | 'txt';
  columns?: ResultColumn[];
  rowCount?: number;
  updateCount?: number;
  /**
   * The server process running it (any id unique to one process's life), set when it is
   * inserted and never changed. Only its owner runs an execution: when the owner stops saying it
   * is alive ({@link AthenaStore.heartbeat}), nobody will, and {@link AthenaStore.failOrphaned}
   * finishes it. Absent on executions recorded before owners were.
   */
  owner?: string;
  /** When the owner last said it is alive (set at insert with `owner`, then by heartbeats while QUEUED or RUNNING). */
  heartbeatAt?: Date;
}

/** What may change on an execution after it is recorded. */
export type QueryExecutionUpdate = Partial<
  Pick<
    QueryExecutionRecord,
    | 'state' | 'stateChangeReason' | 'athenaError' | 'statementType' | 'substatementType' | 'startedAt' | 'engineEndedAt' | 'completedAt'
    | 'dataScannedBytes' | 'resultLocation' | 'resultFormat' | 'columns' | 'rowCount' | 'updateCount'
  >
>;

/** The work group named exists already (Athena's "WorkGroup is already created"). */
export class WorkGroupExistsError extends Error {}

/**
 * A data catalog registered with CreateDataCatalog (AwsDataCatalog is not stored: every account
 * has it). Names are unique per account and region without regard to case; the record keeps the
 * spelling it was created with.
 */
export interface DataCatalogRecord {
  accountId: string;
  region: string;
  name: string;
  type: 'LAMBDA' | 'GLUE' | 'HIVE' | 'FEDERATED';
  description?: string;
  parameters: Record<string, string>;
  tags: Array<{ Key: string; Value: string }>;
  createdAt: Date;
}

/** A data catalog of that name (in any case) exists already. */
export class DataCatalogExistsError extends Error {}

/** The registered data catalogs of an account and region (Athena CreateDataCatalog and friends). */
export interface DataCatalogStore {
  getDataCatalog(accountId: string, region: string, name: string): Promise<DataCatalogRecord | undefined>;
  /** By name. */
  listDataCatalogs(accountId: string, region: string): Promise<DataCatalogRecord[]>;
  /** @throws DataCatalogExistsError */
  createDataCatalog(record: DataCatalogRecord): Promise<void>;
  /** Replaces its type, description, parameters and tags; false when there is no such catalog. */
  putDataCatalog(record: DataCatalogRecord): Promise<boolean>;
  deleteDataCatalog(accountId: string, region: string, name: string): Promise<boolean>;
}

/**
 * The `staleBeforeMs` that makes {@link AthenaStore.failOrphaned} fail every unfinished
 * execution whatever its owner and heartbeat: for a server that is the database's only user (the
 * embedded SQLite start), where whatever is unfinished was left by a previous run. One call with
 * an unbounded bound rather than a second method: the stores have one code path, and a restart
 * after the clock moved back (heartbeats "in the future") still fails them all.
 */
export const ALL_OWNERS_STALE = Number.POSITIVE_INFINITY;

/** Every account and region has this work group, made on first use. */
export const PRIMARY_WORK_GROUP = 'primary';

/**
 * Work groups and query executions. `primary` exists in every account and region without being
 * created: reading or listing makes it (ENABLED, no output location) when absent.
 *
 * Several server processes may share one store (PostgreSQL). Each runs only the executions it
 * inserted, under its own `owner` id with `heartbeatAt` set; it calls {@link heartbeat} every
 * interval while it has executions unfinished, and {@link failOrphaned} with a bound a few
 * intervals back (at start and periodically) to finish what dead processes left.
 *
 * @example
 * const wg = (await store.getWorkGroup(account, 'us-east-1', 'primary'))!;
 * await store.insertExecution({ id, accountId: account, region: 'us-east-1', workGroup: wg.name, query: 'SELECT 1', …, owner, heartbeatAt: now });
 * await store.heartbeat(owner, clock.now()); // every 10 s
 * await store.failOrphaned(clock.now(), clock.now().getTime() - 60_000, INTERRUPTED_REASON, INTERRUPTED_ERROR);
 */
export interface AthenaStore extends DataCatalogStore {
  getWorkGroup(accountId: string, region: string, name: string): Promise<WorkGroupRecord | undefined>;
  /** By name, `primary` included. */
  listWorkGroups(accountId: string, region: string): Promise<WorkGroupRecord[]>;
  /** @throws WorkGroupExistsError */
  createWorkGroup(record: WorkGroupRecord): Promise<void>;
  /** Replaces state, description, configuration and tags; false when there is no such work group. */
  putWorkGroup(record: WorkGroupRecord): Promise<boolean>;
  /** Drops the work group and its query executions; false when it was not there. */
  deleteWorkGroup(accountId: string, region: string, name: string): Promise<boolean>;

  insertExecution(record: QueryExecutionRecord): Promise<void>;
  getExecution(accountId: string, region: string, id: string): Promise<QueryExecutionRecord | undefined>;
  findExecutionByToken(accountId: string, region: string, clientRequestToken: string): Promise<QueryExecutionRecord | undefined>;
  /** Applies the update; returns the record after it, or undefined when there is no such execution. */
  updateExecution(id: string, update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined>;
  /**
   * Applies the update only while the execution is in one of `from` (a finished query never
   * changes again: a late engine result must not overwrite CANCELLED). The record after it, or
   * undefined when the execution was not in those states.
   */
  transitionExecution(id: string, from: readonly QueryExecutionState[], update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined>;
  /** Ids of the work group's executions, newest first. */
  listExecutionIds(accountId: string, region: string, workGroup: string): Promise<string[]>;
  /**
   * The owner says it is alive: every execution of `owner` still QUEUED or RUNNING gets
   * `heartbeatAt = now`. Returns their ids: an execution the owner runs that is not among them
   * was finished by another process (StopQueryExecution received there, or failed as orphaned),
   * and its run can be aborted — but only one whose insert had completed before this call began.
   */
  heartbeat(owner: string, now: Date): Promise<string[]>;
  /**
   * Every execution still QUEUED or RUNNING whose heartbeat is older than `staleBeforeMs`
   * (epoch milliseconds; an execution without a heartbeat counts as older than any bound)
   * becomes FAILED with this reason and error, completed at `now`: its owner stopped (crashed,
   * or was killed) and nothing runs it any more. Returns how many. Concurrent calls from several
   * processes fail each execution once. `staleBeforeMs` = {@link ALL_OWNERS_STALE} fails every
   * unfinished execution (the single-process start).
   * @throws RangeError when `staleBeforeMs` is NaN or -Infinity
   */
  failOrphaned(now: Date, staleBeforeMs: number, reason: string, error: AthenaErrorRecord, deadOwners?: readonly string[]): Promise<number>;
  /**
   * The owners of executions still QUEUED or RUNNING. A process that can tell some of them are
   * gone (on its own host, their process no longer exists) passes them to {@link failOrphaned}
   * as `deadOwners`, whose executions fail at once, whatever their heartbeat says.
   */
  unfinishedOwners(): Promise<string[]>;
  /** How many of the account's executions (every region) are QUEUED or RUNNING: Athena's "Active DML queries". */
  countUnfinished(accountId: string): Promise<number>;
}
