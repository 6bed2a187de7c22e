import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { defaultDataDir } from '../core/config.js';
import { CliError, lockStoppedDataDir, reportCliErrors } from './data-dir.js';

/**
 * What a reset removes: the database, the object files, scratch folders and the operator key.
 * Only these: a data directory pointed at the wrong folder loses nothing that is not sagelite's.
 * `server.lock` stays (reset holds it while it works).
 */
export const RESET_ENTRIES = ['sagelite.db', 'sagelite.db-wal', 'sagelite.db-shm', 'sagelite.db-journal', 'operator.json', 'objects', 'athena-tmp', 'offline-store-tmp'] as const;

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
    .action((opts: { yes?: boolean; dataDir: string }) =>
      reportCliErrors('reset', () => {
        const dir = resolve(opts.dataDir);
        if (!existsSync(dir)) throw new CliError(`the data directory ${dir} does not exist: nothing to reset`);
        if (!existsSync(join(dir, 'sagelite.db'))) throw new CliError(`${dir} is not a sagelite data directory (it has no sagelite.db): nothing reset`);
        const lock = lockStoppedDataDir(dir, 'reset');
        try {
          if (!opts.yes) throw new CliError(`this deletes every account and everything in ${dir}; run again with --yes to do it`, 2);
          const removed = RESET_ENTRIES.filter((name) => existsSync(join(dir, name)));
          for (const name of removed) rmSync(join(dir, name), { recursive: true, force: true });
          process.stdout.write(`reset ${dir}: removed ${removed.join(', ')}\n`);
        } finally {
          lock.release();
        }
      }),
    );
}
