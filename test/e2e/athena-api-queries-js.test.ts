import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetQueryExecutionCommand, CreateWorkGroupCommand, GetQueryExecutionCommand, GetQueryResultsCommand, GetQueryRuntimeStatisticsCommand, ListQueryExecutionsCommand,
  StartQueryExecutionCommand, paginateGetQueryResults, type AthenaClient, type Row,
} from '@aws-sdk/client-athena';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient } from './iam-helpers.js';
import { athenaClient, createBucket, finished, s3Client, userWith } from './athena-api-helpers.js';

const values = (row: Row | undefined) => row?.Data?.map((d) => (d.VarCharValue === undefined ? null : d.VarCharValue));

describe('Athena API: query executions and results (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let athena: AthenaClient;
  const out = 's3://results-b/athena/';
  const start = (QueryString: string, extra: Partial<ConstructorParameters<typeof StartQueryExecutionCommand>[0]> = {}) =>
    athena.send(new StartQueryExecutionCommand({ QueryString, ResultConfiguration: { OutputLocation: out }, ...extra })).then((r) => r.QueryExecutionId!);
  const readObject = async (uri: string) => {
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
    const got = await s3Client(server.url, b).send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    return { body: await got.Body!.transformToString(), contentType: got.ContentType };
  };

  before(async () => {
    // A start wait far longer than any of these queries takes, however loaded the machine (the
    // first query of a process also loads DuckDB): the tests see each query's final state at once.
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '60000'] });
    b = createAccount(server.dataDir, 'athena-q');
    athena = athenaClient(server.url, b);
    await createBucket(server.url, b, 'results-b');
  });
  after(() => server.stop());

  it('answers SELECT 1 SUCCEEDED at the first GetQueryExecution, with a header row, types and values', async () => {
    const id = await start('SELECT 1');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
    assert.equal(q.StatementType, 'DML');
    assert.equal(q.SubstatementType, 'SELECT');
    assert.equal(q.WorkGroup, 'primary');
    assert.equal(q.ResultConfiguration?.OutputLocation, `${out}${id}.csv`);
    assert.ok(q.Status?.SubmissionDateTime instanceof Date && q.Status.CompletionDateTime instanceof Date);
    for (const k of ['EngineExecutionTimeInMillis', 'DataScannedInBytes', 'TotalExecutionTimeInMillis', 'QueryQueueTimeInMillis', 'ServiceProcessingTimeInMillis'] as const) {
      assert.equal(typeof q.Statistics?.[k], 'number', k);
    }
    assert.equal(q.Statistics?.ResultReuseInformation?.ReusedPreviousResult, false);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    assert.deepEqual(r.ResultSet?.Rows?.map(values), [['_col0'], ['1']]);
    assert.deepEqual(r.ResultSet?.ResultSetMetadata?.ColumnInfo, [
      { CatalogName: 'hive', SchemaName: '', TableName: '', Name: '_col0', Label: '_col0', Type: 'integer', Precision: 10, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
    ]);
    assert.equal(r.UpdateCount, 0);
    assert.equal(r.NextToken, undefined);
    const stats = (await athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: id }))).QueryRuntimeStatistics!;
    assert.equal(stats.Rows?.OutputRows, 1);
  });

  it('writes the result CSV and its metadata into the output location, NULL as an empty field', async () => {
    const id = await start(`SELECT 1 AS a, CAST(NULL AS varchar) AS b, 'say "hi"' AS c`);
    const q = await finished(athena, id);
    assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    assert.deepEqual(r.ResultSet?.Rows?.[1]?.Data, [{ VarCharValue: '1' }, {}, { VarCharValue: 'say "hi"' }]);
    assert.deepEqual(r.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => [c.Name, c.Type]), [['a', 'integer'], ['b', 'varchar'], ['c', 'varchar']]);
    const csv = await readObject(`${out}${id}.csv`);
    assert.equal(csv.body, '"a","b","c"\n"1",,"say ""hi"""\n');
    assert.equal(csv.contentType, 'text/csv');
    const metadata = JSON.parse((await readObject(`${out}${id}.csv.metadata`)).body) as { ResultSetMetadata: { ColumnInfo: Array<{ Name: string }> } };
    assert.deepEqual(metadata.ResultSetMetadata.ColumnInfo.map((c) => c.Name), ['a', 'b', 'c']);
  });

  it('pages GetQueryResults over more than 1000 rows, the header on the first page only', async () => {
    const id = await start('SELECT n FROM UNNEST(sequence(1, 2500)) AS t(n)');
    assert.equal((await finished(athena, id)).Status?.State, 'SUCCEEDED');
    const pages: Row[][] = [];
    for await (const page of paginateGetQueryResults({ client: athena }, { QueryExecutionId: id })) pages.push(page.ResultSet?.Rows ?? []);
    assert.deepEqual(pages.map((p) => p.length), [1000, 1000, 501]);
    const all = pages.flat().map((r) => values(r)![0]);
    assert.equal(all[0], 'n');
    assert.deepEqual(all.slice(1), Array.from({ length: 2500 }, (_, i) => String(i + 1)));
    const small = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 2 }));
    assert.deepEqual(small.ResultSet?.Rows?.map(values), [['n'], ['1']]);
    const next = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 2, NextToken: small.NextToken! }));
    assert.deepEqual(next.ResultSet?.Rows?.map(values), [['2'], ['3']], 'no header row after the first page');
    await assertAwsError(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: 'bogus' })), 'InvalidRequestException', 400, 'The specified NextToken is invalid.');
  });

  it('refuses a statement Trino cannot parse at StartQueryExecution (MALFORMED_QUERY, Trino\'s words, no execution), as Athena does', async () => {
    const before = (await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
    const refusal = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT cid, FROM t', ResultConfiguration: { OutputLocation: out } })).then(
      () => assert.fail('StartQueryExecution accepted it'),
      (e: unknown) => e as { name: string; message: string; AthenaErrorCode?: string; $metadata: { httpStatusCode?: number } },
    );
    assert.equal(refusal.name, 'InvalidRequestException');
    assert.equal(refusal.$metadata.httpStatusCode, 400);
    assert.equal(refusal.AthenaErrorCode, 'MALFORMED_QUERY');
    assert.match(refusal.message, /^line 1:13: mismatched input 'FROM'\. Expecting: .*<expression>/);
    assert.deepEqual((await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [], before, 'no execution was recorded');
  });

  it('fails a query with AthenaError, and GetQueryResults on it answers InvalidRequestException', async () => {
    const id = await start('SELECT 1 / 0');
    const q = await finished(athena, id);
    assert.equal(q.Status?.State, 'FAILED');
    assert.equal(q.Status?.AthenaError?.ErrorCategory, 2);
    assert.equal(typeof q.Status?.AthenaError?.ErrorType, 'number');
    assert.equal(q.Status?.AthenaError?.Retryable, false);
    assert.match(q.Status?.StateChangeReason ?? '', /^DIVISION_BY_ZERO/);
    assert.equal(q.Status?.AthenaError?.ErrorMessage, q.Status?.StateChangeReason);
    await assertAwsError(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), 'InvalidRequestException', 400, /^Query did not finish successfully\. Final query state: FAILED\n/);
  });

  it('refuses text with more than one statement at StartQueryExecution, as Athena does; one trailing semicolon is fine', async () => {
    const before = (await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
    for (const sql of ['DROP TABLE IF EXISTS t; SELECT 1', 'SELECT 1;\nSELECT 2;', "SELECT ';' AS a; -- c\nSELECT 2"]) {
      await assertAwsError(athena.send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: out } })), 'InvalidRequestException', 400, `Only one sql statement is allowed. Got: ${sql}`);
    }
    assert.deepEqual((await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [], before, 'no execution was recorded');
    const id = await start("SELECT ';' AS a; -- done");
    assert.equal((await finished(athena, id)).Status?.State, 'SUCCEEDED');
  });

  it('returns DESCRIBE and SHOW TBLPROPERTIES lines whole, one value per row, under Hive\'s string-typed columns', async () => {
    await finished(athena, await start('CREATE DATABASE meta'));
    const ddl = await start("CREATE EXTERNAL TABLE meta.t (id int, name string COMMENT 'who') PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://results-b/t/' TBLPROPERTIES ('k'='v')");
    assert.equal((await finished(athena, ddl)).Status?.State, 'SUCCEEDED');
    const id = await start('DESCRIBE meta.t');
    const q = await finished(athena, id);
    assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
    assert.equal(q.ResultConfiguration?.OutputLocation, `${out}${id}.txt`);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    assert.deepEqual(r.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => `${c.Name}:${c.Type}`), ['col_name:string', 'data_type:string', 'comment:string']);
    const rows = r.ResultSet!.Rows!.map(values);
    assert.ok(rows.every((row) => row?.length === 1), JSON.stringify(rows));
    assert.deepEqual(rows.slice(0, 3).map((row) => row![0]), [
      `${'id'.padEnd(20)}\t${'int'.padEnd(20)}\t${''.padEnd(20)}`,
      `${'name'.padEnd(20)}\t${'string'.padEnd(20)}\t${'who'.padEnd(20)}`,
      `${'dt'.padEnd(20)}\t${'string'.padEnd(20)}\t${''.padEnd(20)}`,
    ]);
    assert.ok(rows.some((row) => row![0]!.startsWith('# Partition Information')));
    const props = await start('SHOW TBLPROPERTIES meta.t');
    assert.equal((await finished(athena, props)).Status?.State, 'SUCCEEDED');
    const p = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: props }));
    assert.ok(p.ResultSet!.Rows!.map(values).some((row) => row?.length === 1 && row[0] === 'k\tv'));
    const part = await finished(athena, await start('SHOW PARTITIONS meta.t'));
    assert.equal(part.Status?.State, 'SUCCEEDED');
    await finished(athena, await start("CREATE EXTERNAL TABLE meta.flat (x int) LOCATION 's3://results-b/flat/'"));
    const flat = await finished(athena, await start('SHOW PARTITIONS meta.flat'));
    assert.equal(flat.Status?.State, 'FAILED');
    assert.match(flat.Status?.StateChangeReason ?? '', /Table meta\.flat is not a partitioned table$/);
    assert.equal(flat.Status?.AthenaError?.ErrorCategory, 2);
  });

  it('applies an enforcing work group\'s result configuration over the request\'s, and the request\'s over a non-enforcing one', async () => {
    await athena.send(new CreateWorkGroupCommand({ Name: 'enforced', Configuration: { EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: 's3://results-b/enforced' } } }));
    await athena.send(new CreateWorkGroupCommand({ Name: 'loose', Configuration: { EnforceWorkGroupConfiguration: false, ResultConfiguration: { OutputLocation: 's3://results-b/loose/' } } }));
    const enforced = await start('SELECT 2', { WorkGroup: 'enforced', ResultConfiguration: { OutputLocation: 's3://results-b/mine/' } });
    const q1 = await finished(athena, enforced);
    assert.equal(q1.ResultConfiguration?.OutputLocation, `s3://results-b/enforced/${enforced}.csv`);
    assert.equal((await readObject(`s3://results-b/enforced/${enforced}.csv`)).body, '"_col0"\n"2"\n');
    const loose = await start('SELECT 3', { WorkGroup: 'loose', ResultConfiguration: { OutputLocation: 's3://results-b/mine/' } });
    assert.equal((await finished(athena, loose)).ResultConfiguration?.OutputLocation, `s3://results-b/mine/${loose}.csv`);
    const fromWorkGroup = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 4', WorkGroup: 'loose' }));
    assert.equal((await finished(athena, fromWorkGroup.QueryExecutionId!)).ResultConfiguration?.OutputLocation, `s3://results-b/loose/${fromWorkGroup.QueryExecutionId}.csv`);

    const listed = await athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'loose' }));
    assert.deepEqual(listed.QueryExecutionIds, [fromWorkGroup.QueryExecutionId, loose], 'newest first');
    const batch = await athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [loose, 'missing-id', enforced] }));
    assert.deepEqual(batch.QueryExecutions?.map((q) => [q.QueryExecutionId, q.WorkGroup]), [[loose, 'loose'], [enforced, 'enforced']]);
    assert.deepEqual(batch.UnprocessedQueryExecutionIds, [{ QueryExecutionId: 'missing-id', ErrorCode: 'INVALID_INPUT', ErrorMessage: 'QueryExecution missing-id was not found' }]);
  });

  it('keeps StartQueryExecution idempotent by ClientRequestToken, and binds ExecutionParameters', async () => {
    const token = 'token-0123456789-0123456789-0123456789';
    const first = await start('SELECT ? AS a, ? AS b', { ClientRequestToken: token, ExecutionParameters: ['1', "'x'"] });
    assert.equal(await start('SELECT ? AS a, ? AS b', { ClientRequestToken: token, ExecutionParameters: ['1', "'x'"] }), first);
    await assertAwsError(start('SELECT 2', { ClientRequestToken: token }), 'InvalidRequestException', 400, 'Idempotent parameters do not match');
    const q = await finished(athena, first);
    assert.deepEqual(q.ExecutionParameters, ['1', "'x'"]);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: first }));
    assert.deepEqual(r.ResultSet?.Rows?.map(values), [['a', 'b'], ['1', 'x']]);
  });

  it('writes and reads results as the caller: a refused write fails the query, a refused read refuses the results', async () => {
    const allow = (actions: string[], resource = '*') => ({ Effect: 'Allow', Action: actions, Resource: resource });
    const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const noWrite = athenaClient(server.url, await userWith(server.url, b, 'no-write', policy(allow(['athena:*']))));
    const id = (await noWrite.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: out } }))).QueryExecutionId!;
    const q = await finished(noWrite, id);
    assert.equal(q.Status?.State, 'FAILED');
    assert.match(q.Status?.StateChangeReason ?? '', new RegExp(`^Access denied when writing output to url: ${out}${id}\\.csv \\. `));
    assert.match(q.Status?.StateChangeReason ?? '', /is not authorized to perform: s3:PutObject/);

    const noRead = athenaClient(server.url, await userWith(server.url, b, 'no-read', policy(allow(['athena:*']), allow(['s3:PutObject'], 'arn:aws:s3:::results-b/*'))));
    const ok = (await noRead.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: out } }))).QueryExecutionId!;
    assert.equal((await finished(noRead, ok)).Status?.State, 'SUCCEEDED');
    await assertAwsError(noRead.send(new GetQueryResultsCommand({ QueryExecutionId: ok })), 'InvalidRequestException', 400, new RegExp(`Permission denied on S3 path: ${out}${ok}\\.csv`));
  });

  it('lets a user with AmazonAthenaFullAccess query into an aws-athena-query-results-* bucket', async () => {
    const bucket = `aws-athena-query-results-${b.accountId}-us-east-1`;
    await createBucket(server.url, b, bucket);
    const iam = iamClient(server.url, b);
    await iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'analyst', PolicyArn: 'arn:aws:iam::aws:policy/AmazonAthenaFullAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    const analyst = athenaClient(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const id = (await analyst.send(new StartQueryExecutionCommand({ QueryString: "SELECT 'ok' AS status", ResultConfiguration: { OutputLocation: `s3://${bucket}/` } }))).QueryExecutionId!;
    assert.equal((await finished(analyst, id)).Status?.State, 'SUCCEEDED');
    assert.deepEqual((await analyst.send(new GetQueryResultsCommand({ QueryExecutionId: id }))).ResultSet?.Rows?.map(values), [['status'], ['ok']]);
  });
});
