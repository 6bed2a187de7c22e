import type { RoleSession } from '../core/principal.js';

/**
 * STS role sessions, kept until they expire so that their ASIA keys resolve to the role, its
 * session policies and tags. Implementations: SQLite (embedded default) and PostgreSQL, checked by
 * the same contract tests (src/storage/sessions.contract.ts, with the decision log's).
 */
export interface SessionStore {
  putSession(session: RoleSession): Promise<void>;
  getSession(sessionId: string): Promise<RoleSession | undefined>;
  /** Forgets sessions that expired before `now`; returns how many. */
  pruneExpired(now: Date): Promise<number>;
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
  record(entry: DecisionEntry): Promise<void>;
  /**
   * The decision of a request. `askOtherProcesses` (the operator's explain only): where several
   * server processes share the state, also ask the others for a decision only they hold (an
   * allow); a miss then costs a wait of a few seconds.
   */
  get(requestId: string, opts?: { askOtherProcesses?: boolean }): Promise<RecordedDecision | undefined>;
}

/** A decision entry described now: what {@link DecisionLog.get} hands back. */
export function describedDecision(entry: DecisionEntry): RecordedDecision {
  const { describe, ...rest } = entry;
  return { ...rest, ...describe() };
}

/**
 * The newest `capacity` entries by request id, oldest out first, undescribed: where every
 * {@link DecisionLog} keeps allowed (and anonymous) decisions, since writing each one down would
 * cost every request a write for a rarely asked question. Per process: they are lost on restart,
 * and one process does not see another's.
 */
export class RecentDecisions {
  readonly #byId = new Map<string, DecisionEntry>();
  /**
   * The ring's order, oldest at `#next`: evicting through `map.keys().next()` walks the deleted
   * entries V8 keeps at a Map's head, ~4 µs a request at thousands a second.
   */
  readonly #ring: Array<string | undefined>;
  #next = 0;

  constructor(readonly capacity = 5_000) {
    this.#ring = new Array<string | undefined>(capacity);
  }

  add(entry: DecisionEntry): void {
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#byId.delete(evicted);
    this.#ring[this.#next] = entry.requestId;
    this.#next = (this.#next + 1) % this.capacity;
    this.#byId.set(entry.requestId, entry);
  }

  get(requestId: string): DecisionEntry | undefined {
    return this.#byId.get(requestId);
  }

  /** Drops the entry (its ring slot is reused in turn): a request denied after an allow is denied. */
  forget(requestId: string): void {
    this.#byId.delete(requestId);
  }
}

/** Which decisions a log only keeps in memory: allows, and anonymous callers' denials (accountId ''), so that unsigned callers cost no write each. */
export function keptInMemoryOnly(entry: DecisionEntry): boolean {
  return entry.allowed || entry.accountId === '';
}
