import { homedir } from 'node:os';
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
  /** How long StartQueryExecution waits for a query to finish before answering (0: answer at once). */
  athenaStartWaitMs: number;
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
    athenaStartWaitMs: env['SAGELITE_ATHENA_START_WAIT_MS'] !== undefined ? Number(env['SAGELITE_ATHENA_START_WAIT_MS']) : 200,
  };
}
