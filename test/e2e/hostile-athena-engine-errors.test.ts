// An account's failing query whose error names a huge value: DuckDB quotes the value whole, and
// the text crosses from the account's engine process to the server, its database and every
// GetQueryExecution. Through the real server, A's 20 MB cast error is FAILED as Athena fails it
// with a bounded reason, and B's queries are answered as ever.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import { MAX_ERROR_MESSAGE_CHARS } from '../../src/query-engine/execute/worker/protocol.js';
import { createAccount, ServerProcess } from './harness.js';
import { athenaClient, createBucket, finished, startQuery } from './athena-api-helpers.js';

describe('hostile Athena engine errors: a 20 MB value in an error message stays out of the server (two accounts, JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AthenaClient;
  let b: AthenaClient;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0'] });
    const keysA = createAccount(server.dataDir, 'errors-a');
    const keysB = createAccount(server.dataDir, 'errors-b');
    a = athenaClient(server.url, keysA);
    b = athenaClient(server.url, keysB);
    await createBucket(server.url, keysA, 'errors-results-a');
    await createBucket(server.url, keysB, 'errors-results-b');
  });
  after(async () => {
    await server.stop();
  });

  it("A's CAST of a 20 MB string: FAILED, INVALID_CAST_ARGUMENT, USER 1001, reason within the bound; B's SELECT 1 SUCCEEDS", async () => {
    const id = await startQuery(a, "SELECT CAST(lpad('', 20000000, 'x') AS INTEGER)", 'errors-results-a');
    const q = await finished(a, id, 120_000);
    assert.equal(q.Status?.State, 'FAILED');
    const reason = q.Status?.StateChangeReason ?? '';
    assert.ok(reason.length <= 2 * MAX_ERROR_MESSAGE_CHARS, `StateChangeReason of ${reason.length} characters`);
    assert.match(reason, /^INVALID_CAST_ARGUMENT: Cannot cast 'x+…[x…]+' to INT$/);
    assert.equal(q.Status?.AthenaError?.ErrorCategory, 2);
    assert.equal(q.Status?.AthenaError?.ErrorType, 1001);
    const again = await a.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    assert.equal(again.QueryExecution?.Status?.StateChangeReason, reason, 'the stored reason is the bounded one');
    const one = await finished(b, await startQuery(b, 'SELECT 1', 'errors-results-b'));
    assert.equal(one.Status?.State, 'SUCCEEDED');
  });
});
