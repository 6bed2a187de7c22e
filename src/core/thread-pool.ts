/**
 * Node's libuv thread pool is shared by everything the server does off the event loop: file
 * reads and writes (S3 objects, Parquet), DNS, crypto — and DuckDB work done in this process
 * (@duckdb/node-api runs each call as pool work: the offline store's Parquet writer). Athena's
 * statements run in each account's engine process (query-engine/execute/worker/), with a pool of
 * its own, but each still makes S3 and file calls here, so the Athena runner keeps its bound:
 * never more statements at once than the pool has threads less a reserve.
 *
 * The pool's size is fixed when it first starts, before any of sagelite's code runs: the
 * launchers set UV_THREADPOOL_SIZE (bin/sagelite.js's shebang, `npm start`, the test and
 * benchmark harnesses) to {@link LAUNCH_POOL_SIZE}; a process started otherwise has libuv's 4.
 */

/** Threads kept for file and other I/O work whatever Athena runs. */
export const IO_RESERVE = 2;

/** The pool size the launchers ask for. */
export const LAUNCH_POOL_SIZE = 16;

/** This process's libuv pool size (libuv's rules: 4 unless UV_THREADPOOL_SIZE says 1–1024). */
export function threadPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env['UV_THREADPOOL_SIZE']);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 1024) : 4;
}

/**
 * How many Athena statements may run at once here: the configured limit, within the pool less
 * its I/O reserve (at least one).
 *
 * @example
 * athenaConcurrency(4, 4); // 2: libuv's default pool keeps two threads for I/O
 * athenaConcurrency(4, 16); // 4
 */
export function athenaConcurrency(configured: number, poolSize: number): number {
  return Math.max(1, Math.min(configured, poolSize - IO_RESERVE));
}
