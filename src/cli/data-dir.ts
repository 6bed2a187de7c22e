import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDataDir, DataDirError } from '../core/data-dir-check.js';
import { DataDirLock, DataDirLockedError } from '../storage/data-dir-lock.js';
import { openDatabase } from '../storage/sqlite/database.js';

/** A CLI command's failure: its message is printed as is, and the process exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

const WHERE = "pass the server's --data-dir (or set SAGELITE_DATA_DIR)";

/**
 * Opens the database of a data directory that must already exist: commands that read or change
 * a server's state never make a new, empty data directory out of a typo.
 */
export function openExistingDataDir(dataDir: string): ReturnType<typeof openDatabase> {
  requireDataDir(dataDir);
  return openDataDir(dataDir);
}

/** Throws unless `dataDir` is an existing sagelite data directory (it has a sagelite.db). */
export function requireDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) throw new CliError(`the data directory ${dir} does not exist: ${WHERE}`);
  if (!existsSync(join(dir, 'sagelite.db'))) throw new CliError(`${dir} is not a sagelite data directory (it has no sagelite.db): ${WHERE}`);
}

/** Opens (making it when missing) a data directory's database, with the cause and fix of any failure. */
export function openDataDir(dataDir: string): ReturnType<typeof openDatabase> {
  try {
    checkDataDir(dataDir);
  } catch (e) {
    if (e instanceof DataDirError) throw new CliError(e.message.replace(/^sagelite: /, ''));
    throw e;
  }
  return openDatabase(dataDir);
}

/**
 * Takes the data directory's lock as a server would, for a change no running server may see
 * half-made (its keys, groups and records are cached in memory): refused while one runs.
 */
export function lockStoppedDataDir(dataDir: string, what: string): DataDirLock {
  try {
    return DataDirLock.acquire(dataDir);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      throw new CliError(`the data directory ${resolve(dataDir)} is in use by a running sagelite server: stop it first (${what} changes a stopped server's data; a running one keeps keys, groups and records in memory)`);
    }
    throw e;
  }
}

/** Runs a command's body, printing a {@link CliError} as `sagelite <command>: <message>` with its exit code. */
export async function reportCliErrors(command: string, body: () => unknown): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`sagelite ${command}: ${e.message}\n`);
    process.exitCode = e.exitCode;
  }
}
