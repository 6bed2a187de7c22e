import { Option } from 'commander';
import { OffsetClock } from '../core/clock.js';
import type { AccountStore } from '../storage/accounts.js';
import type { DecisionLog } from '../storage/sessions.js';
import { PgDatabase } from '../storage/postgres/database.js';
import { ALL_SCHEMAS } from '../storage/postgres/schema.js';
import { PgAccountStore } from '../storage/postgres/account-store.js';
import { PgDecisionLog } from '../storage/postgres/decision-log.js';
import { RedisRecordStore, withoutPassword } from '../storage/redis/record-store.js';
import { SqliteAccountStore } from '../storage/sqlite/account-store.js';
import { SqliteDecisionLog } from '../storage/sqlite/session-store.js';
import { CliError, openDataDir, openExistingDataDir } from './data-dir.js';

/**
 * The operator's commands (account, reset, explain) on either deployment shape: the data
 * directory's SQLite (the default) or, with `--state postgres://…` (SAGELITE_STATE), the
 * PostgreSQL database a shared deployment's server processes use (docs/DEPLOYMENT.md).
 */
export interface StateOptions {
  dataDir: string;
  state?: string;
  onlineMemory?: string;
  onlineMemoryPrefix?: string;
}

/** `--state`: the shared shape's PostgreSQL (SAGELITE_STATE, as for `serve`). */
export const stateOption = () => new Option('--state <url>', "the PostgreSQL database of a shared deployment (default: the data directory's SQLite)").env('SAGELITE_STATE');
/** `--online-memory`: where the servers keep InMemory records (SAGELITE_ONLINE_MEMORY, as for `serve`). */
export const onlineMemoryOption = () => new Option('--online-memory <url>', 'the Redis or Valkey the servers keep InMemory records in').env('SAGELITE_ONLINE_MEMORY');
/** `--online-memory-prefix` (SAGELITE_ONLINE_MEMORY_PREFIX, as for `serve`). */
export const onlineMemoryPrefixOption = () => new Option('--online-memory-prefix <prefix>', "the servers' Redis key prefix").default('sagelite:').env('SAGELITE_ONLINE_MEMORY_PREFIX');

async function openPg(url: string): Promise<PgDatabase> {
  try {
    return await PgDatabase.open(url, ALL_SCHEMAS, { poolSize: 2 });
  } catch (e) {
    throw new CliError(`cannot open the PostgreSQL state ${withoutPassword(url)}: ${(e as Error).message}`);
  }
}


/** Runs `fn` with the account store of the shape `opts` names; `existing`: the SQLite data directory must already be one. */
export async function withAccountStore<T>(opts: StateOptions, existing: boolean, fn: (store: AccountStore) => Promise<T>): Promise<T> {
  if (opts.state) {
    const db = await openPg(opts.state);
    try {
      return await fn(new PgAccountStore(db, new OffsetClock()));
    } finally {
      await db.close();
    }
  }
  const db = existing ? openExistingDataDir(opts.dataDir) : openDataDir(opts.dataDir);
  try {
    return await fn(new SqliteAccountStore(db, new OffsetClock()));
  } finally {
    db.close();
  }
}

/** Runs `fn` with the decision log of the shape `opts` names. */
export async function withDecisionLog<T>(opts: StateOptions, fn: (log: DecisionLog) => Promise<T>): Promise<T> {
  if (opts.state) {
    const db = await openPg(opts.state);
    const log = new PgDecisionLog(db);
    try {
      return await fn(log);
    } finally {
      await log.close();
      await db.close();
    }
  }
  const db = openExistingDataDir(opts.dataDir);
  try {
    return await fn(new SqliteDecisionLog(db));
  } finally {
    db.close();
  }
}

export { openPg as openSharedState };

/** Runs `fn` with the servers' Redis record store when `opts` names one (InMemory records to remove). */
export async function withMemoryRecords(opts: StateOptions, fn: (store: RedisRecordStore | undefined) => Promise<void>): Promise<void> {
  if (!opts.onlineMemory) return fn(undefined);
  const store = new RedisRecordStore({ url: opts.onlineMemory, keyPrefix: opts.onlineMemoryPrefix ?? 'sagelite:', clock: new OffsetClock() });
  try {
    await store.connect();
  } catch (e) {
    throw new CliError(`cannot reach the Redis ${withoutPassword(opts.onlineMemory)}: ${(e as Error).message}`);
  }
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}
