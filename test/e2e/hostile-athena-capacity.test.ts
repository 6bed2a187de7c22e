import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetQueryExecutionCommand, StopQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import { createAccount, ServerProcess } from './harness.js';
import { athenaClient, createBucket, finished, startQuery } from './athena-api-helpers.js';

/**
 * A hundred billion rows, each computed (a bare count(*) of the cross join took under 10 s: DuckDB
 * counts it a vector at a time): far longer than any wait here; the tests Stop it. UNNEST(sequence)
 * is Trino, translated for the engine like any query.
 */
const LONG = 'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 1000)) c(z) WHERE (x + y + z) % 7 = 3';
/** A hundred million values gathered into one array: more than a 64 MiB engine may hold. */
const HUNGRY = 'SELECT cardinality(array_agg(x * y)) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y)';

const stateOf = async (client: AthenaClient, id: string) => (await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!.Status!.State!;

/** Polls until `id` has left QUEUED (it is RUNNING or finished). */
async function leftQueue(client: AthenaClient, id: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await stateOf(client, id);
    if (state !== 'QUEUED' || Date.now() > deadline) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('hostile Athena capacity: one account\'s queries never keep another account\'s query waiting nor take the engine\'s memory from the server (two accounts, JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AthenaClient;
  let b: AthenaClient;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0', '--athena-max-concurrent', '4', '--athena-max-concurrent-per-account', '2', '--athena-max-active-per-account', '3', '--athena-memory-limit', '64MiB'] });
    const keysA = createAccount(server.dataDir, 'capacity-a');
    const keysB = createAccount(server.dataDir, 'capacity-b');
    a = athenaClient(server.url, keysA);
    b = athenaClient(server.url, keysB);
    await createBucket(server.url, keysA, 'capacity-results-a');
    await createBucket(server.url, keysB, 'capacity-results-b');
  });
  after(async () => {
    await server.stop();
  });

  it("A starting more long queries than its limit: A's extra query waits QUEUED, B's SELECT 1 SUCCEEDS while A's still run", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await startQuery(a, LONG, 'capacity-results-a'));
    try {
      assert.equal(await leftQueue(a, ids[0]!), 'RUNNING');
      assert.equal(await leftQueue(a, ids[1]!), 'RUNNING');
      assert.equal(await stateOf(a, ids[2]!), 'QUEUED', "A's third query waits for one of A's own slots");

      const one = await startQuery(b, 'SELECT 1', 'capacity-results-b');
      const done = await finished(b, one);
      assert.equal(done.Status?.State, 'SUCCEEDED', done.Status?.StateChangeReason);
      assert.deepEqual(
        await Promise.all(ids.map((id) => stateOf(a, id))),
        ['RUNNING', 'RUNNING', 'QUEUED'],
        "B's query ran and finished while A's were still running and queued",
      );
      // A's backlog itself is bounded: running and queued count toward A's active-query quota, as on AWS.
      await assert.rejects(startQuery(a, LONG, 'capacity-results-a'), (e: Error & { $metadata?: { httpStatusCode?: number }; Reason?: string }) => {
        assert.equal(e.name, 'TooManyRequestsException');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        assert.equal(e.Reason, 'CONCURRENT_QUERY_LIMIT_EXCEEDED');
        assert.match(e.message, /^You have exceeded the limit for the number of queries you can run concurrently\./);
        return true;
      });
      const two = await finished(b, await startQuery(b, 'SELECT 2', 'capacity-results-b'));
      assert.equal(two.Status?.State, 'SUCCEEDED', "A's refused start does not touch B");
    } finally {
      for (const id of ids) await a.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    }
    for (const id of ids) assert.equal((await finished(a, id)).Status?.State, 'CANCELLED');
  });

  it('a query needing more memory than the engine\'s limit FAILS with Athena\'s exhausted-resources error (ErrorType 0); the server keeps answering', async () => {
    // A's stopped queries hold their slots until DuckDB lets go of them: retry as an SDK does.
    let id: string | undefined;
    for (const until = Date.now() + 30_000; !id; ) {
      id = await startQuery(a, HUNGRY, 'capacity-results-a').catch((e: Error) => {
        if (e.name !== 'TooManyRequestsException' || Date.now() > until) throw e;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 100));
      });
    }
    const q = await finished(a, id, 60_000);
    assert.equal(q.Status?.State, 'FAILED');
    assert.match(q.Status?.StateChangeReason ?? '', /^EXCEEDED_LOCAL_MEMORY_LIMIT: /);
    assert.equal(q.Status?.AthenaError?.ErrorCategory, 1);
    assert.equal(q.Status?.AthenaError?.ErrorType, 0, "Athena's error catalog: ErrorType 0 is \"Query exhausted resources at this scale factor\"");
    const one = await finished(b, await startQuery(b, 'SELECT 1', 'capacity-results-b'));
    assert.equal(one.Status?.State, 'SUCCEEDED');
  });
});

describe('hostile Athena capacity: the query timeout ends a long query FAILED as Athena does (two accounts, JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AthenaClient;
  let b: AthenaClient;

  before(async () => {
    // The timeout holds for B's queries too, and B's first one starts B's engine process: on a
    // loaded machine that took over 2 s, so the bound is generous.
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0', '--athena-query-timeout', '10000'] });
    const keysA = createAccount(server.dataDir, 'timeout-a');
    const keysB = createAccount(server.dataDir, 'timeout-b');
    a = athenaClient(server.url, keysA);
    b = athenaClient(server.url, keysB);
    await createBucket(server.url, keysA, 'timeout-results-a');
    await createBucket(server.url, keysB, 'timeout-results-b');
  });
  after(async () => {
    await server.stop();
  });

  it('a query running past the configured timeout (10 s) is interrupted: FAILED, "Query timeout", ErrorCategory 1, ErrorType 206', async () => {
    const id = await startQuery(a, LONG, 'timeout-results-a');
    try {
      const q = await finished(a, id, 60_000);
      assert.equal(q.Status?.State, 'FAILED');
      assert.equal(q.Status?.StateChangeReason, 'Query timeout');
      assert.deepEqual(q.Status?.AthenaError, { ErrorCategory: 1, ErrorType: 206, Retryable: false, ErrorMessage: 'Query timeout' });
    } finally {
      await a.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    }
    const one = await finished(b, await startQuery(b, 'SELECT 1', 'timeout-results-b'));
    assert.equal(one.Status?.State, 'SUCCEEDED', 'the other account runs its queries as before');
  });

});
