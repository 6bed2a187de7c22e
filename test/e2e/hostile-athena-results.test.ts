/**
 * Hostile tenant vs Athena result sizes, on a real server: account A returns over-large values,
 * rows and results; each FAILS with Athena's error as the rows stream out of DuckDB, no result
 * object is written, the server's memory stays bounded, and account B's queries are unaffected.
 * The server's in-memory result bound is lowered to 4 MiB so a "too large" result is cheap to make.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { athenaClient, createBucket, finished, s3Client } from './athena-api-helpers.js';

const MAX_RESULT_BYTES = 4 * 1024 * 1024;

/** The server process's peak resident memory so far, in bytes (Linux's VmHWM). */
function peakRss(server: ServerProcess): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

describe('hostile Athena results: sizes are bounded as the rows stream', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let athenaA: AthenaClient;
  let athenaB: AthenaClient;
  let s3A: S3Client;
  const suffix = randomBytes(4).toString('hex');
  const outA = `results-out-a-${suffix}`;
  const outB = `results-out-b-${suffix}`;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-max-result-bytes', String(MAX_RESULT_BYTES)] });
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
    athenaA = athenaClient(server.url, a);
    athenaB = athenaClient(server.url, b);
    s3A = s3Client(server.url, a);
    await createBucket(server.url, a, outA);
    await createBucket(server.url, b, outB);
  });
  after(() => server.stop());

  async function run(client: AthenaClient, sql: string, bucket: string, timeoutMs = 120_000) {
    const id = (await client.send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: `s3://${bucket}/results/` } }))).QueryExecutionId!;
    return { id, execution: await finished(client, id, timeoutMs) };
  }

  async function resultObjects(): Promise<string[]> {
    const listed = await s3A.send(new ListObjectsV2Command({ Bucket: outA, Prefix: 'results/' }));
    return (listed.Contents ?? []).map((o) => o.Key!);
  }

  it('GetQueryResults refuses a result object its owner overwrote with more than a result can hold, without reading it whole', async () => {
    const { id, execution } = await run(athenaA, "SELECT 'fine' AS v", outA);
    assert.equal(execution.Status?.State, 'SUCCEEDED');
    const key = execution.ResultConfiguration!.OutputLocation!.replace(`s3://${outA}/`, '');
    await s3A.send(new PutObjectCommand({ Bucket: outA, Key: key, Body: Buffer.alloc(MAX_RESULT_BYTES + 1, 'x') }));
    const refused = await athenaA.send(new GetQueryResultsCommand({ QueryExecutionId: id })).then(
      () => undefined,
      (e: { name: string; message: string }) => e,
    );
    assert.equal(refused?.name, 'InvalidRequestException');
    assert.equal(refused?.message, `The object s3://${outA}/${key} is larger than the ${MAX_RESULT_BYTES} bytes this server reads as a query result (athenaMaxResultBytes).`);
    await s3A.send(new PutObjectCommand({ Bucket: outA, Key: key, Body: '"v"\n"fine"\n' }));
    const rows = (await athenaA.send(new GetQueryResultsCommand({ QueryExecutionId: id }))).ResultSet?.Rows?.map((r) => r.Data?.map((d) => d.VarCharValue));
    assert.deepEqual(rows, [['v'], ['fine']]);
  });

  it("a 40 MB column FAILS with the row/column limit; nothing is written", async () => {
    const { id, execution } = await run(athenaA, "SELECT 'small' AS s, lpad('', 20000000, 'x') || lpad('', 20000000, 'x') AS big", outA);
    assert.equal(execution.Status?.State, 'FAILED');
    assert.equal(execution.Status?.StateChangeReason, 'GENERIC_USER_ERROR: Row or column size limit exceeded: column 2 of row 1 is 40000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)');
    assert.deepEqual(execution.Status?.AthenaError && { c: execution.Status.AthenaError.ErrorCategory, t: execution.Status.AthenaError.ErrorType, r: execution.Status.AthenaError.Retryable }, { c: 2, t: 1000, r: false });
    assert.ok(!(await resultObjects()).some((k) => k.includes(id)), 'a result object was written for a FAILED query');
  });

  it('a row of two 20 MB columns FAILS (each column is under the limit, the row is not)', async () => {
    const { execution: row } = await run(athenaA, "SELECT lpad('', 20000000, 'a') AS p, lpad('', 20000000, 'b') AS q", outA);
    assert.equal(row.Status?.State, 'FAILED');
    assert.equal(row.Status?.StateChangeReason, 'GENERIC_USER_ERROR: Row or column size limit exceeded: row 1 is 40000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)');
  });

  it('a 2 GB result FAILS at the server bound with a resource error, without being materialized', async () => {
    // 200 000 rows of 10 KB: read whole, DuckDB alone would hold 2 GB before JS copied it again.
    const { id, execution } = await run(athenaA, "SELECT i, lpad('', 10000, 'x') FROM UNNEST(sequence(1, 200000)) t(i)", outA);
    assert.equal(execution.Status?.State, 'FAILED');
    assert.equal(
      execution.Status?.StateChangeReason,
      `EXCEEDED_LOCAL_MEMORY_LIMIT: Query exhausted resources at this scale factor: the query result is larger than ${MAX_RESULT_BYTES} bytes, the most this server keeps in memory to write a result file (athenaMaxResultBytes); write large results with CREATE TABLE AS SELECT`,
    );
    assert.equal(execution.Status?.AthenaError?.ErrorType, 0);
    assert.ok(!(await resultObjects()).some((k) => k.includes(id)));
    // Every query so far (the 40 MB values included) fit in well under 1 GiB of server memory.
    const peak = peakRss(server);
    assert.ok(peak < 1024 ** 3, `server peak RSS ${peak} bytes`);
  });

  it("eight 60 MB columns (built by concatenation: lpad and repeat refuse more than 32 MB) FAIL at the first value; B's query answers", async (t) => {
    const columns = Array.from({ length: 8 }, (_, i) => `lpad('', 30000000, '${i}') || lpad('', 30000000, '${i}') AS c${i}`).join(', ');
    const { execution } = await run(athenaA, `SELECT ${columns}`, outA, 300_000);
    assert.equal(execution.Status?.State, 'FAILED');
    assert.equal(execution.Status?.StateChangeReason, 'GENERIC_USER_ERROR: Row or column size limit exceeded: column 1 of row 1 is 60000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)');
    // Not bounded here: DuckDB builds the whole 3.2 GB row (about 9 GB of its own memory, outside
    // its memory_limit) before handing it out; no JS copy is added to it (docs/security/athena-results.md).
    t.diagnostic(`server peak RSS ${peakRss(server)} bytes`);
    const { execution: other } = await run(athenaB, "SELECT 'b', count(*) FROM UNNEST(sequence(1, 10)) t(x)", outB);
    assert.equal(other.Status?.State, 'SUCCEEDED');
    const rows = (await athenaB.send(new GetQueryResultsCommand({ QueryExecutionId: other.QueryExecutionId! }))).ResultSet?.Rows ?? [];
    assert.deepEqual(rows.map((r) => r.Data?.map((d) => d.VarCharValue)), [['_col0', '_col1'], ['b', '10']]);
  });

  it('a query stopped while its rows stream is CANCELLED and gives its slots back', async () => {
    // Rows that take long to produce (a filter over 1e12 combinations that keeps almost none).
    const slow = 'SELECT x, y, z FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z) WHERE x * y * z = 7';
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      ids.push((await athenaA.send(new StartQueryExecutionCommand({ QueryString: slow, ResultConfiguration: { OutputLocation: `s3://${outA}/results/` } }))).QueryExecutionId!);
    }
    await new Promise((r) => setTimeout(r, 2_000));
    for (const id of ids) await athenaA.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    for (const id of ids) assert.equal((await finished(athenaA, id)).Status?.State, 'CANCELLED');
    // A's two per-account slots are free again: its next query runs to the end.
    const { execution } = await run(athenaA, 'SELECT 1', outA, 60_000);
    assert.equal(execution.Status?.State, 'SUCCEEDED');
  });
});
