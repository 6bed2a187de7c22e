import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';
import { athenaClient, createBucket, finished } from './athena-api-helpers.js';

/** Billions of rows counted: seconds of engine work, long enough to be caught running. */
const SLOW = 'SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y) CROSS JOIN UNNEST(sequence(1, 1000)) c(z)';

describe('Athena API: a query\'s life with no start wait: running, stopped, interrupted by a crash (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let athena: AthenaClient;
  const dirs: string[] = [];
  const start = () =>
    athena.send(new StartQueryExecutionCommand({ QueryString: SLOW, ResultConfiguration: { OutputLocation: 's3://results-l/' } })).then((r) => r.QueryExecutionId!);

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0'] });
    b = createAccount(server.dataDir, 'athena-l');
    athena = athenaClient(server.url, b);
    await createBucket(server.url, b, 'results-l');
  });
  after(async () => {
    await server.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers GetQueryResults of an unfinished query with Athena\'s InvalidRequestException, then stops it: CANCELLED', async () => {
    const id = await start();
    const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    assert.ok(q.Status?.State === 'QUEUED' || q.Status?.State === 'RUNNING', q.Status?.State);
    assert.equal(q.ResultConfiguration?.OutputLocation, `s3://results-l/${id}.csv`);
    assert.equal(typeof q.Statistics?.TotalExecutionTimeInMillis, 'number');
    await assertAwsError(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), 'InvalidRequestException', 400, /^Query has not yet finished\. Current state: (QUEUED|RUNNING)$/);
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    const stopped = await finished(athena, id);
    assert.equal(stopped.Status?.State, 'CANCELLED');
    assert.ok(stopped.Status?.CompletionDateTime instanceof Date);
    await assertAwsError(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), 'InvalidRequestException', 400, 'Query did not finish successfully. Final query state: CANCELLED');
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    assert.equal((await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State, 'CANCELLED', 'stopping a finished query changes nothing');
    await assertAwsError(athena.send(new StopQueryExecutionCommand({ QueryExecutionId: 'nope' })), 'InvalidRequestException', 400, 'QueryExecution nope was not found');
  });

  it('marks a query a crash left running FAILED when the server starts again', async () => {
    const id = await start();
    const dataDir = server.dataDir;
    await server.stop('SIGKILL', false);
    dirs.push(dataDir);
    server = await ServerProcess.start({ dataDir, extraArgs: ['--athena-start-wait', '0'] });
    athena = athenaClient(server.url, b);
    const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    assert.equal(q.Status?.State, 'FAILED');
    assert.equal(q.Status?.StateChangeReason, 'Query did not finish: the sagelite server stopped while it was queued or running. Run it again.');
    assert.deepEqual(q.Status?.AthenaError, { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: q.Status?.StateChangeReason });
  });
});
