import { Command, InvalidArgumentError, Option } from 'commander';
import type { IngestProgress } from '../../packages/sdk/src/feature-group-client.js';
import type { Row } from '../../packages/sdk/src/feature-values.js';
import { awsClientConfig, reportAwsError, withAwsOptions, type AwsFlags } from './aws-options.js';
import { headerProblems } from './header-check.js';
import { readRowsFile, RowsFileError, writeFailedRows, type FailedRowEntry, type SourcedRow } from './rows-file.js';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, at least 1');
  return n;
}

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

interface IngestFlags extends AwsFlags {
  concurrency: number;
  retries: number;
  columns?: string[];
  eventTimeNow?: boolean;
  failedRows?: string;
  progress: boolean;
}

/** A one-line progress bar, redrawn in place (for a terminal only). */
function progressBar(p: IngestProgress): string {
  const width = 30;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}${p.failed ? `  ${p.failed} failed` : ''}`;
}

/** Where the report of a file's failed rows goes by default: beside it, `orders.csv` → `orders.failed.jsonl`. */
export function defaultReportFile(input: string): string {
  return `${input.replace(/\.(csv|jsonl|json|ndjson)$/i, '')}.failed.jsonl`;
}

/**
 * `sagelite ingest`: PutRecord for every row of a CSV or JSON Lines file through the SDK's
 * FeatureGroupClient, with a progress bar on a terminal and a report of the failed rows that can
 * be ingested again.
 *
 * @example
 * registerIngest(program); // sagelite ingest customers customers.csv --concurrency 8
 */
export function registerIngest(program: Command): void {
  withAwsOptions(
    program
      .command('ingest')
      .description('put every row of a CSV or JSON Lines file into a feature group (PutRecord); failed rows are written to a report that ingest accepts again')
      .argument('<feature-group>', 'the feature group name, or its ARN (a group of another account, through --assume-role)')
      .argument('<file>', 'rows: .csv (a header line names the features, or --columns) or JSON Lines (one object per line; a failed-rows report too)')
      .addOption(new Option('--concurrency <n>', 'PutRecord calls in flight at once').default(4).argParser(positiveInt))
      .addOption(new Option('--retries <n>', 'retries per row after throttling, a 5xx or a network error (never after a 4xx)').default(3).argParser(positiveInt))
      .addOption(new Option('--columns <names>', 'the CSV has no header line: its columns are these features, comma-separated').argParser(list))
      .option('--event-time-now', "set the group's event-time feature to the current time where a row has none (as the guide's sample does)")
      .addOption(new Option('--failed-rows <file>', 'where to write the failed rows (default: beside the file, without .csv/.jsonl: orders.csv → orders.failed.jsonl)'))
      .option('--no-progress', 'no progress bar, even on a terminal'),
  )
    .addHelpText('after', "\nA CSV's columns are checked against the group's features before any row is sent.\nExit status: 0 when every row was put, 1 when any failed (see the report), 2 when the file cannot be read or its columns do not fit the group.")
    .action(async (group: string, file: string, flags: IngestFlags) => {
      let rows: SourcedRow[];
      let columns: string[] | undefined;
      try {
        ({ rows, columns } = readRowsFile(file, flags.columns ? { columns: flags.columns } : {}));
      } catch (e) {
        if (!(e instanceof RowsFileError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
        process.stderr.write(`sagelite ingest: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const config = awsClientConfig(flags);
      // The AWS SDK loads when the command runs, not whenever the CLI starts.
      const [{ SageMakerClient }, { SageMakerFeatureStoreRuntimeClient }, { FeatureGroupClient }] = await Promise.all([
        import('@aws-sdk/client-sagemaker'),
        import('@aws-sdk/client-sagemaker-featurestore-runtime'),
        import('../../packages/sdk/src/feature-group-client.js'),
      ]);
      const client = new FeatureGroupClient({
        featureGroupName: group,
        runtimeClient: new SageMakerFeatureStoreRuntimeClient({ ...config, maxAttempts: 1 }),
        sagemakerClient: new SageMakerClient(config),
      });
      try {
        const description = await client.describe();
        if (columns) {
          const problems = headerProblems(columns, {
            recordIdentifierFeatureName: description.RecordIdentifierFeatureName ?? '',
            eventTimeFeatureName: description.EventTimeFeatureName ?? '',
            featureNames: (description.FeatureDefinitions ?? []).map((f) => f.FeatureName ?? ''),
          }, { eventTimeNow: Boolean(flags.eventTimeNow) });
          if (problems.length > 0) {
            process.stderr.write(`sagelite ingest: the columns of ${file} do not fit feature group ${group}; no row was sent:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
            process.exitCode = 2;
            return;
          }
        }
        const eventTime = flags.eventTimeNow ? description.EventTimeFeatureName : undefined;
        const now = new Date();
        const input: Row[] = rows.map(({ row }) => (eventTime && row[eventTime] === undefined ? { ...row, [eventTime]: now } : row));
        const bar = flags.progress && Boolean(process.stderr.isTTY);
        const report = await client.ingest(input, {
          concurrency: flags.concurrency,
          retries: flags.retries,
          ...(bar ? { onProgress: (p: IngestProgress) => process.stderr.write(progressBar(p)) } : {}),
        });
        if (bar) process.stderr.write('\n');
        // The report keeps each row as it was read (an event time filled in now is filled again on retry).
        const failed: FailedRowEntry[] = report.failed.map((f) => ({ source: rows[f.index]!.source, error: f.error, row: rows[f.index]!.row }));
        process.stdout.write(`ingested ${report.succeeded} of ${report.total} rows into ${group}\n`);
        if (failed.length > 0) {
          const out = flags.failedRows ?? defaultReportFile(file);
          writeFailedRows(out, failed);
          for (const f of failed.slice(0, 5)) process.stderr.write(`  ${f.source}: ${f.error.code}: ${f.error.message}\n`);
          if (failed.length > 5) process.stderr.write(`  … and ${failed.length - 5} more\n`);
          process.stderr.write(`${failed.length} rows failed; they are in ${out}: fix them (or the cause) and run: sagelite ingest ${group} ${out}\n`);
          process.exitCode = 1;
        }
      } catch (e) {
        reportAwsError('ingest', e, config);
      } finally {
        client.runtime.destroy();
        client.sagemaker.destroy();
      }
    });
}
