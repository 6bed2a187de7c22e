import type { RoleSession } from '../core/principal.js';

/**
 * STS role sessions, kept until they expire so that their ASIA keys resolve to the role, its
 * session policies and tags. Implementations: SQLite (embedded default).
 */
export interface SessionStore {
  putSession(session: RoleSession): void;
  getSession(sessionId: string): RoleSession | undefined;
  /** Forgets sessions that expired before `now`; returns how many. */
  pruneExpired(now: Date): number;
}

/** One recorded authorization decision: enough to explain it later by request id. */
export interface RecordedDecision {
  requestId: string;
  /** The caller's account: only its root, users and roles, and the operator, may read it back. */
  accountId: string;
  createdAt: Date;
  allowed: boolean;
  /** Machine-readable decision (principal, action, resource, policies, statements). */
  detail: Record<string, unknown>;
  /** The full human-readable explanation. */
  explanation: string;
}

/**
 * A decision as the authorizer hands it over: its description is computed only when needed
 * (always for denials, on request for allows), since tracing every statement costs more than
 * deciding.
 */
export interface DecisionEntry extends Omit<RecordedDecision, 'detail' | 'explanation'> {
  describe(): Pick<RecordedDecision, 'detail' | 'explanation'>;
}

/** Bounded log of authorization decisions by request id, for `sagelite explain`. */
export interface DecisionLog {
  record(entry: DecisionEntry): void;
  get(requestId: string): RecordedDecision | undefined;
}
