import {
  PRIMARY_WORK_GROUP,
  type AthenaErrorRecord,
  type QueryExecutionRecord,
  type WorkGroupRecord,
} from '../athena.js';

/**
 * How work groups and query executions are kept as rows, in SQLite and PostgreSQL alike, so the
 * two stores' rows mean the same: a JSON document in Athena's member names, dates as epoch
 * milliseconds inside it, and beside it the columns that are looked up or ordered by.
 */

export interface WorkGroupRow {
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  document: string;
}

type WorkGroupDocument = Pick<WorkGroupRecord, 'state' | 'description' | 'configuration' | 'tags'>;

const DATE_MEMBERS = ['submittedAt', 'startedAt', 'engineEndedAt', 'completedAt', 'heartbeatAt'] as const;

/** Dates are kept as epoch milliseconds inside the JSON document. */
export function encodeExecution(r: QueryExecutionRecord): string {
  const doc: Record<string, unknown> = { ...r };
  for (const m of DATE_MEMBERS) if (r[m] !== undefined) doc[m] = r[m].getTime();
  return JSON.stringify(doc);
}

export function decodeExecution(text: string): QueryExecutionRecord {
  const doc = JSON.parse(text) as Record<string, unknown>;
  for (const m of DATE_MEMBERS) if (typeof doc[m] === 'number') doc[m] = new Date(doc[m]);
  return doc as unknown as QueryExecutionRecord;
}

export function toWorkGroup(r: WorkGroupRow): WorkGroupRecord {
  const doc = JSON.parse(r.document) as WorkGroupDocument;
  return {
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    state: doc.state,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    configuration: doc.configuration,
    tags: doc.tags,
    createdAt: new Date(r.created_at),
  };
}

export function workGroupDocument(r: WorkGroupRecord): string {
  const doc: WorkGroupDocument = { state: r.state, configuration: r.configuration, tags: r.tags };
  if (r.description !== undefined) doc.description = r.description;
  return JSON.stringify(doc);
}

/** The `primary` work group as AWS makes it: enabled, client-side settings not overridden, no output location. */
export function primaryWorkGroup(accountId: string, region: string, now: Date): WorkGroupRecord {
  return {
    accountId,
    region,
    name: PRIMARY_WORK_GROUP,
    state: 'ENABLED',
    configuration: { EnforceWorkGroupConfiguration: false, PublishCloudWatchMetricsEnabled: false, RequesterPaysEnabled: false },
    tags: [],
    createdAt: now,
  };
}

/** An unfinished execution nobody runs any more, as failOrphaned leaves it. */
export function orphanFailed(r: QueryExecutionRecord, now: Date, reason: string, error: AthenaErrorRecord): QueryExecutionRecord {
  return { ...r, state: 'FAILED', stateChangeReason: reason, athenaError: error, completedAt: now };
}

/**
 * failOrphaned's bound, checked: a finite number of milliseconds (rounded up, since heartbeats
 * are whole milliseconds), or undefined for +Infinity (every execution is stale).
 */
export function staleBound(staleBeforeMs: number): number | undefined {
  if (staleBeforeMs === Number.POSITIVE_INFINITY) return undefined;
  if (!Number.isFinite(staleBeforeMs)) throw new RangeError(`staleBeforeMs must be a number of milliseconds or +Infinity, not ${staleBeforeMs}`);
  return Math.ceil(staleBeforeMs);
}

/** Whether failOrphaned takes this unfinished execution (no heartbeat: older than any bound). */
export function isStale(r: QueryExecutionRecord, bound: number | undefined): boolean {
  return bound === undefined || r.heartbeatAt === undefined || r.heartbeatAt.getTime() < bound;
}
