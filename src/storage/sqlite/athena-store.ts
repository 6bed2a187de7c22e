import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { SqliteDataCatalogs } from './athena-data-catalogs.js';
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
  isStale,
  orphanFailed,
  primaryWorkGroup,
  staleBound,
  toWorkGroup,
  workGroupDocument,
  type WorkGroupRow,
} from './athena-documents.js';
import { SQLITE_CONSTRAINT_PRIMARYKEY, deferred, immediate, prepare, sqliteErrorCode } from './node-sqlite.js';

interface ExecutionRow {
  document: string;
}

/** {@link AthenaStore} on the embedded SQLite database. */
export class SqliteAthenaStore implements AthenaStore {
  readonly #q;
  /** Orders executions submitted in the same millisecond (newest first means last inserted first). */
  #seq: number;

  readonly #catalogs: SqliteDataCatalogs;

  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#catalogs = new SqliteDataCatalogs(db);
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
      countUnfinished: prepare<[string], { n: number }>(db, "SELECT count(*) AS n FROM athena_query_executions WHERE account_id = ? AND state IN ('QUEUED', 'RUNNING')"),
      // The owner and its heartbeat live in the document, as every other member does: the embedded
      // store has one process, so heartbeats touch only the few unfinished rows (partial index).
      heartbeat: prepare<[number, string], { id: string }>(db,
        "UPDATE athena_query_executions SET document = json_set(document, '$.heartbeatAt', ?) WHERE state IN ('QUEUED', 'RUNNING') AND json_extract(document, '$.owner') = ? RETURNING id",
      ),
      maxSeq: prepare<[], { m: number | null }>(db, 'SELECT MAX(seq) AS m FROM athena_query_executions'),
    };
    this.#seq = this.#q.maxSeq.get()?.m ?? 0;
  }

  #ensurePrimary(accountId: string, region: string): void {
    const p = primaryWorkGroup(accountId, region, this.clock.now());
    this.#q.insertPrimary.run(accountId, region, p.name, p.createdAt.getTime(), workGroupDocument(p));
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
    if (name === PRIMARY_WORK_GROUP) this.#ensurePrimary(accountId, region);
    const row = this.#q.getWg.get(accountId, region, name);
    return row ? toWorkGroup(row) : undefined;
  }

  async listWorkGroups(accountId: string, region: string): Promise<WorkGroupRecord[]> {
    this.#ensurePrimary(accountId, region);
    return this.#q.listWg.all(accountId, region).map(toWorkGroup);
  }

  async createWorkGroup(record: WorkGroupRecord): Promise<void> {
    if (record.name === PRIMARY_WORK_GROUP) this.#ensurePrimary(record.accountId, record.region);
    try {
      this.#q.insertWg.run(record.accountId, record.region, record.name, record.createdAt.getTime(), workGroupDocument(record));
    } catch (e) {
      if (sqliteErrorCode(e) === SQLITE_CONSTRAINT_PRIMARYKEY) throw new WorkGroupExistsError(record.name);
      throw e;
    }
  }

  async putWorkGroup(record: WorkGroupRecord): Promise<boolean> {
    if (record.name === PRIMARY_WORK_GROUP) this.#ensurePrimary(record.accountId, record.region);
    return this.#q.updateWg.run(workGroupDocument(record), record.accountId, record.region, record.name).changes > 0;
  }

  async deleteWorkGroup(accountId: string, region: string, name: string): Promise<boolean> {
    return deferred(this.db, () => {
      const gone = this.#q.deleteWg.run(accountId, region, name).changes > 0;
      if (gone) this.#q.deleteWgExecutions.run(accountId, region, name);
      return gone;
    });
  }

  async insertExecution(r: QueryExecutionRecord): Promise<void> {
    this.#q.insertExec.run(r.id, r.accountId, r.region, r.workGroup, r.clientRequestToken ?? null, r.state, r.submittedAt.getTime(), ++this.#seq, encodeExecution(r));
  }

  async getExecution(accountId: string, region: string, id: string): Promise<QueryExecutionRecord | undefined> {
    const row = this.#q.getExec.get(id, accountId, region);
    return row ? decodeExecution(row.document) : undefined;
  }

  async findExecutionByToken(accountId: string, region: string, clientRequestToken: string): Promise<QueryExecutionRecord | undefined> {
    const row = this.#q.byToken.get(accountId, region, clientRequestToken);
    return row ? decodeExecution(row.document) : undefined;
  }

  async updateExecution(id: string, update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined> {
    return this.#transition(id, undefined, update);
  }

  async transitionExecution(id: string, from: readonly QueryExecutionState[], update: QueryExecutionUpdate): Promise<QueryExecutionRecord | undefined> {
    return this.#transition(id, from, update);
  }

  #transition(id: string, from: readonly QueryExecutionState[] | undefined, update: QueryExecutionUpdate): QueryExecutionRecord | undefined {
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

  async listExecutionIds(accountId: string, region: string, workGroup: string): Promise<string[]> {
    return this.#q.listIds.all(accountId, region, workGroup).map((r) => r.id);
  }

  async heartbeat(owner: string, now: Date): Promise<string[]> {
    return this.#q.heartbeat.all(now.getTime(), owner).map((r) => r.id).sort();
  }

  async countUnfinished(accountId: string): Promise<number> {
    return this.#q.countUnfinished.get(accountId)!.n;
  }

  async unfinishedOwners(): Promise<string[]> {
    const owners = new Set<string>();
    for (const r of this.#q.unfinished.all()) {
      const owner = decodeExecution(r.document).owner;
      if (owner !== undefined) owners.add(owner);
    }
    return [...owners].sort();
  }

  async failOrphaned(now: Date, staleBeforeMs: number, reason: string, error: AthenaErrorRecord, deadOwners: readonly string[] = []): Promise<number> {
    const bound = staleBound(staleBeforeMs);
    const dead = new Set(deadOwners);
    return immediate(this.db, () => {
      const rows = this.#q.unfinished.all().map((r) => decodeExecution(r.document)).filter((r) => isStale(r, bound) || (r.owner !== undefined && dead.has(r.owner)));
      for (const r of rows) {
        const next = orphanFailed(r, now, reason, error);
        this.#q.updateExec.run(next.state, encodeExecution(next), r.id);
      }
      return rows.length;
    });
  }
}
