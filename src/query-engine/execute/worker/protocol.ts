/**
 * The messages between the server and an account's engine process (engine-process.ts, the parent
 * side; engine-main.ts, the child). Requests carry an id and get exactly one reply with that id.
 * Values travel with Node's `advanced` IPC serialization (structured clone), so bigint, Date and
 * typed arrays arrive as they left; errors travel as {@link WireError} and are rebuilt on arrival.
 */
import { QueryFailure } from '../../types.js';
import type { ResultLimits } from '../../results/limits.js';
import type { AnalysisCatalog } from '../../trino/analysis/analyze.js';
import type { ResultColumn } from '../../types.js';

/** What the child needs to open its DuckDB: the same settings the in-process instance took. */
export interface OpenSettings {
  tmpDir: string;
  /** This process's own spill folder (inside tmpDir), removed by the server when the process ends. */
  spillDir: string;
  /** DuckDB's max_temp_directory_size, a DuckDB size. */
  spillLimit: string;
  threads?: number;
  memoryLimit?: string;
}

export type EngineRequest =
  | { id: number; op: 'open'; settings: OpenSettings }
  | { id: number; op: 'connect' }
  | { id: number; op: 'run'; conn: number; sql: string }
  | { id: number; op: 'rows'; conn: number; sql: string; params?: unknown[] }
  | { id: number; op: 'rendered'; conn: number; sql: string; limits: ResultLimits }
  /** Trino's grammar over a statement's text: parsed here, where a costly statement costs only its account. */
  | { id: number; op: 'check-syntax'; sql: string }
  /** Trino's type rules over a query, given the Glue tables it names (trino/analysis/analyze.ts). */
  | { id: number; op: 'analyze'; sql: string; catalog: AnalysisCatalog }
  | { id: number; op: 'interrupt'; conn: number }
  | { id: number; op: 'disconnect'; conn: number };

export interface Rendered {
  columns: ResultColumn[];
  rows: Array<Array<string | null>>;
}

/** An error as it crosses the process boundary. */
export type WireError =
  | { kind: 'failure'; category: number; errorType: number; message: string; retryable: boolean }
  | { kind: 'error'; message: string };

/** The one final reply to a request, or (for `rendered`) a chunk of rendered rows before it. */
export type EngineReply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: WireError }
  | { id: number; rows: Array<Array<string | null>> };

/**
 * Longest error text (in characters) that crosses to the server. DuckDB puts the offending value
 * in its message whole (`Could not convert string '<20 MB>' to INT32`): unbounded, one account's
 * query would put hundreds of MB into the server's memory, its database and every
 * GetQueryExecution answer, past the engine process's cap.
 */
export const MAX_ERROR_MESSAGE_CHARS = 4_096;
/** Characters kept from a cut text's end: DuckDB names the type or the position last. */
const TAIL = 256;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - TAIL)}…${text.slice(-TAIL)}`);

/**
 * A message within {@link MAX_ERROR_MESSAGE_CHARS} (each field's, for DuckDB's JSON errors, which
 * errors.ts parses): head and tail kept, `…` between.
 *
 * @example boundMessage(`Invalid Input Error: ${'y'.repeat(5e7)}`).length // 4_118
 */
export function boundMessage(message: string, max = MAX_ERROR_MESSAGE_CHARS): string {
  if (message.length <= max) return message;
  const json = message.indexOf('{"exception_type"');
  if (json >= 0) {
    try {
      const fields = JSON.parse(message.slice(json)) as Record<string, unknown>;
      const bounded = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? cut(v, max) : v]));
      return cut(message.slice(0, json), max) + JSON.stringify(bounded);
    } catch {
      // Not DuckDB's JSON after all: cut as text.
    }
  }
  return cut(message, max);
}

/** @example toWire(new QueryFailure(2, 1000, 'GENERIC_USER_ERROR: …')) // { kind: 'failure', … } */
export function toWire(error: unknown): WireError {
  if (error instanceof QueryFailure) {
    return { kind: 'failure', category: error.category, errorType: error.errorType, message: boundMessage(error.message), retryable: error.retryable };
  }
  return { kind: 'error', message: boundMessage(error instanceof Error ? error.message : String(error)) };
}

/** The error to throw in the parent: a QueryFailure stays one; DuckDB's errors keep their (JSON) message for errors.ts. */
export function fromWire(error: WireError): Error {
  return error.kind === 'failure' ? new QueryFailure(error.category, error.errorType, error.message, error.retryable) : new Error(error.message);
}
