import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultDataDir } from '../core/config.js';
import { isPostgresUrl } from '../storage/postgres/database.js';
import { migrateSqliteToPostgres, TargetNotEmptyError, type MigrationReport } from '../storage/postgres/migrate-from-sqlite.js';
import { CliError, lockStoppedDataDir, openDataDir, reportCliErrors, requireDataDir } from './data-dir.js';
import { openSharedState } from './shared-state.js';
import { withoutPassword } from '../storage/redis/record-store.js';

/**
 * `sagelite migrate`: moves a data directory from the embedded shape (SQLite in the directory) to
 * the shared one (`serve --state postgres://…`, docs/DEPLOYMENT.md). Every table is copied into
 * an empty PostgreSQL database in one transaction; the object files stay in `<data-dir>/objects`,
 * where the shared shape's servers read them (they are started with the same --data-dir). The
 * SQLite database keeps its rows: it is the way back until the shared servers change anything.
 *
 * @example
 * registerMigrate(program); // sagelite migrate --data-dir /srv/sagelite --to postgres://sagelite@db:5432/sagelite
 */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description("copy a stopped server's data directory (SQLite) into an empty PostgreSQL database, for serve --state")
    .addOption(new Option('--data-dir <dir>', 'the data directory of the stopped server').default(defaultDataDir()).env('SAGELITE_DATA_DIR'))
    .addOption(new Option('--to <url>', 'the PostgreSQL database to fill (postgres://user@host:5432/db); it must hold no sagelite state').argParser(postgresUrl).env('SAGELITE_STATE'))
    .action((opts: { dataDir: string; to?: string }) => reportCliErrors('migrate', () => migrate(resolve(opts.dataDir), opts.to)));
}

function postgresUrl(value: string): string {
  if (!isPostgresUrl(value)) throw new InvalidArgumentError('a PostgreSQL URL looks like postgres://user@127.0.0.1:5432/sagelite');
  return value;
}

async function migrate(dir: string, to: string | undefined): Promise<void> {
  if (!to) throw new CliError('say where to: --to postgres://user@host:5432/db (or set SAGELITE_STATE), an empty database');
  requireDataDir(dir);
  // A running server would go on changing what is being copied, and keeps some of it in memory.
  const lock = lockStoppedDataDir(dir, 'migrate');
  try {
    const source = openDataDir(dir);
    try {
      const target = await openSharedState(to);
      let report: MigrationReport;
      try {
        report = await migrateSqliteToPostgres(source, target);
      } catch (e) {
        if (e instanceof TargetNotEmptyError) throw new CliError(`${withoutPassword(to)}: ${e.message}; nothing was copied`);
        throw new CliError(`copying ${dir} into ${withoutPassword(to)} failed, and nothing was copied (the transaction was rolled back): ${(e as Error).message}`);
      } finally {
        await target.close();
      }
      process.stdout.write(summary(dir, to, report));
    } finally {
      source.close();
    }
  } finally {
    lock.release();
  }
}

/** One line per table, then where the objects are and how to start the shared servers. */
function summary(dir: string, to: string, report: MigrationReport): string {
  const width = Math.max(...report.tables.map((t) => t.table.length));
  const total = report.tables.reduce((n, t) => n + t.rows, 0);
  return [
    `migrated ${join(dir, 'sagelite.db')} into ${withoutPassword(to)} (one transaction):`,
    ...report.tables.map((t) => `  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}`),
    `  ${'total'.padEnd(width)}  ${String(total).padStart(8)}`,
    `object files stay in ${join(dir, 'objects')}: start the servers with --data-dir ${dir} --state <that database>`,
    '',
  ].join('\n');
}
