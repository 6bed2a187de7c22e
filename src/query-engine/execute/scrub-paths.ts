/**
 * A failure's message without the server's paths: DuckDB names the files it read (a corrupt
 * Parquet object, a CSV it could not parse) by their place in the engine's scratch directory,
 * which tells a tenant where the server keeps its data. The scratch layout is
 * `<tmpDir>/account-…/<statement>/<n>-<label>/<object key below the table location>`, so a
 * scratch path becomes the object's key below its table's location; any other mention of the
 * data directory becomes `…`.
 */
import { dirname, resolve } from 'node:path';
import { QueryFailure } from '../types.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * @example
 * scrubPaths(failure, '/data/athena-tmp').message;
 * // 'HIVE_BAD_DATA: …/part-0.parquet' rather than '/data/athena-tmp/account-1/q-1/1-t/part-0.parquet'
 */
export function scrubPaths(failure: QueryFailure, tmpDir: string): QueryFailure {
  const root = resolve(tmpDir);
  const scratch = new RegExp(`${escape(root)}(?:/[^/\\s"']+){0,3}/?`, 'g');
  const dataDir = new RegExp(`${escape(dirname(root))}/?`, 'g');
  const message = failure.message.replace(scratch, '').replace(dataDir, '…/');
  if (message === failure.message) return failure;
  // The original error, for the server's log, goes with the scrubbed failure.
  return Object.assign(new QueryFailure(failure.category, failure.errorType, message, failure.retryable), failure.cause === undefined ? {} : { cause: failure.cause });
}
