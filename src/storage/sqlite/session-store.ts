import type { DatabaseSync } from 'node:sqlite';
import type { RoleSession } from '../../core/principal.js';
import { describedDecision, keptInMemoryOnly, RecentDecisions, type DecisionEntry, type DecisionLog, type RecordedDecision, type SessionStore } from '../sessions.js';
import { prepare } from './node-sqlite.js';

interface SessionRow {
  document: string;
}

/** {@link SessionStore} on SQLite: one row per session, its fields as JSON. */
export class SqliteSessionStore implements SessionStore {
  readonly #q;
  constructor(db: DatabaseSync) {
    this.#q = {
      put: db.prepare('INSERT OR REPLACE INTO role_sessions (session_id, account_id, role_id, document, expires_at) VALUES (?, ?, ?, ?, ?)'),
      get: prepare<[string], SessionRow>(db, 'SELECT document FROM role_sessions WHERE session_id = ?'),
      prune: db.prepare('DELETE FROM role_sessions WHERE expires_at < ?'),
    };
  }

  async putSession(s: RoleSession): Promise<void> {
    this.#q.put.run(s.sessionId, s.accountId, s.roleId, JSON.stringify(s), s.expiresAt.getTime());
  }

  async getSession(sessionId: string): Promise<RoleSession | undefined> {
    const row = this.#q.get.get(sessionId);
    if (!row) return undefined;
    const s = JSON.parse(row.document) as RoleSession & { issuedAt: string; expiresAt: string };
    return { ...s, issuedAt: new Date(s.issuedAt), expiresAt: new Date(s.expiresAt) };
  }

  async pruneExpired(now: Date): Promise<number> {
    return Number(this.#q.prune.run(now.getTime()).changes);
  }
}

interface DecisionRow {
  request_id: string;
  account_id: string;
  created_at: number;
  allowed: number;
  document: string;
}

/**
 * {@link DecisionLog} on SQLite. Signed callers' denials are written at once (the newest `capacity`
 * kept) so they can be explained after a restart; allows stay in a bounded in-memory ring
 * ({@link RecentDecisions}), since a disk write per allowed request would cost every request an
 * fsync for a rarely asked question.
 */
export class SqliteDecisionLog implements DecisionLog {
  readonly #q;
  readonly #recentAllows = new RecentDecisions();
  #sinceTrim = 0;
  constructor(db: DatabaseSync, private readonly capacity = 20_000) {
    this.#q = {
      put: db.prepare('INSERT OR REPLACE INTO decisions (request_id, account_id, created_at, allowed, document) VALUES (?, ?, ?, ?, ?)'),
      get: prepare<[string], DecisionRow>(db, 'SELECT * FROM decisions WHERE request_id = ?'),
      trim: db.prepare(
        'DELETE FROM decisions WHERE created_at < (SELECT created_at FROM decisions ORDER BY created_at DESC LIMIT 1 OFFSET ?)',
      ),
    };
  }

  async record(d: DecisionEntry): Promise<void> {
    if (keptInMemoryOnly(d)) {
      this.#recentAllows.add(d);
      return;
    }
    // A request may be allowed one thing and then denied another (S3 allows, then KMS refuses the
    // data key it asks for the caller): the denial is what explains the request.
    this.#recentAllows.forget(d.requestId);
    const doc = JSON.stringify(d.describe());
    this.#q.put.run(d.requestId, d.accountId, d.createdAt.getTime(), 0, doc);
    if (++this.#sinceTrim >= 1000) {
      this.#sinceTrim = 0;
      this.#q.trim.run(this.capacity);
    }
  }

  async get(requestId: string): Promise<RecordedDecision | undefined> {
    const recent = this.#recentAllows.get(requestId);
    if (recent) return describedDecision(recent);
    const r = this.#q.get.get(requestId);
    if (!r) return undefined;
    const doc = JSON.parse(r.document) as { detail: Record<string, unknown>; explanation: string };
    return { requestId: r.request_id, accountId: r.account_id, createdAt: new Date(r.created_at), allowed: r.allowed === 1, ...doc };
  }
}
