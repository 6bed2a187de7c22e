import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AthenaClient, BatchGetQueryExecutionCommand, GetQueryExecutionCommand, GetQueryResultsCommand, GetQueryRuntimeStatisticsCommand, StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';
import { athenaClient, createBucket, finished } from './athena-api-helpers.js';

/**
 * Query executions belong to one account and region: another account (or another region of the
 * same account) asking about an id gets Athena's "was not found", exactly as for an id that never
 * existed; paging tokens are bound to their query.
 */
describe('Athena API review: executions per account and region, paging tokens, Stop after success (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let athenaA: AthenaClient;
  let athenaB: AthenaClient;
  let first: string;
  let second: string;
  const notFound = (id: string) => `QueryExecution ${id} was not found`;
  const run = async (client: AthenaClient, sql: string) => {
    const id = (await client.send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: 's3://results-review-b/' } }))).QueryExecutionId!;
    assert.equal((await finished(client, id)).Status?.State, 'SUCCEEDED');
    return id;
  };

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '2000'] });
    a = createAccount(server.dataDir, 'athena-rev-a');
    b = createAccount(server.dataDir, 'athena-rev-b');
    athenaA = athenaClient(server.url, a);
    athenaB = athenaClient(server.url, b);
    await createBucket(server.url, b, 'results-review-b');
    first = await run(athenaB, 'SELECT x FROM UNNEST(sequence(1, 5)) t(x) ORDER BY x');
    second = await run(athenaB, 'SELECT x * 10 AS y FROM UNNEST(sequence(1, 5)) t(x) ORDER BY y');
  });
  after(() => server.stop());

  it('another account asking about B\'s execution gets "was not found" from every operation, and cannot stop it', async () => {
    await assertAwsError(athenaA.send(new GetQueryExecutionCommand({ QueryExecutionId: first })), 'InvalidRequestException', 400, notFound(first));
    await assertAwsError(athenaA.send(new GetQueryResultsCommand({ QueryExecutionId: first })), 'InvalidRequestException', 400, notFound(first));
    await assertAwsError(athenaA.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: first })), 'InvalidRequestException', 400, notFound(first));
    await assertAwsError(athenaA.send(new StopQueryExecutionCommand({ QueryExecutionId: first })), 'InvalidRequestException', 400, notFound(first));
    const batch = await athenaA.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [first] }));
    assert.deepEqual(batch.QueryExecutions, []);
    assert.deepEqual(batch.UnprocessedQueryExecutionIds, [{ QueryExecutionId: first, ErrorCode: 'INVALID_INPUT', ErrorMessage: notFound(first) }]);
    const mine = (await athenaB.send(new GetQueryExecutionCommand({ QueryExecutionId: first }))).QueryExecution!;
    assert.equal(mine.Status?.State, 'SUCCEEDED', 'A\'s Stop changed nothing');
  });

  it('the same account in another region does not see the execution either', async () => {
    const elsewhere = new AthenaClient({ endpoint: server.url, region: 'eu-west-1', credentials: b, maxAttempts: 1 });
    await assertAwsError(elsewhere.send(new GetQueryExecutionCommand({ QueryExecutionId: first })), 'InvalidRequestException', 400, notFound(first));
  });

  it('a paging token of one query is refused on another; on its own query it goes on where it stopped', async () => {
    const page = await athenaB.send(new GetQueryResultsCommand({ QueryExecutionId: first, MaxResults: 2 }));
    assert.ok(page.NextToken);
    await assertAwsError(
      athenaB.send(new GetQueryResultsCommand({ QueryExecutionId: second, NextToken: page.NextToken, MaxResults: 2 })),
      'InvalidRequestException',
      400,
      'The specified NextToken is invalid.',
    );
    const next = await athenaB.send(new GetQueryResultsCommand({ QueryExecutionId: first, NextToken: page.NextToken, MaxResults: 2 }));
    assert.deepEqual(next.ResultSet?.Rows?.map((r) => r.Data?.[0]?.VarCharValue), ['2', '3']);
  });

  it('Stop after SUCCEEDED changes nothing: the state stays and the results can still be read', async () => {
    await athenaB.send(new StopQueryExecutionCommand({ QueryExecutionId: second }));
    const q = (await athenaB.send(new GetQueryExecutionCommand({ QueryExecutionId: second }))).QueryExecution!;
    assert.equal(q.Status?.State, 'SUCCEEDED');
    const rows = (await athenaB.send(new GetQueryResultsCommand({ QueryExecutionId: second }))).ResultSet?.Rows?.map((r) => r.Data?.[0]?.VarCharValue);
    assert.deepEqual(rows, ['y', '10', '20', '30', '40', '50']);
  });
});

/** Billions of rows counted: seconds of engine work, long enough to be caught running. */
const SLOW = 'SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y) CROSS JOIN UNNEST(sequence(1, 1000)) c(z)';

describe('Athena API review: a server stopped (SIGTERM) while queries run (JS SDK v3)', () => {
  it('stops promptly and leaves the running queries FAILED (interrupted), not RUNNING or SUCCEEDED', async () => {
    let server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0'] });
    const dataDir = server.dataDir;
    try {
      const b = createAccount(server.dataDir, 'athena-rev-close');
      await createBucket(server.url, b, 'results-review-close');
      let athena = athenaClient(server.url, b);
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const r = await athena.send(new StartQueryExecutionCommand({ QueryString: SLOW, ResultConfiguration: { OutputLocation: 's3://results-review-close/' } }));
        ids.push(r.QueryExecutionId!);
      }
      for (const id of ids) {
        const state = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State;
        assert.ok(state === 'QUEUED' || state === 'RUNNING', state);
      }
      const t0 = Date.now();
      await server.stop('SIGTERM', false);
      assert.ok(Date.now() - t0 < 10_000, `a graceful stop took ${Date.now() - t0} ms`);
      server = await ServerProcess.start({ dataDir, extraArgs: ['--athena-start-wait', '0'] });
      athena = athenaClient(server.url, b);
      for (const id of ids) {
        const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
        assert.equal(q.Status?.State, 'FAILED');
        assert.equal(q.Status?.StateChangeReason, 'Query did not finish: the sagelite server stopped while it was queued or running. Run it again.');
      }
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
