/**
 * How large a query's result may be, and Athena's errors when it is larger (docs/security/athena-results.md).
 *
 * - Athena's hard limit: "a single row or its columns cannot exceed 32 megabytes" (Athena user
 *   guide, "Considerations and limitations for SQL queries", row or column size limitation).
 * - sagelite's own bound on a whole result: Athena streams results to S3 and has none, but
 *   sagelite keeps a result in memory until its CSV is written, so one tenant's query must not be
 *   able to take the server's memory.
 */
import { ErrorCategory, QueryFailure } from '../types.js';

/** Athena's row or column size limit, 32 MB (taken as 32 MiB: the guide does not say which). */
export const MAX_ROW_OR_COLUMN_BYTES = 32 * 1024 * 1024;

/** sagelite's default bound on a result held in memory (config `athenaMaxResultBytes`). */
export const DEFAULT_MAX_RESULT_BYTES = 256 * 1024 * 1024;

export interface ResultLimits {
  /** Largest value, and largest row (its values together), in bytes. */
  maxRowOrColumnBytes: number;
  /** Largest whole result, in bytes of its CSV (header excepted). */
  maxResultBytes: number;
}

export const DEFAULT_RESULT_LIMITS: ResultLimits = { maxRowOrColumnBytes: MAX_ROW_OR_COLUMN_BYTES, maxResultBytes: DEFAULT_MAX_RESULT_BYTES };

/**
 * A value or a row past the 32 MB limit. Athena's exact wording for this is undocumented: the
 * message names the limit as the user guide does, USER category, ErrorType 1000 ("User error"),
 * not retryable (the same query hits it again). `column` is 1-based, `row` the 1-based data row.
 *
 * @example
 * rowOrColumnTooLarge({ column: 1 }, 1, 40_000_000, MAX_ROW_OR_COLUMN_BYTES).message;
 * // 'GENERIC_USER_ERROR: Row or column size limit exceeded: column 1 of row 1 is 40000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)'
 */
export function rowOrColumnTooLarge(what: { column: number } | 'row', row: number, bytes: number, limit: number): QueryFailure {
  const subject = what === 'row' ? `row ${row}` : `column ${what.column} of row ${row}`;
  return new QueryFailure(
    ErrorCategory.User,
    1000,
    `GENERIC_USER_ERROR: Row or column size limit exceeded: ${subject} is ${bytes} bytes; a single row or column cannot exceed ${sizeText(limit)}`,
    false,
  );
}

/**
 * A result past sagelite's in-memory bound: Athena's resource error (ErrorType 0, "Query
 * exhausted resources at this scale factor", as DuckDB's own out-of-memory maps in errors.ts),
 * saying which bound and how to get a large result (CTAS writes it to S3 without holding it).
 */
export function resultTooLarge(limit: number): QueryFailure {
  return new QueryFailure(
    ErrorCategory.System,
    0,
    `EXCEEDED_LOCAL_MEMORY_LIMIT: Query exhausted resources at this scale factor: the query result is larger than ${limit} bytes, ` +
      'the most this server keeps in memory to write a result file (athenaMaxResultBytes); write large results with CREATE TABLE AS SELECT',
    false,
  );
}

/** `32 MB (33554432 bytes)` as the guide names the limit, or plain bytes for a limit of no whole MiB (tests). */
function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB (${bytes} bytes)` : `${bytes} bytes`;
}
