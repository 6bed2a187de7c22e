import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { defaultDataDir } from '../core/config.js';
import { CliError, lockStoppedDataDir, reportCliErrors } from './data-dir.js';
import { withoutPassword } from '../storage/redis/record-store.js';
import { onlineMemoryOption, onlineMemoryPrefixOption, openSharedState, stateOption, withMemoryRecords, type StateOptions } from './shared-state.js';

/**
 * What a reset removes: the database, the object files, scratch folders, the operator key and
 * the KMS root key (every key it sealed is gone with the database).
 * Only these: a data directory pointed at the wrong folder loses nothing that is not sagelite's.
 * `server.lock` stays (reset holds it while it works).
 */
export const RESET_ENTRIES = ['sagelite.db', 'sagelite.db-wal', 'sagelite.db-shm', 'sagelite.db-journal', 'operator.json', 'kms-root.key', 'objects', 'athena-tmp', 'offline-store-tmp'] as const;

/**
 * `sagelite reset`: wipes a stopped server's data directory (every account and everything in
 * them); the next `serve` starts empty, with a new operator key.
 *
 * @example
 * registerReset(program); // sagelite reset --data-dir /tmp/sl --yes
 */
export function registerReset(program: Command): void {
  program
    .command('reset')
    .description("wipe a data directory's state: every account and everything in it (the server must be stopped)")
    .option('--yes', 'really wipe it (without it, nothing is changed)')
    .addOption(new Option('--data-dir <dir>', 'the data directory of the server').default(defaultDataDir()).env('SAGELITE_DATA_DIR'))
    .addOption(stateOption())
    .addOption(onlineMemoryOption())
    .addOption(onlineMemoryPrefixOption())
    .action((opts: StateOptions & { yes?: boolean }) =>
      reportCliErrors('reset', async () => {
        const dir = resolve(opts.dataDir);
        if (opts.state) return resetShared(dir, opts);
        if (!existsSync(dir)) throw new CliError(`the data directory ${dir} does not exist: nothing to reset`);
        if (!existsSync(join(dir, 'sagelite.db'))) throw new CliError(`${dir} is not a sagelite data directory (it has no sagelite.db): nothing reset`);
        const lock = lockStoppedDataDir(dir, 'reset');
        try {
          if (!opts.yes) throw new CliError(`this deletes every account and everything in ${dir}; run again with --yes to do it`, 2);
          const removed = RESET_ENTRIES.filter((name) => existsSync(join(dir, name)));
          for (const name of removed) rmSync(join(dir, name), { recursive: true, force: true });
          await withMemoryRecords(opts, async (redis) => redis?.dropAll());
          process.stdout.write(`reset ${dir}: removed ${removed.join(', ')}${opts.onlineMemory ? `, and the Redis keys under ${opts.onlineMemoryPrefix}` : ''}\n`);
        } finally {
          lock.release();
        }
      }),
    );
}

/**
 * The shared shape: every sagelite table of the PostgreSQL database is emptied in one
 * transaction (its schema stays), then the shared directory's objects and the Redis keys go.
 * Stop every server process first: one still running would keep serving what it cached.
 */
async function resetShared(dir: string, opts: StateOptions & { yes?: boolean }): Promise<void> {
  if (!opts.yes) throw new CliError(`this deletes every account and everything in ${withoutPassword(opts.state!)} and ${dir}; stop every server process on it, then run again with --yes`, 2);
  const db = await openSharedState(opts.state!);
  try {
    await db.transaction(async (c) => {
      const tables = await c.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'sagelite_migrations'");
      if (tables.rows.length > 0) await c.query(`TRUNCATE ${tables.rows.map((t) => t.name).join(', ')}`);
    }, ['iam', 'keys', 'sessions', 'buckets', 'feature-groups']);
  } finally {
    await db.close();
  }
  const removed = existsSync(dir) ? RESET_ENTRIES.filter((name) => existsSync(join(dir, name))) : [];
  for (const name of removed) rmSync(join(dir, name), { recursive: true, force: true });
  await withMemoryRecords(opts, async (redis) => redis?.dropAll());
  process.stdout.write(`reset ${withoutPassword(opts.state!)}: emptied every table${removed.length > 0 ? `; removed ${removed.join(', ')} from ${dir}` : ''}${opts.onlineMemory ? `; and the Redis keys under ${opts.onlineMemoryPrefix}` : ''}\n`);
}
