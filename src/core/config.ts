import { homedir, totalmem } from 'node:os';
import { join } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Everything the server needs to start; flags override environment variables, which override defaults. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  logLevel: LogLevel;
  /** Let the operator move the clock forward (tests only). */
  testClock: boolean;
  /** A declarative file of accounts and keys to provision at start (see docs/CONFIGURATION.md). */
  configFile?: string;
  /** Host suffixes for virtual-hosted S3 (`bucket.<suffix>`). */
  s3VirtualHostSuffixes: string[];
  /** Largest request body read into memory. */
  maxBodyBytes: number;
  /** How often the offline-store writer drains the outbox into Parquet objects in S3 (AWS: up to 15 minutes). */
  offlineFlushIntervalMs: number;
  /** How often S3 lifecycle rules are carried out (expirations, aborts); AWS does it about daily. */
  lifecycleIntervalMs: number;
  /** How long StartQueryExecution waits for a query to finish before answering (0: answer at once). */
  athenaStartWaitMs: number;
  /** Athena queries running at once on this machine (the rest wait QUEUED). */
  athenaMaxConcurrent: number;
  /** Athena queries of one account running at once (AWS: the per-account "Active DML queries" quota). */
  athenaMaxConcurrentPerAccount: number;
  /** Athena queries of one account running or queued at once; more is TooManyRequestsException (AWS: "Active DML queries"). */
  athenaMaxActivePerAccount: number;
  /** How long an Athena query may run before it FAILS with "Query timeout" (AWS: "DML query timeout", 30 minutes). */
  athenaQueryTimeoutMs: number;
  /** DuckDB's memory_limit of each account's Athena engine instance, a DuckDB size such as '2GB' (see {@link defaultAthenaMemoryLimit}). */
  athenaMemoryLimit: string;
  /** Largest Athena query result kept in memory (CSV bytes) before its file is written; past it the query FAILS. */
  athenaMaxResultBytes: number;
  /** Disk each account's Athena queries may spill to, a DuckDB size (default: four times athenaMemoryLimit). */
  athenaSpillLimit?: string;
  /** A redis:// URL: InMemory feature groups keep their online records there (Redis or Valkey); unset, in SQLite. */
  onlineMemory?: string;
  /** Put before every key this server writes to `onlineMemory`, so servers can share one Redis. */
  onlineMemoryPrefix: string;
  /**
   * A postgres:// URL: all state (accounts, IAM, STS, S3 metadata, Glue, feature groups, Standard
   * records and their outbox, Athena) lives there, shared by every server process pointed at it,
   * and object bytes under the data directory, which those processes must share. Unset: SQLite
   * in the data directory, one process (docs/DEPLOYMENT.md).
   */
  state?: string;
  /** Connections each server process keeps to `state` at most. */
  statePoolSize: number;
  /** `sagelite serve --processes N`: server processes on this host sharing the port (needs `state`). */
  processes: number;
}

/** Athena's default DML query timeout: 30 minutes (Service Quotas, quota L-E80DC288). */
export const DEFAULT_ATHENA_QUERY_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Each account's Athena memory limit unless configured (every account's queries run on a DuckDB
 * instance of its own, query-engine/execute/instance-pool.ts): a sixteenth of the host's memory,
 * in whole MiB, so the four accounts that may run queries at once (the default machine-wide
 * limit) hold a quarter of it together. DuckDB's own default (80% of the host per instance) lets
 * one query starve the server and every other process; DuckDB spills joins, aggregates and sorts
 * to disk under the limit instead.
 */
export function defaultAthenaMemoryLimit(totalBytes: number = totalmem()): string {
  return `${Math.max(256, Math.floor(totalBytes / 16 / (1024 * 1024)))}MiB`;
}

export const DEFAULT_PORT = 4566;

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['SAGELITE_DATA_DIR'] ?? join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'sagelite');
}

/** The configuration from environment variables and defaults; the CLI lays its flags on top. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: env['SAGELITE_HOST'] ?? '127.0.0.1',
    port: env['SAGELITE_PORT'] !== undefined ? Number(env['SAGELITE_PORT']) : DEFAULT_PORT,
    dataDir: defaultDataDir(env),
    logLevel: (env['SAGELITE_LOG_LEVEL'] as LogLevel | undefined) ?? 'info',
    testClock: env['SAGELITE_TEST_CLOCK'] === '1' || env['SAGELITE_TEST_CLOCK'] === 'true',
    ...(env['SAGELITE_CONFIG'] !== undefined ? { configFile: env['SAGELITE_CONFIG'] } : {}),
    s3VirtualHostSuffixes: ['s3.amazonaws.com', 's3.us-east-1.amazonaws.com', 's3.localhost', 'localhost'],
    maxBodyBytes: 256 * 1024 * 1024,
    offlineFlushIntervalMs: env['SAGELITE_OFFLINE_FLUSH_MS'] !== undefined ? Number(env['SAGELITE_OFFLINE_FLUSH_MS']) : 1000,
    lifecycleIntervalMs: env['SAGELITE_LIFECYCLE_MS'] !== undefined ? Number(env['SAGELITE_LIFECYCLE_MS']) : 60_000,
    athenaStartWaitMs: env['SAGELITE_ATHENA_START_WAIT_MS'] !== undefined ? Number(env['SAGELITE_ATHENA_START_WAIT_MS']) : 200,
    // Sized for a 2-core machine: DuckDB already runs one query on every core, so more at once
    // only share them; two per account leave the other two slots to other accounts at once.
    athenaMaxConcurrent: env['SAGELITE_ATHENA_MAX_CONCURRENT'] !== undefined ? Number(env['SAGELITE_ATHENA_MAX_CONCURRENT']) : 4,
    athenaMaxConcurrentPerAccount: env['SAGELITE_ATHENA_MAX_CONCURRENT_PER_ACCOUNT'] !== undefined ? Number(env['SAGELITE_ATHENA_MAX_CONCURRENT_PER_ACCOUNT']) : 2,
    // AWS's own example of the quota is 25 (its default varies by Region); the queue is cheap, the bound is what matters.
    athenaMaxActivePerAccount: env['SAGELITE_ATHENA_MAX_ACTIVE_PER_ACCOUNT'] !== undefined ? Number(env['SAGELITE_ATHENA_MAX_ACTIVE_PER_ACCOUNT']) : 25,
    athenaQueryTimeoutMs: env['SAGELITE_ATHENA_QUERY_TIMEOUT_MS'] !== undefined ? Number(env['SAGELITE_ATHENA_QUERY_TIMEOUT_MS']) : DEFAULT_ATHENA_QUERY_TIMEOUT_MS,
    athenaMemoryLimit: env['SAGELITE_ATHENA_MEMORY_LIMIT'] ?? defaultAthenaMemoryLimit(),
    // sagelite's own bound (Athena writes results to S3 as it goes; sagelite holds one to write it).
    athenaMaxResultBytes: env['SAGELITE_ATHENA_MAX_RESULT_BYTES'] !== undefined ? Number(env['SAGELITE_ATHENA_MAX_RESULT_BYTES']) : 256 * 1024 * 1024,
    ...(env['SAGELITE_ATHENA_SPILL_LIMIT'] !== undefined ? { athenaSpillLimit: env['SAGELITE_ATHENA_SPILL_LIMIT'] } : {}),
    ...(env['SAGELITE_ONLINE_MEMORY'] ? { onlineMemory: env['SAGELITE_ONLINE_MEMORY'] } : {}),
    onlineMemoryPrefix: env['SAGELITE_ONLINE_MEMORY_PREFIX'] ?? 'sagelite:',
    ...(env['SAGELITE_STATE'] ? { state: env['SAGELITE_STATE'] } : {}),
    statePoolSize: env['SAGELITE_STATE_POOL_SIZE'] !== undefined ? Number(env['SAGELITE_STATE_POOL_SIZE']) : 10,
    processes: env['SAGELITE_PROCESSES'] !== undefined ? Number(env['SAGELITE_PROCESSES']) : 1,
  };
}
