import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AthenaQuery, QueryCancelledError, QueryFailedError, QueryTimeoutError } from '../../packages/sdk/src/index.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

/** Billions of rows counted: seconds of engine work, long enough to be caught running (stopped at once below). */
const SLOW = 'SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y) CROSS JOIN UNNEST(sequence(1, 1000)) c(z)';

describe('SDK AthenaQuery: run, wait, typed rows over every page, and the three terminal states (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let athena: AthenaQuery;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0'] });
    b = createAccount(server.dataDir, 'central');
    await new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: b, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'sdk-athena-results' }));
    athena = new AthenaQuery({ endpoint: server.url, credentials: b, defaults: { outputLocation: 's3://sdk-athena-results/q/' } });
  });
  after(() => server.stop());

  it('types every value by its column: numbers, bigint, booleans, dates, timestamps, decimals, NULL, and the text of the rest', async () => {
    const out = await athena.query(`SELECT CAST(42 AS bigint) AS b, 7 AS i, 2.5E0 AS d, true AS t, DATE '2024-01-02' AS dt,
      TIMESTAMP '2024-01-02 03:04:05.123' AS ts, 'CA ' AS s, '' AS empty, CAST(NULL AS varchar) AS n, CAST('1.10' AS decimal(10, 2)) AS dec, ARRAY[1, 2] AS arr`, { pollMs: 20 });
    assert.deepEqual(out.columns.map((c) => `${c.Name}:${c.Type}`), ['b:bigint', 'i:integer', 'd:double', 't:boolean', 'dt:date', 'ts:timestamp', 's:varchar', 'empty:varchar', 'n:varchar', 'dec:decimal', 'arr:array']);
    assert.deepEqual(out.rows, [{
      b: 42, i: 7, d: 2.5, t: true, dt: new Date('2024-01-02T00:00:00Z'), ts: new Date('2024-01-02T03:04:05.123Z'), s: 'CA ', empty: '', n: null, dec: '1.10', arr: '[1, 2]',
    }]);
    assert.equal(out.execution.Status?.State, 'SUCCEEDED');
    assert.equal(out.execution.ResultConfiguration?.OutputLocation, `s3://sdk-athena-results/q/${out.execution.QueryExecutionId}.csv`);
    const strings = await athena.query('SELECT DATE \'2024-01-02\' AS dt', { temporal: 'string' });
    assert.deepEqual(strings.rows, [{ dt: '2024-01-02' }]);
  });

  it('refuses to round a bigint beyond 2^53 unless asked for JavaScript bigints', async () => {
    const sql = 'SELECT CAST(9007199254740993 AS bigint) AS big';
    await assert.rejects(athena.query(sql), (e: unknown) => e instanceof RangeError && /9007199254740993/.test(e.message));
    assert.deepEqual((await athena.query(sql, { int64: 'bigint' })).rows, [{ big: 9007199254740993n }]);
  });

  it('reads 2,500 rows over three GetQueryResults pages, the header skipped once, in order', async () => {
    const id = await athena.run('SELECT x FROM UNNEST(sequence(1, 2500)) AS t(x) ORDER BY x');
    await athena.wait(id, { pollMs: 20 });
    const seen: unknown[] = [];
    for await (const row of athena.rows<{ x: number }>(id)) seen.push(row.x);
    assert.deepEqual(seen, Array.from({ length: 2500 }, (_, i) => i + 1));
  });

  it('binds execution parameters', async () => {
    const { rows } = await athena.query('SELECT ? + 1 AS p, ? AS s', { parameters: ['41', "'x'"] });
    assert.deepEqual(rows, [{ p: 42, s: 'x' }]);
  });

  it('throws QueryFailedError with Athena’s reason and error for a failed query', async () => {
    const e = await athena.query('SELECT * FROM no_such_table', { database: 'nowhere' }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof QueryFailedError, String(e));
    assert.equal(e.execution.Status?.State, 'FAILED');
    assert.match(e.stateChangeReason ?? '', /^SCHEMA_NOT_FOUND: .*Schema 'nowhere' does not exist/);
    assert.equal(e.athenaError?.ErrorCategory, 2);
    assert.equal(e.message, `Athena query ${e.queryExecutionId} failed: ${e.stateChangeReason}`);
  });

  it('treats CANCELLED as the end: a query stopped while waited on throws QueryCancelledError', async () => {
    const id = await athena.run(SLOW);
    const waiting = athena.wait(id, { pollMs: 20 }).then(() => undefined, (err: unknown) => err);
    await new Promise((r) => setTimeout(r, 100));
    await athena.stop(id);
    const e = await waiting;
    assert.ok(e instanceof QueryCancelledError, String(e));
    assert.equal(e.queryExecutionId, id);
    assert.equal(e.execution.Status?.State, 'CANCELLED');
  });

  it('gives up after timeoutMs (stopping the query) and on an abort signal', async () => {
    const id = await athena.run(SLOW);
    const e = await athena.wait(id, { pollMs: 20, timeoutMs: 150 }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof QueryTimeoutError, String(e));
    assert.equal((await athena.execution(id)).Status?.State, 'CANCELLED', 'stopped on timeout');

    const id2 = await athena.run(SLOW);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user gave up')), 100);
    await assert.rejects(athena.wait(id2, { pollMs: 20, signal: controller.signal }), /user gave up/);
    assert.equal((await athena.execution(id2)).Status?.State, 'CANCELLED');
  });

  it('passes the result configuration: ExpectedBucketOwner that does not own the bucket fails the query', async () => {
    const ok = await athena.query('SELECT 1 AS one', { expectedBucketOwner: b.accountId, aclBucketOwnerFullControl: true });
    assert.equal(ok.execution.ResultConfiguration?.ExpectedBucketOwner, b.accountId);
    assert.equal(ok.execution.ResultConfiguration?.AclConfiguration?.S3AclOption, 'BUCKET_OWNER_FULL_CONTROL');
    const csv = await new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: b, forcePathStyle: true })
      .send(new GetObjectCommand({ Bucket: 'sdk-athena-results', Key: `q/${ok.execution.QueryExecutionId}.csv` }));
    assert.equal(await csv.Body!.transformToString(), '"one"\n"1"\n');
    const e = await athena.query('SELECT 1 AS one', { expectedBucketOwner: '999999999999' }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof QueryFailedError, String(e));
    assert.match(e.stateChangeReason ?? '', /Access Denied|AccessDenied/i);
  });
});
