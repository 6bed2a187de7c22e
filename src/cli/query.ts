import { Command, Option } from 'commander';
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type QueryExecution,
} from '@aws-sdk/client-athena';
import { awsClientConfig, reportAwsError, withAwsOptions, type AwsFlags } from './aws-options.js';

interface QueryFlags extends AwsFlags {
  database?: string;
  catalog?: string;
  output?: string;
  workgroup?: string;
  format: 'table' | 'csv';
}

/** What a finished query gave: its columns and rows as Athena's text (null for NULL). */
export interface QueryTable {
  id: string;
  execution: QueryExecution;
  columns: string[];
  rows: Array<Array<string | null>>;
}

export class QueryFailed extends Error {
  override readonly name = 'QueryFailed';
  constructor(readonly id: string, readonly state: string, readonly reason: string) {
    super(`query ${id} ${state}: ${reason}`);
  }
}

/**
 * Starts a query, waits for it, and reads every page of its results (the header row that
 * Athena puts first for a SELECT is dropped).
 */
export async function runQuery(athena: AthenaClient, sql: string, flags: Pick<QueryFlags, 'database' | 'catalog' | 'output' | 'workgroup'>): Promise<QueryTable> {
  const started = await athena.send(new StartQueryExecutionCommand({
    QueryString: sql,
    ...(flags.database || flags.catalog ? { QueryExecutionContext: { ...(flags.database ? { Database: flags.database } : {}), ...(flags.catalog ? { Catalog: flags.catalog } : {}) } } : {}),
    ...(flags.output ? { ResultConfiguration: { OutputLocation: flags.output } } : {}),
    ...(flags.workgroup ? { WorkGroup: flags.workgroup } : {}),
  }));
  const id = started.QueryExecutionId!;
  let execution: QueryExecution;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    execution = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    const state = execution.Status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') throw new QueryFailed(id, state, execution.Status?.StateChangeReason ?? '');
    await new Promise((r) => setTimeout(r, delay));
  }
  let columns: string[] = [];
  const rows: Array<Array<string | null>> = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) }));
    if (first) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? c.Label ?? '');
    let pageRows = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
    if (first && execution.StatementType === 'DML' && pageRows[0] && pageRows[0].join('\u0000') === columns.join('\u0000')) pageRows = pageRows.slice(1);
    rows.push(...pageRows);
    first = false;
    token = page.NextToken;
  } while (token);
  return { id, execution, columns, rows };
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
      const athena = new AthenaClient(awsClientConfig(flags));
      try {
        const result = await runQuery(athena, sql, flags);
        process.stdout.write(flags.format === 'csv' ? toCsv(result.columns, result.rows) : toTable(result.columns, result.rows));
        if (flags.format === 'table') {
          const stats = result.execution.Statistics;
          process.stderr.write(`${result.rows.length} rows; query ${result.id}${stats?.DataScannedInBytes !== undefined ? `, ${stats.DataScannedInBytes} bytes scanned` : ''}; results in ${result.execution.ResultConfiguration?.OutputLocation ?? '?'}\n`);
        }
      } catch (e) {
        if (e instanceof QueryFailed) {
          process.stderr.write(`sagelite query: ${e.state}: ${e.reason}\n  query ${e.id}\n`);
          process.exitCode = 1;
        } else reportAwsError('query', e);
      } finally {
        athena.destroy();
      }
    });
}
