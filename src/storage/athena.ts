/**
 * Athena's stored state: work groups and query executions, per account and region. Documents
 * keep Athena's own member names (ResultConfiguration, WorkGroupConfiguration, AthenaError…) so
 * the service hands them out as they are. One SQLite implementation today
 * (src/storage/sqlite/athena-store.ts), checked by one contract suite
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

/** Every account and region has this work group, made on first use. */
export const PRIMARY_WORK_GROUP = 'primary';

/**
 * Work groups and query executions. `primary` exists in every account and region without being
 * created: reading or listing makes it (ENABLED, no output location) when absent.
 *
 * @example
 * const wg = store.getWorkGroup(account, 'us-east-1', 'primary')!;
 * store.insertExecution({ id, accountId: account, region: 'us-east-1', workGroup: wg.name, query: 'SELECT 1', … });
 */
export interface AthenaStore {
  getWorkGroup(accountId: string, region: string, name: string): WorkGroupRecord | undefined;
  /** By name, `primary` included. */
  listWorkGroups(accountId: string, region: string): WorkGroupRecord[];
  /** @throws WorkGroupExistsError */
  createWorkGroup(record: WorkGroupRecord): void;
  /** Replaces state, description, configuration and tags; false when there is no such work group. */
  putWorkGroup(record: WorkGroupRecord): boolean;
  /** Drops the work group and its query executions; false when it was not there. */
  deleteWorkGroup(accountId: string, region: string, name: string): boolean;

  insertExecution(record: QueryExecutionRecord): void;
  getExecution(accountId: string, region: string, id: string): QueryExecutionRecord | undefined;
  findExecutionByToken(accountId: string, region: string, clientRequestToken: string): QueryExecutionRecord | undefined;
  /** Applies the update; returns the record after it, or undefined when there is no such execution. */
  updateExecution(id: string, update: QueryExecutionUpdate): QueryExecutionRecord | undefined;
  /**
   * Applies the update only while the execution is in one of `from` (a finished query never
   * changes again: a late engine result must not overwrite CANCELLED). The record after it, or
   * undefined when the execution was not in those states.
   */
  transitionExecution(id: string, from: readonly QueryExecutionState[], update: QueryExecutionUpdate): QueryExecutionRecord | undefined;
  /** Ids of the work group's executions, newest first. */
  listExecutionIds(accountId: string, region: string, workGroup: string): string[];
  /**
   * Every execution still QUEUED or RUNNING becomes FAILED with this reason and error, completed
   * at `now` (start-up after a crash: nothing runs them any more). Returns how many.
   */
  failUnfinished(now: Date, reason: string, error: AthenaErrorRecord): number;
}
