import { QueryFailure } from '../../query-engine/types.js';
import type { QueryExecutionRecord } from '../../storage/athena.js';
import type { Operation, OperationContext } from '../operation.js';
import { CallerStorage } from './access/caller-storage.js';
import { paginate } from './arns.js';
import { invalidRequest } from './errors.js';
import { onExecutionWorkGroup, requireExecution } from './query-executions.js';
import { parseCsv, parseText } from './result-files.js';
import { columnInfo, timeline } from './views.js';

/** GetQueryResults of a query that has not SUCCEEDED: Athena's InvalidRequestException. */
function notSucceeded(q: QueryExecutionRecord): Error {
  if (q.state === 'QUEUED' || q.state === 'RUNNING') return invalidRequest(`Query has not yet finished. Current state: ${q.state}`);
  const reason = q.state === 'FAILED' && q.stateChangeReason ? `\n${q.stateChangeReason}` : '';
  return invalidRequest(`Query did not finish successfully. Final query state: ${q.state}${reason}`);
}

/**
 * The result object, read as the caller (s3:GetObject on it, as in Athena: a caller who may
 * query but not read the results bucket gets no rows), parsed into rows; the first is the header
 * row for CSV results.
 */
async function readRows(ctx: OperationContext, q: QueryExecutionRecord): Promise<Array<Array<string | null>>> {
  const owner = q.resultConfiguration.ExpectedBucketOwner;
  const storage = new CallerStorage(ctx.state, ctx.principal, ctx.region, owner ? { expectedBucketOwner: owner } : {});
  let body: Buffer;
  try {
    // The object is the caller's to overwrite: never read more than a result this server writes.
    body = await storage.getObject(q.resultLocation!, ctx.state.queryEngine.maxResultBytes);
  } catch (e) {
    if (e instanceof QueryFailure) throw invalidRequest(e.message);
    throw e;
  }
  const text = body.toString('utf8');
  return q.resultFormat === 'txt' ? parseText(text) : parseCsv(text);
}

/**
 * athena:GetQueryResults on the execution's work group: pages of up to 1000 rows (the header row
 * of column names first, on the first page only, for CSV results), each value `{VarCharValue}`
 * and NULL `{}`, with the column metadata recorded when the query ran.
 */
export const getQueryResults: Operation<{ QueryExecutionId: string; NextToken?: string; MaxResults?: number; QueryResultType?: string }> = {
  authorization: (input, ctx) => onExecutionWorkGroup(ctx, 'athena:GetQueryResults', [input.QueryExecutionId]),
  async handle(input, ctx) {
    const q = await requireExecution(ctx, input.QueryExecutionId);
    if (q.state !== 'SUCCEEDED') throw notSucceeded(q);
    const rows = await readRows(ctx, q);
    const { items, NextToken } = paginate('GetQueryResults', q.id, rows, input.NextToken, input.MaxResults, 1000);
    return {
      UpdateCount: q.updateCount ?? 0,
      ResultSet: {
        Rows: items.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: (q.columns ?? []).map(columnInfo) },
      },
      ...(NextToken ? { NextToken } : {}),
    };
  },
};

/** athena:GetQueryRuntimeStatistics on the execution's work group: its timeline and row counts. */
export const getQueryRuntimeStatistics: Operation<{ QueryExecutionId: string }> = {
  authorization: (input, ctx) => onExecutionWorkGroup(ctx, 'athena:GetQueryRuntimeStatistics', [input.QueryExecutionId]),
  async handle(input, ctx) {
    const q = await requireExecution(ctx, input.QueryExecutionId);
    return {
      QueryRuntimeStatistics: {
        Timeline: { ...timeline(q, ctx.clock.now()), ServicePreProcessingTimeInMillis: 0, QueryPlanningTimeInMillis: 0 },
        Rows: { InputBytes: q.dataScannedBytes ?? 0, ...(q.rowCount !== undefined ? { OutputRows: q.rowCount } : {}) },
      },
    };
  },
};
