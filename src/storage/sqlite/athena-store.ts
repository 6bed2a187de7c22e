import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import {
  PRIMARY_WORK_GROUP,
  WorkGroupExistsError,
  type AthenaErrorRecord,
  type AthenaStore,
  type QueryExecutionRecord,
  type QueryExecutionState,
  type QueryExecutionUpdate,
  type WorkGroupRecord,
} from '../athena.js';
import { SQLITE_CONSTRAINT_PRIMARYKEY, deferred, immediate, prepare, sqliteErrorCode } from './node-sqlite.js';

interface WorkGroupRow {
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  document: string;
}

interface ExecutionRow {
  document: string;
}

type WorkGroupDocument = Pick<WorkGroupRecord, 'state' | 'description' | 'configuration' | 'tags'>;

const DATE_MEMBERS = ['submittedAt', 'startedAt', 'engineEndedAt', 'completedAt'] as const;

/** Dates are kept as epoch milliseconds inside the JSON document. */
function encodeExecution(r: QueryExecutionRecord): string {
  const doc: Record<string, unknown> = { ...r };
  for (const m of DATE_MEMBERS) if (r[m] !== undefined) doc[m] = r[m].getTime();
  return JSON.stringify(doc);
}

function decodeExecution(text: string): QueryExecutionRecord {
  const doc = JSON.parse(text) as Record<string, unknown>;
  for (const m of DATE_MEMBERS) if (typeof doc[m] === 'number') doc[m] = new Date(doc[m]);
  return doc as unknown as QueryExecutionRecord;
}

function toWorkGroup(r: WorkGroupRow): WorkGroupRecord {
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

function workGroupDocument(r: WorkGroupRecord): string {
  const doc: WorkGroupDocument = { state: r.state, configuration: r.configuration, tags: r.tags };
  if (r.description !== undefined) doc.description = r.description;
  return JSON.stringify(doc);
}

/** The `primary` work group as AWS makes it: enabled, client-side settings not overridden, no output location. */
function primaryWorkGroup(accountId: string, region: string, now: Date): WorkGroupRecord {
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

/** {@link AthenaStore} on the embedded SQLite database. */
export class SqliteAthenaStore implements AthenaStore {
  readonly #q;
  /** Orders executions submitted in the same millisecond (newest first means last inserted first). */
  #seq: number;

  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      getWg: prepare<[string, string, string], WorkGroupRow>(db, 'SELECT * FROM athena_work_groups WHERE account_id = ? AND region = ? AND name = ?'),
      listWg: prepare<[string, string], WorkGroupRow>(db, 'SELECT * FROM athena_work_groups WHERE account_id = ? AND region = ? ORDER BY name'),
      insertWg: db.prepare('INSERT INTO athena_work_groups (account_id, region, name, created_at, document) VALUES (?, ?, ?, ?, ?)'),
      insertPrimary: db.prepare('INSERT OR IGNORE INTO athena_work_groups (account_id, region, name, created_at, document) VALUES (?, ?, ?, ?, ?)'),
      updateWg: db.prepare('UPDATE athena_work_groups SET document = ? WHERE account_id = ? AND region = ? AND name = ?'),
      deleteWg: db.prepare('DELETE FROM athena_work_groups WHERE account_id = ? AND region = ? AND name = ?'),
      deleteWgExecutions: db.prepare('DELETE FROM athena_query_executions WHERE account_id = ? AND region = ? AND work_group = ?'),
      insertExec: db.prepare(
        'INSERT INTO athena_query_executions (id, account_id, region, work_group, client_token, state, submitted_at, seq, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      getExec: prepare<[string, string, string], ExecutionRow>(db, 'SELECT document FROM athena_query_executions WHERE id = ? AND account_id = ? AND region = ?'),
      getExecById: prepare<[string], ExecutionRow>(db, 'SELECT document FROM athena_query_executions WHERE id = ?'),
      byToken: prepare<[string, string, string], ExecutionRow>(db,
        'SELECT document FROM athena_query_executions WHERE account_id = ? AND region = ? AND client_token = ? ORDER BY seq DESC LIMIT 1',
      ),
      updateExec: db.prepare('UPDATE athena_query_executions SET state = ?, document = ? WHERE id = ?'),
      listIds: prepare<[string, string, string], { id: string }>(db,
        'SELECT id FROM athena_query_executions WHERE account_id = ? AND region = ? AND work_group = ? ORDER BY submitted_at DESC, seq DESC',
      ),
      unfinished: prepare<[], ExecutionRow>(db, "SELECT document FROM athena_query_executions WHERE state IN ('QUEUED', 'RUNNING')"),
      maxSeq: prepare<[], { m: number | null }>(db, 'SELECT MAX(seq) AS m FROM athena_query_executions'),
    };
    this.#seq = this.#q.maxSeq.get()?.m ?? 0;
  }

  #ensurePrimary(accountId: string, region: string): void {
    const p = primaryWorkGroup(accountId, region, this.clock.now());
    this.#q.insertPrimary.run(accountId, region, p.name, p.createdAt.getTime(), workGroupDocument(p));
  }

  getWorkGroup(accountId: string, region: string, name: string): WorkGroupRecord | undefined {
    if (name === PRIMARY_WORK_GROUP) this.#ensurePrimary(accountId, region);
    const row = this.#q.getWg.get(accountId, region, name);
    return row ? toWorkGroup(row) : undefined;
  }

  listWorkGroups(accountId: string, region: string): WorkGroupRecord[] {
    this.#ensurePrimary(accountId, region);
    return this.#q.listWg.all(accountId, region).map(toWorkGroup);
  }

  createWorkGroup(record: WorkGroupRecord): void {
    if (record.name === PRIMARY_WORK_GROUP) this.#ensurePrimary(record.accountId, record.region);
    try {
      this.#q.insertWg.run(record.accountId, record.region, record.name, record.createdAt.getTime(), workGroupDocument(record));
    } catch (e) {
      if (sqliteErrorCode(e) === SQLITE_CONSTRAINT_PRIMARYKEY) throw new WorkGroupExistsError(record.name);
      throw e;
    }
  }

  putWorkGroup(record: WorkGroupRecord): boolean {
    if (record.name === PRIMARY_WORK_GROUP) this.#ensurePrimary(record.accountId, record.region);
    return this.#q.updateWg.run(workGroupDocument(record), record.accountId, record.region, record.name).changes > 0;
  }

  deleteWorkGroup(accountId: string, region: string, name: string): boolean {
    return deferred(this.db, () => {
      const gone = this.#q.deleteWg.run(accountId, region, name).changes > 0;
      if (gone) this.#q.deleteWgExecutions.run(accountId, region, name);
      return gone;
    });
  }

  insertExecution(r: QueryExecutionRecord): void {
    this.#q.insertExec.run(r.id, r.accountId, r.region, r.workGroup, r.clientRequestToken ?? null, r.state, r.submittedAt.getTime(), ++this.#seq, encodeExecution(r));
  }

  getExecution(accountId: string, region: string, id: string): QueryExecutionRecord | undefined {
    const row = this.#q.getExec.get(id, accountId, region);
    return row ? decodeExecution(row.document) : undefined;
  }

  findExecutionByToken(accountId: string, region: string, clientRequestToken: string): QueryExecutionRecord | undefined {
    const row = this.#q.byToken.get(accountId, region, clientRequestToken);
    return row ? decodeExecution(row.document) : undefined;
  }

  updateExecution(id: string, update: QueryExecutionUpdate): QueryExecutionRecord | undefined {
    return this.transitionExecution(id, undefined, update);
  }

  transitionExecution(id: string, from: readonly QueryExecutionState[] | undefined, update: QueryExecutionUpdate): QueryExecutionRecord | undefined {
    return immediate(this.db, () => {
      const row = this.#q.getExecById.get(id);
      if (!row) return undefined;
      const current = decodeExecution(row.document);
      if (from && !from.includes(current.state)) return undefined;
      const next: QueryExecutionRecord = { ...current, ...update };
      this.#q.updateExec.run(next.state, encodeExecution(next), id);
      return next;
    });
  }

  listExecutionIds(accountId: string, region: string, workGroup: string): string[] {
    return this.#q.listIds.all(accountId, region, workGroup).map((r) => r.id);
  }

  failUnfinished(now: Date, reason: string, error: AthenaErrorRecord): number {
    return immediate(this.db, () => {
      const rows = this.#q.unfinished.all().map((r) => decodeExecution(r.document));
      for (const r of rows) {
        const next: QueryExecutionRecord = { ...r, state: 'FAILED', stateChangeReason: reason, athenaError: error, completedAt: now };
        this.#q.updateExec.run(next.state, encodeExecution(next), r.id);
      }
      return rows.length;
    });
  }
}
