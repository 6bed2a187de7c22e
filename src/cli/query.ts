import { Command, Option } from 'commander';
import type { AthenaClient, QueryExecution } from '@aws-sdk/client-athena';
import type { AthenaValue } from '../../packages/sdk/src/athena-values.js';
import { awsClientConfig, reportAwsError, withAwsOptions, type AwsFlags } from './aws-options.js';

interface QueryFlags extends AwsFlags {
  database?: string;
  catalog?: string;
  output?: string;
  workgroup?: string;
  format: 'table' | 'csv';
}

/** A finished query's columns and rows as text (null for NULL), and its execution. */
export interface QueryTable {
  execution: QueryExecution;
  columns: string[];
  rows: Array<Array<string | null>>;
}

/** Runs a statement with the SDK's AthenaQuery and returns its rows as text (dates and bigints as Athena wrote them). */
export async function runQuery(athena: AthenaClient, sql: string, flags: Pick<QueryFlags, 'database' | 'catalog' | 'output' | 'workgroup'>): Promise<QueryTable> {
  const { AthenaQuery } = await import('../../packages/sdk/src/athena-query.js');
  const q = new AthenaQuery({ client: athena });
  const out = await q.query(sql, {
    ...(flags.database ? { database: flags.database } : {}),
    ...(flags.catalog ? { catalog: flags.catalog } : {}),
    ...(flags.output ? { outputLocation: flags.output } : {}),
    ...(flags.workgroup ? { workGroup: flags.workgroup } : {}),
    pollMs: 50,
    int64: 'bigint',
    temporal: 'string',
  });
  const columns = out.columns.map((c) => c.Name ?? c.Label ?? '');
  const text = (v: AthenaValue) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v));
  return { execution: out.execution, columns, rows: out.rows.map((r) => columns.map((c) => text(r[c] ?? null))) };
}

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled; NULL is empty. */
export function toCsv(columns: string[], rows: Array<Array<string | null>>): string {
  const field = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

/** An aligned text table, NULL shown as NULL. */
export function toTable(columns: string[], rows: Array<Array<string | null>>): string {
  const cells = [columns, ...rows.map((r) => r.map((v) => (v === null ? 'NULL' : v)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) => r.map((v, i) => v + ' '.repeat(widths[i]! - [...v].length)).join(' | ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.slice(1).map(line)].join('\n') + '\n';
}

/**
 * `sagelite query`: runs one Athena statement and prints its result as a table or CSV.
 *
 * @example
 * registerQuery(program); // sagelite query 'SELECT * FROM "customers_1690000000"' --database sagemaker_featurestore --format csv
 */
export function registerQuery(program: Command): void {
  withAwsOptions(
    program
      .command('query')
      .description('run an Athena query and print its rows (as a table, or CSV)')
      .argument('<sql>', 'the statement, e.g. \'SELECT * FROM "customers_1690000000" LIMIT 10\'')
      .addOption(new Option('--database <name>', 'the database of unqualified table names (e.g. sagemaker_featurestore)'))
      .addOption(new Option('--catalog <name>', 'the data catalog (default: AwsDataCatalog)'))
      .addOption(new Option('--output <s3-uri>', 'where Athena writes the result files, s3://bucket/prefix/ (default: the work group\'s)'))
      .addOption(new Option('--workgroup <name>', 'the work group (default: primary)'))
      .addOption(new Option('--format <format>', 'how to print the rows').choices(['table', 'csv']).default('table')),
  )
    .addHelpText('after', '\nExit status: 0 when the query SUCCEEDED, 1 when it FAILED or was CANCELLED (the reason is printed) or on an error.')
    .action(async (sql: string, flags: QueryFlags) => {
      const config = awsClientConfig(flags);
      // The AWS SDK loads when the command runs, not whenever the CLI starts.
      const [{ AthenaClient }, { AthenaQueryError }] = await Promise.all([import('@aws-sdk/client-athena'), import('../../packages/sdk/src/athena-errors.js')]);
      const athena = new AthenaClient(config);
      try {
        const result = await runQuery(athena, sql, flags);
        process.stdout.write(flags.format === 'csv' ? toCsv(result.columns, result.rows) : toTable(result.columns, result.rows));
        if (flags.format === 'table') {
          const stats = result.execution.Statistics;
          process.stderr.write(`${result.rows.length} rows; query ${result.execution.QueryExecutionId}${stats?.DataScannedInBytes !== undefined ? `, ${stats.DataScannedInBytes} bytes scanned` : ''}; results in ${result.execution.ResultConfiguration?.OutputLocation ?? '?'}\n`);
        }
      } catch (e) {
        if (e instanceof AthenaQueryError) {
          process.stderr.write(`sagelite query: ${e.execution.Status?.State ?? 'FAILED'}: ${e.stateChangeReason ?? e.message}\n  query ${e.queryExecutionId}\n`);
          process.exitCode = 1;
        } else reportAwsError('query', e, config);
      } finally {
        athena.destroy();
      }
    });
}
