import type { RoleSession } from '../../core/principal.js';
import type { SessionStore } from '../sessions.js';
import { NoticeClearedCache } from './account-store.js';
import type { PgDatabase } from './database.js';

/** How many found sessions are kept in memory before the cache starts over. */
const SESSION_CACHE_ENTRIES = 10_000;

function toSession(document: string): RoleSession {
  const s = JSON.parse(document) as RoleSession & { issuedAt: string; expiresAt: string };
  return { ...s, issuedAt: new Date(s.issuedAt), expiresAt: new Date(s.expiresAt) };
}

/**
 * {@link SessionStore} on PostgreSQL: one row per session, its fields as JSON (as SQLite's).
 * Every request signed with a role session's key reads its session, so found sessions' documents
 * are kept in memory (each read parses its own copy, so callers never share one object); writes
 * announce 'sessions' in their transaction, so every process drops them once a change commits.
 */
export class PgSessionStore implements SessionStore {
  readonly #documents = new NoticeClearedCache<string>(SESSION_CACHE_ENTRIES);

  constructor(private readonly db: PgDatabase) {
    db.onChange('sessions', () => this.#documents.clear());
  }

  async putSession(s: RoleSession): Promise<void> {
    await this.#documents.afterWrite(() => this.db.transaction(async (c) => {
      await c.query(
        `INSERT INTO role_sessions (session_id, account_id, role_id, document, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_id) DO UPDATE SET account_id = excluded.account_id, role_id = excluded.role_id, document = excluded.document, expires_at = excluded.expires_at`,
        [s.sessionId, s.accountId, s.roleId, JSON.stringify(s), s.expiresAt.getTime()],
      );
    }, ['sessions']));
  }

  async getSession(sessionId: string): Promise<RoleSession | undefined> {
    const document = await this.#documents.get(sessionId, async () => {
      const r = await this.db.query<{ document: string }>('SELECT document FROM role_sessions WHERE session_id = $1', [sessionId]);
      return r.rows[0]?.document;
    });
    return document === undefined ? undefined : toSession(document);
  }

  async pruneExpired(now: Date): Promise<number> {
    return this.#documents.afterWrite(() => this.db.transaction(async (c) => {
      const r = await c.query('DELETE FROM role_sessions WHERE expires_at < $1', [now.getTime()]);
      return r.rowCount ?? 0;
    }, ['sessions']));
  }
}
