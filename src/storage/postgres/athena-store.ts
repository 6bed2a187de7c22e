import type { Clock } from '../../core/clock.js';
import { PgDataCatalogs } from './athena-data-catalogs.js';
import {
  PRIMARY_WORK_GROUP,
  WorkGroupExistsError,
  type AthenaErrorRecord,
  type AthenaStore,
  type DataCatalogRecord,
  type QueryExecutionRecord,
  type QueryExecutionState,
  type QueryExecutionUpdate,
  type WorkGroupRecord,
} from '../athena.js';
import {
  decodeExecution,
  encodeExecution,
  orphanFailed,
  primaryWorkGroup,
  staleBound,
  toWorkGroup,
  workGroupDocument,
  type WorkGroupRow,
} from '../sqlite/athena-documents.js';
import { pgErrorCode, UNIQUE_VIOLATION, type PgDatabase } from './database.js';

interface ExecutionRow {
  document: string;
  owner: string | null;
  heartbeat_at: number | null;
}

const EXECUTION_COLUMNS = 'document, owner, heartbeat_at';
const UNFINISHED = "state IN ('QUEUED', 'RUNNING')";

/** The document keeps what SQLite's keeps but the owner and heartbeat, which are columns here. */
function executionDocument(r: QueryExecutionRecord): string {
  const { owner: _owner, heartbeatAt: _heartbeat, ...rest } = r;
  return encodeExecution(rest);
}

function toExecution(row: ExecutionRow): QueryExecutionRecord {
  const r = decodeExecution(row.document);
  if (row.owner !== null) r.owner = row.owner;
  if (row.heartbeat_at !== null) r.heartbeatAt = new Date(row.heartbeat_at);
  return r;
}

/**
 * {@link AthenaStore} on PostgreSQL, shared by every server process. Executions change state
 * under a row lock (SELECT … FOR UPDATE), so of two processes finishing one execution (the
 * owner's result, another's StopQueryExecution) exactly one does. Heartbeats and failOrphaned
 * lock rows in id order or skip locked ones, so they never deadlock each other.
 */
export class PgAthenaStore implements AthenaStore {
  readonly #catalogs: PgDataCatalogs;

  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {
    this.#catalogs = new PgDataCatalogs(db);
  }

  getDataCatalog(accountId: string, region: string, name: string): Promise<DataCatalogRecord | undefined> {
    return this.#catalogs.getDataCatalog(accountId, region, name);
  }

  listDataCatalogs(accountId: string, region: string): Promise<DataCatalogRecord[]> {
    return this.#catalogs.listDataCatalogs(accountId, region);
  }

  createDataCatalog(record: DataCatalogRecord): Promise<void> {
    return this.#catalogs.createDataCatalog(record);
  }

  putDataCatalog(record: DataCatalogRecord): Promise<boolean> {
    return this.#catalogs.putDataCatalog(record);
  }

  deleteDataCatalog(accountId: string, region: string, name: string): Promise<boolean> {
    return this.#catalogs.deleteDataCatalog(accountId, region, name);
  }

  async getWorkGroup(accountId: string, region: string, name: string): Promise<WorkGroupRecord | undefined> {
    const row = await this.#workGroup(accountId, region, name);
    if (row || name !== PRIMARY_WORK_GROUP) return row;
    await this.#ensurePrimary(accountId, region);
    return this.#workGroup(accountId, region, name);
  }

  async listWorkGroups(accountId: string, region: string): Promise<WorkGroupRecord[]> {
    const list = await this.#workGroups(accountId, region);
    if (list.some((w) => w.name === PRIMARY_WORK_GROUP)) return list;
    await this.#ensurePrimary(accountId, region);
    return this.#workGroups(accountId, region);
  }

  async createWorkGroup(record: WorkGroupRecord): Promise<void> {
    if (record.name === PRIMARY_WORK_GROUP) {
      await this.#ensurePrimary(record.accountId, record.region);
      throw new WorkGroupExistsError(record.name);
    }
    try {
      await this.db.query(
        'INSERT INTO athena_work_groups (account_id, region, name, created_at, document) VALUES ($1, $2, $3, $4, $5)',
        [record.accountId, record.region, record.name, record.createdAt.getTime(), workGroupDocument(record)],
      );
    } catch (e) {
      if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new WorkGroupExistsError(record.name);
      throw e;
    }
  }

  async putWorkGroup(record: WorkGroupRecord): Promise<boolean> {
    if (record.name === PRIMARY_WORK_GROUP) await this.#ensurePrimary(record.accountId, record.region);
    const { rowCount } = await this.db.query(
      'UPDATE athena_work_groups SET document = $4 WHERE account_id = $1 AND region = $2 AND name = $3',
      [record.accountId, record.region, record.name, workGroupDocument(record)],
    );
    return rowCount === 1;
  }

  async deleteWorkGroup(accountId: string, region: string, name: string): Promise<boolean> {
    return this.db.transaction(async (c) => {
      const { rowCount } = await c.query('DELETE FROM athena_work_groups WHERE account_id = $1 AND region = $2 AND name = $3', [accountId, region, name]);
      if (rowCount !== 1) return false;
      await c.query('DELETE FROM athena_query_executions WHERE account_id = $1 AND region = $2 AND work_group = $3', [accountId, region, name]);
      return true;
    });
  }

  async insertExecution(r: QueryExecutionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO athena_query_executions (id, account_id, region, work_group, client_token, state, submitted_at, owner, heartbeat_at, document)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [r.id, r.accountId, r.region, r.workGroup, r.clientRequestToken ?? null, r.state, r.submittedAt.getTime(), r.owner ?? null, r.heartbeatAt?.getTime() ?? null, executionDocument(r)],
    );
  }

  async getExecution(accountId: string, region: string, id: string): Promise<QueryExecutionRecord | undefined> {
    const { rows } = await this.db.query<ExecutionRow>(`SELECT ${EXECUTION_COLUMNS} FROM athena_query_executions WHERE id = $1 AND account_id = $2 AND region = $3`, [id, accountId, region]);
    return rows[0] ? toExecution(rows[0]) : undefined;
  }

  async findExecutionByToken(accountId: string, region: string, clientRequestToken: string): Promise<QueryExecutionRecord | undefined> {
    const { rows } = await this.db.query<ExecutionRow>(
      `SELECT ${EXECUTION_COLUMNS} FROM athena_query_executions WHERE account_id = $1 AND region = $2 AND client_token = $3 ORDER BY seq DESC LIMIT 1`,
      [accountId, region, clientRequestToken],
    );
    return rows[0] ? toExecution(rows[0]) : undefined;
  }

  updateExecution(id: string, update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined> {
    return this.#transition(id, undefined, update);
  }

  transitionExecution(id: string, from: readonly QueryExecutionState[], update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined> {
    return this.#transition(id, from, update);
  }

  async listExecutionIds(accountId: string, region: string, workGroup: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM athena_query_executions WHERE account_id = $1 AND region = $2 AND work_group = $3 ORDER BY submitted_at DESC, seq DESC',
      [accountId, region, workGroup],
    );
    return rows.map((r) => r.id);
  }

  async heartbeat(owner: string, now: Date): Promise<string[]> {
    // Rows locked in id order, as failOrphaned never waits for a lock: the two never deadlock.
    const { rows } = await this.db.query<{ id: string }>(
      `UPDATE athena_query_executions SET heartbeat_at = $2
       WHERE id IN (SELECT id FROM athena_query_executions WHERE owner = $1 AND ${UNFINISHED} ORDER BY id FOR UPDATE)
       RETURNING id`,
      [owner, now.getTime()],
    );
    return rows.map((r) => r.id).sort();
  }

  async countUnfinished(accountId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM athena_query_executions WHERE account_id = $1 AND ${UNFINISHED}`, [accountId]);
    return rows[0]!.n;
  }

  async unfinishedOwners(): Promise<string[]> {
    const { rows } = await this.db.query<{ owner: string }>(`SELECT DISTINCT owner FROM athena_query_executions WHERE ${UNFINISHED} AND owner IS NOT NULL ORDER BY owner`);
    return rows.map((r) => r.owner);
  }

  /**
   * One transaction: the stale unfinished rows are locked, skipping those another transaction
   * holds (a concurrent failOrphaned failing them, or their owner finishing them: either way not
   * ours to fail now; a later call takes any still stale), then failed together. A row that a
   * concurrent call failed first is no longer unfinished when locked, so each fails once.
   */
  async failOrphaned(now: Date, staleBeforeMs: number, reason: string, error: AthenaErrorRecord, deadOwners: readonly string[] = []): Promise<number> {
    const bound = staleBound(staleBeforeMs) ?? null;
    return this.db.transaction(async (c) => {
      const { rows } = await c.query<ExecutionRow & { id: string }>(
        `SELECT id, ${EXECUTION_COLUMNS} FROM athena_query_executions
         WHERE ${UNFINISHED} AND ($1::bigint IS NULL OR heartbeat_at IS NULL OR heartbeat_at < $1::bigint OR owner = ANY($2::text[]))
         ORDER BY id FOR UPDATE SKIP LOCKED`,
        [bound, [...deadOwners]],
      );
      if (rows.length === 0) return 0;
      const failed = rows.map((r) => orphanFailed(toExecution(r), now, reason, error));
      await c.query(
        `UPDATE athena_query_executions e SET state = 'FAILED', document = f.document
         FROM unnest($1::text[], $2::text[]) AS f(id, document) WHERE e.id = f.id`,
        [failed.map((r) => r.id), failed.map(executionDocument)],
      );
      return failed.length;
    });
  }

  /** Under the row's lock: of two processes moving one execution on, the second sees the first's state. */
  #transition(id: string, from: readonly QueryExecutionState[] | undefined, update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined> {
    return this.db.transaction(async (c) => {
      const { rows } = await c.query<ExecutionRow>(`SELECT ${EXECUTION_COLUMNS} FROM athena_query_executions WHERE id = $1 FOR UPDATE`, [id]);
      if (!rows[0]) return undefined;
      const current = toExecution(rows[0]);
      if (from && !from.includes(current.state)) return undefined;
      const next: QueryExecutionRecord = { ...current, ...update };
      await c.query('UPDATE athena_query_executions SET state = $2, document = $3 WHERE id = $1', [id, next.state, executionDocument(next)]);
      return next;
    });
  }

  async #workGroup(accountId: string, region: string, name: string): Promise<WorkGroupRecord | undefined> {
    const { rows } = await this.db.query<WorkGroupRow>('SELECT account_id, region, name, created_at, document FROM athena_work_groups WHERE account_id = $1 AND region = $2 AND name = $3', [accountId, region, name]);
    return rows[0] ? toWorkGroup(rows[0]) : undefined;
  }

  async #workGroups(accountId: string, region: string): Promise<WorkGroupRecord[]> {
    const { rows } = await this.db.query<WorkGroupRow>(
      'SELECT account_id, region, name, created_at, document FROM athena_work_groups WHERE account_id = $1 AND region = $2 ORDER BY name COLLATE "C"',
      [accountId, region],
    );
    return rows.map(toWorkGroup);
  }

  /**
   * Makes `primary` on its first use. Read, then insert when absent, then read again: not one
   * statement, but every step is idempotent and processes meet in the primary key (ON CONFLICT
   * DO NOTHING), so a race or a crash between the steps leaves a valid state; the usual read of
   * an existing `primary` stays one statement.
   */
  async #ensurePrimary(accountId: string, region: string): Promise<void> {
    const p = primaryWorkGroup(accountId, region, this.clock.now());
    await this.db.query(
      'INSERT INTO athena_work_groups (account_id, region, name, created_at, document) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [accountId, region, p.name, p.createdAt.getTime(), workGroupDocument(p)],
    );
  }
}
