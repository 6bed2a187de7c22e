import type { AthenaError, QueryExecution } from '@aws-sdk/client-athena';

/** A query that ended without results: why, in Athena's words (Status.StateChangeReason and Status.AthenaError). */
export class AthenaQueryError extends Error {
  readonly queryExecutionId: string;
  readonly stateChangeReason: string | undefined;
  readonly athenaError: AthenaError | undefined;
  constructor(readonly execution: QueryExecution, message: string) {
    super(message);
    this.queryExecutionId = execution.QueryExecutionId ?? '';
    this.stateChangeReason = execution.Status?.StateChangeReason;
    this.athenaError = execution.Status?.AthenaError;
  }
}

/**
 * The query FAILED (a syntax error, a missing table, access denied to the data or the output
 * location…). `stateChangeReason` is Athena's text, e.g. `TABLE_NOT_FOUND: line 1:15: …`.
 *
 * @example
 * try { await athena.query('SELECT * FROM nope', { database: 'sagemaker_featurestore' }); }
 * catch (e) { if (e instanceof QueryFailedError) console.log(e.athenaError?.ErrorType, e.stateChangeReason); }
 */
export class QueryFailedError extends AthenaQueryError {
  override readonly name = 'QueryFailedError';
  constructor(execution: QueryExecution) {
    super(execution, `Athena query ${execution.QueryExecutionId} failed: ${execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? 'no reason given'}`);
  }
}

/**
 * The query was CANCELLED (StopQueryExecution, by anyone). The SageMaker Python SDK waits forever
 * on this state; this SDK treats it as terminal.
 *
 * @example
 * await athena.wait(id).catch((e) => { if (e instanceof QueryCancelledError) console.log('stopped', e.queryExecutionId); });
 */
export class QueryCancelledError extends AthenaQueryError {
  override readonly name = 'QueryCancelledError';
  constructor(execution: QueryExecution) {
    super(execution, `Athena query ${execution.QueryExecutionId} was cancelled${execution.Status?.StateChangeReason ? `: ${execution.Status.StateChangeReason}` : ''}`);
  }
}

/**
 * Waiting gave up after `timeoutMs`; the query was stopped unless `stopOnTimeout: false`.
 *
 * @example
 * await athena.wait(id, { timeoutMs: 60_000 }).catch((e) => { if (e instanceof QueryTimeoutError) console.log(e.execution.Status?.State); });
 */
export class QueryTimeoutError extends AthenaQueryError {
  override readonly name = 'QueryTimeoutError';
  constructor(execution: QueryExecution, timeoutMs: number) {
    super(execution, `Athena query ${execution.QueryExecutionId} did not finish within ${timeoutMs} ms (last state ${execution.Status?.State ?? 'unknown'})`);
  }
}
