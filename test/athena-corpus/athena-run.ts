/**
 * Runs one statement through the real Athena API the way a client does: StartQueryExecution,
 * GetQueryExecution until a terminal state, then GetQueryResults page by page.
 */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, InvalidRequestException, StartQueryExecutionCommand, type ColumnInfo, type QueryExecution } from '@aws-sdk/client-athena';

export interface AthenaOutcome {
  /** Athena's query state, or REFUSED: StartQueryExecution answered InvalidRequestException (no query). */
  state: string;
  /** The refusal's AthenaErrorCode (MALFORMED_QUERY for a statement Athena cannot parse). */
  athenaErrorCode?: string;
  reason?: string;
  errorCategory?: number;
  statementType?: string;
  execution: QueryExecution;
  columns: ColumnInfo[];
  /** Every row of every page, the header row of a DML result included; null where VarCharValue is absent. */
  rows: Array<Array<string | null>>;
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export function athenaClient(url: string, credentials: Creds): AthenaClient {
  return new AthenaClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * @example
 * const out = await runAthena(client, 'SELECT 1', { database: 'corpus', outputLocation: 's3://results/' });
 */
export async function runAthena(
  client: AthenaClient,
  sql: string,
  opts: { database?: string; outputLocation: string; timeoutMs?: number; pageSize?: number },
): Promise<AthenaOutcome> {
  let QueryExecutionId: string | undefined;
  try {
    ({ QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        ...(opts.database !== undefined ? { QueryExecutionContext: { Database: opts.database, Catalog: 'AwsDataCatalog' } } : {}),
        ResultConfiguration: { OutputLocation: opts.outputLocation },
      }),
    ));
  } catch (e) {
    if (!(e instanceof InvalidRequestException)) throw e;
    return { state: 'REFUSED', reason: e.message, ...(e.AthenaErrorCode ? { athenaErrorCode: e.AthenaErrorCode } : {}), execution: {}, columns: [], rows: [] };
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let execution: QueryExecution;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    execution = (await client.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!;
    if (TERMINAL.has(execution.Status?.State ?? '')) break;
    if (Date.now() > deadline) throw new Error(`query ${QueryExecutionId} still ${execution.Status?.State} after ${opts.timeoutMs ?? 20_000} ms`);
    await new Promise((r) => setTimeout(r, wait));
  }
  const outcome: AthenaOutcome = {
    state: execution.Status!.State!,
    reason: execution.Status?.StateChangeReason,
    errorCategory: execution.Status?.AthenaError?.ErrorCategory,
    statementType: execution.StatementType,
    execution,
    columns: [],
    rows: [],
  };
  if (outcome.state !== 'SUCCEEDED') return outcome;
  let NextToken: string | undefined;
  do {
    const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId, NextToken, MaxResults: opts.pageSize ?? 1000 }));
    if (outcome.columns.length === 0) outcome.columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    for (const row of page.ResultSet?.Rows ?? []) outcome.rows.push((row.Data ?? []).map((d) => d.VarCharValue ?? null));
    NextToken = page.NextToken;
  } while (NextToken);
  return outcome;
}
