import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { defaultDataDir } from '../core/config.js';
import { BREAK_MODES, DEMO_PATHS, pathOfBreak, type BreakMode, type DemoPath } from '../demo/plan.js';
import type { runDemo as RunDemo } from '../demo/run.js';

/** Reads an operator key file (the data directory's operator.json). */
export function readOperatorKey(file: string): { accessKeyId: string; secretAccessKey: string } {
  const key = JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId?: string; secretAccessKey?: string };
  if (!key.accessKeyId || !key.secretAccessKey) throw new Error(`${file} holds no operator key (accessKeyId, secretAccessKey)`);
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/**
 * `sagelite demo`: the guide end to end, against its own temporary server or a running one.
 *
 * @example
 * registerDemo(program); // sagelite demo --break trust
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the cross-account feature store guide end to end (accounts, roles, policies, feature groups, ingestion, online reads, offline store, Athena, training set), or show where it fails with --break')
    .addOption(new Option('--endpoint <url>', 'a running sagelite server (default: start one in-process on a temporary data directory)'))
    .addOption(new Option('--operator-key <file>', "the server's operator key (default with --endpoint: operator.json in --data-dir)").env('SAGELITE_OPERATOR_KEY'))
    .addOption(new Option('--data-dir <dir>', 'the data directory of the server at --endpoint').default(defaultDataDir()).env('SAGELITE_DATA_DIR'))
    .addOption(new Option('--region <region>', 'region').default('us-east-1'))
    .addOption(new Option('--path <path>', "how A reaches B's feature store: assume B's role (the guide), RAM shares, or B's Glue catalog in A's Athena").choices([...DEMO_PATHS]).default('assume-role'))
    .addOption(new Option('--break <piece>', 'leave one piece of the path out and show where it fails; exit 0 when it fails there as expected').choices([...BREAK_MODES]))
    .addHelpText(
      'after',
      `
Paths (docs/GUIDE.md compares them):
  assume-role    the guide: A's notebook assumes B's role and works in B (default)
  ram            B shares its feature groups with A through RAM; A uses them by ARN as itself
  catalog        B's Glue resource policy and bucket policy; A queries B's offline store in its Athena

Breaks, by path:
  assume-role:
  trust          B's role does not trust A's execution role  → sts:AssumeRole AccessDenied, explained
  assume-policy  A's role may not call sts:AssumeRole        → sts:AssumeRole AccessDenied, explained
  bucket-policy  A's results bucket has no bucket policy     → the Athena query FAILED (S3 access denied)
  offline-role   the offline-store role has no S3 write      → the offline store turns Blocked, with its reason
  ram:
  no-accept      A never accepts B's invitation              → PutRecord AccessDenied (no resource-based policy), explained
  read-only      B shares with the read-only permission      → PutRecord AccessDenied (no resource-based policy), explained
  disassociated  B removes A from the share after A read     → the next GetRecord AccessDenied, explained
  catalog:
  glue-policy    B's Data Catalog has no resource policy     → the Athena query FAILED (glue:GetTable denied)
  offline-bucket-policy  B's offline bucket has no policy    → the Athena query FAILED (S3 access denied)

Exit status: 0 when the guide ran through (or the break failed where expected), 1 otherwise.`,
    )
    .action(async (opts: { endpoint?: string; operatorKey?: string; dataDir: string; region: string; path: DemoPath; break?: BreakMode }) => {
      if (opts.break && pathOfBreak(opts.break) !== opts.path) {
        process.stderr.write(`sagelite demo: --break ${opts.break} belongs to --path ${pathOfBreak(opts.break)}, not --path ${opts.path}\n`);
        process.exitCode = 2;
        return;
      }
      let operatorKey;
      if (opts.endpoint) {
        const file = opts.operatorKey || join(opts.dataDir, 'operator.json');
        if (!existsSync(file)) {
          process.stderr.write(`sagelite demo: no operator key at ${file}: pass --operator-key FILE (the server's <data-dir>/operator.json)\n`);
          process.exitCode = 2;
          return;
        }
        operatorKey = readOperatorKey(file);
      }
      // The demo's server, clients and DuckDB load only when the demo runs (every command starts faster).
      const { runDemo }: { runDemo: typeof RunDemo } = await import('../demo/run.js');
      const result = await runDemo({
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
        ...(operatorKey ? { operatorKey } : {}),
        region: opts.region,
        path: opts.path,
        ...(opts.break ? { break: opts.break } : {}),
        write: (t) => process.stdout.write(t),
        color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
      });
      process.exitCode = result.exitCode;
    });
}
