/**
 * The messages between the server and an account's engine process (engine-process.ts, the parent
 * side; engine-main.ts, the child). Requests carry an id and get exactly one reply with that id.
 * Values travel with Node's `advanced` IPC serialization (structured clone), so bigint, Date and
 * typed arrays arrive as they left; errors travel as {@link WireError} and are rebuilt on arrival.
 */
import { QueryFailure } from '../../types.js';
import type { ResultLimits } from '../../results/limits.js';
import type { ResultColumn } from '../../types.js';

/** What the child needs to open its DuckDB: the same settings the in-process instance took. */
export interface OpenSettings {
  tmpDir: string;
  threads?: number;
  memoryLimit?: string;
}

export type EngineRequest =
  | { id: number; op: 'open'; settings: OpenSettings }
  | { id: number; op: 'connect' }
  | { id: number; op: 'run'; conn: number; sql: string }
  | { id: number; op: 'rows'; conn: number; sql: string; params?: unknown[] }
  | { id: number; op: 'rendered'; conn: number; sql: string; limits: ResultLimits }
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

/** @example toWire(new QueryFailure(2, 1000, 'GENERIC_USER_ERROR: …')) // { kind: 'failure', … } */
export function toWire(error: unknown): WireError {
  if (error instanceof QueryFailure) {
    return { kind: 'failure', category: error.category, errorType: error.errorType, message: error.message, retryable: error.retryable };
  }
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}

/** The error to throw in the parent: a QueryFailure stays one; DuckDB's errors keep their (JSON) message for errors.ts. */
export function fromWire(error: WireError): Error {
  return error.kind === 'failure' ? new QueryFailure(error.category, error.errorType, error.message, error.retryable) : new Error(error.message);
}
