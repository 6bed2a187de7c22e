import { randomUUID } from 'node:crypto';
import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { AthenaResultConfiguration, QueryExecutionRecord } from '../../storage/athena.js';
import { MultipleStatementsError } from '../../query-engine/statements/errors.js';
import { assertSingleStatement } from '../../query-engine/statements/parse.js';
import { MalformedQuery } from '../../query-engine/types.js';
import type { Operation, OperationContext } from '../operation.js';
import { onWorkGroup, paginate, workGroupOf } from './arns.js';
import { invalidRequest, queryExecutionNotFound } from './errors.js';
import { guessStatementType } from './execution-parameters.js';
import { bucketOf, checkResultConfiguration, effectiveResultConfiguration, NO_OUTPUT_LOCATION } from './result-config.js';
import { queryExecutionView } from './views.js';
import { requireWorkGroup } from './work-groups.js';

interface StartInput {
  QueryString: string;
  ClientRequestToken?: string;
  QueryExecutionContext?: { Database?: string; Catalog?: string };
  ResultConfiguration?: AthenaResultConfiguration;
  WorkGroup?: string;
  ExecutionParameters?: string[];
  ResultReuseConfiguration?: QueryExecutionRecord['resultReuseConfiguration'];
}

/** The execution of the caller's account and region, or Athena's "was not found". */
export async function requireExecution(ctx: OperationContext, id: string): Promise<QueryExecutionRecord> {
  const q = await ctx.state.athena.getExecution(ctx.principal.accountId, ctx.region, id);
  if (!q) throw queryExecutionNotFound(id);
  return q;
}

/** The executions of the caller's account and region with these ids, in their order (undefined where none); read side by side. */
function executions(ctx: OperationContext, ids: readonly string[]): Promise<Array<QueryExecutionRecord | undefined>> {
  return Promise.all(ids.map((id) => ctx.state.athena.getExecution(ctx.principal.accountId, ctx.region, id)));
}

/**
 * The question on the work group an execution ran in. An id this account does not have is asked
 * on `primary` (the handler then answers "was not found"), so existence never depends on rights.
 */
export async function onExecutionWorkGroup(ctx: OperationContext, action: string, ids: readonly string[]): Promise<AuthorizationRequest[]> {
  const groups = new Set<string>();
  for (const q of await executions(ctx, ids)) if (q) groups.add(q.workGroup);
  if (groups.size === 0) groups.add(workGroupOf(undefined));
  const requests: AuthorizationRequest[] = [];
  for (const g of groups) requests.push(...(await onWorkGroup(ctx, action, g)));
  return requests;
}

/** Same token, same request: the request a token was first used with, for the idempotency check. */
function sameRequest(q: QueryExecutionRecord, input: StartInput, workGroup: string): boolean {
  return q.query === input.QueryString && q.workGroup === workGroup && JSON.stringify(q.executionParameters ?? null) === JSON.stringify(input.ExecutionParameters ?? null);
}

/**
 * athena:StartQueryExecution on the work group. Text with more than one statement is Athena's
 * InvalidRequestException ("Only one sql statement is allowed. Got: …"). Records the execution
 * (QUEUED, or RUNNING at once when the runner has a free slot) with the effective result
 * configuration, starts it, and waits up to the configured start wait so that a quick
 * query is already SUCCEEDED when first asked about.
 */
export const startQueryExecution: Operation<StartInput> = {
  authorization: (input, ctx) => onWorkGroup(ctx, 'athena:StartQueryExecution', input.WorkGroup),
  async handle(input, ctx) {
    const acct = ctx.principal.accountId;
    const workGroupName = workGroupOf(input.WorkGroup);
    const wg = await ctx.state.athena.getWorkGroup(acct, ctx.region, workGroupName);
    if (!wg) throw invalidRequest('WorkGroup is not found');
    if (wg.state === 'DISABLED') throw invalidRequest(`WorkGroup ${wg.name} is disabled.`);
    if (input.ClientRequestToken) {
      const earlier = await ctx.state.athena.findExecutionByToken(acct, ctx.region, input.ClientRequestToken);
      if (earlier) {
        if (!sameRequest(earlier, input, workGroupName)) throw invalidRequest('Idempotent parameters do not match');
        return { QueryExecutionId: earlier.id };
      }
    }
    checkResultConfiguration(input.ResultConfiguration);
    const resultConfiguration = effectiveResultConfiguration(wg, input.ResultConfiguration);
    if (!resultConfiguration.OutputLocation) throw invalidRequest(NO_OUTPUT_LOCATION);
    const bucket = bucketOf(resultConfiguration.OutputLocation);
    if (!(await ctx.state.s3Buckets.getBucket(bucket))) throw invalidRequest(`Unable to verify/create output bucket ${bucket}`);
    try {
      assertSingleStatement(input.QueryString);
    } catch (e) {
      if (e instanceof MultipleStatementsError) throw invalidRequest(e.message);
      throw e;
    }
    try {
      await ctx.state.queryEngine.checkSyntax?.(input.QueryString, acct);
    } catch (e) {
      // Athena parses the statement before a query exists: Trino's words, no error name, no id.
      if (e instanceof MalformedQuery) throw invalidRequest(e.message, 'MALFORMED_QUERY');
      throw e;
    }
    const context = input.QueryExecutionContext ?? {};
    const guess = guessStatementType(input.QueryString);
    const record: QueryExecutionRecord = {
      id: randomUUID(),
      accountId: acct,
      region: ctx.region,
      workGroup: workGroupName,
      query: input.QueryString,
      context: { ...(context.Database !== undefined ? { Database: context.Database } : {}), ...(context.Catalog !== undefined ? { Catalog: context.Catalog } : {}) },
      resultConfiguration,
      ...(input.ResultReuseConfiguration ? { resultReuseConfiguration: input.ResultReuseConfiguration } : {}),
      ...(input.ExecutionParameters ? { executionParameters: input.ExecutionParameters } : {}),
      ...(input.ClientRequestToken ? { clientRequestToken: input.ClientRequestToken } : {}),
      startedBy: ctx.principal.arn,
      state: 'QUEUED',
      statementType: guess.statementType,
      resultFormat: guess.format,
      submittedAt: ctx.clock.now(),
    };
    await ctx.state.athenaQueries.submit(record, ctx.principal);
    return { QueryExecutionId: record.id };
  },
};

/** athena:GetQueryExecution on the execution's work group. */
export const getQueryExecution: Operation<{ QueryExecutionId: string }> = {
  authorization: (input, ctx) => onExecutionWorkGroup(ctx, 'athena:GetQueryExecution', [input.QueryExecutionId]),
  handle: async (input, ctx) => ({ QueryExecution: queryExecutionView(await requireExecution(ctx, input.QueryExecutionId), ctx.clock.now()) }),
};

/** athena:BatchGetQueryExecution on every work group the executions ran in; unknown ids come back unprocessed. */
export const batchGetQueryExecution: Operation<{ QueryExecutionIds: string[] }> = {
  authorization: (input, ctx) => onExecutionWorkGroup(ctx, 'athena:BatchGetQueryExecution', input.QueryExecutionIds ?? []),
  async handle(input, ctx) {
    const now = ctx.clock.now();
    const found: unknown[] = [];
    const unprocessed: unknown[] = [];
    const records = await executions(ctx, input.QueryExecutionIds);
    for (const [i, id] of input.QueryExecutionIds.entries()) {
      const q = records[i];
      if (q) found.push(queryExecutionView(q, now));
      else unprocessed.push({ QueryExecutionId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` });
    }
    return { QueryExecutions: found, UnprocessedQueryExecutionIds: unprocessed };
  },
};

/** athena:ListQueryExecutions on the work group: its execution ids, newest first, pages of up to 50. */
export const listQueryExecutions: Operation<{ WorkGroup?: string; NextToken?: string; MaxResults?: number }> = {
  authorization: (input, ctx) => onWorkGroup(ctx, 'athena:ListQueryExecutions', input.WorkGroup),
  async handle(input, ctx) {
    const wg = await requireWorkGroup(ctx, workGroupOf(input.WorkGroup));
    const ids = await ctx.state.athena.listExecutionIds(ctx.principal.accountId, ctx.region, wg.name);
    const { items, NextToken } = paginate('ListQueryExecutions', wg.name, ids, input.NextToken, input.MaxResults, 50);
    return { QueryExecutionIds: items, ...(NextToken ? { NextToken } : {}) };
  },
};

/** athena:StopQueryExecution on the execution's work group: CANCELLED unless already finished. */
export const stopQueryExecution: Operation<{ QueryExecutionId: string }> = {
  authorization: (input, ctx) => onExecutionWorkGroup(ctx, 'athena:StopQueryExecution', [input.QueryExecutionId]),
  async handle(input, ctx) {
    await requireExecution(ctx, input.QueryExecutionId);
    await ctx.state.athenaQueries.stop(input.QueryExecutionId);
    return {};
  },
};
