import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createAccount, ServerProcess } from '../test/e2e/harness.js';
import { generateOfflineStore } from './athena-data.js';

type Creds = { accessKeyId: string; secretAccessKey: string };

export interface AthenaRow {
  what: string;
  system: string;
  rate: string;
  p50: string;
  p99: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Start → poll GetQueryExecution until terminal → GetQueryResults (first page): what a notebook does. */
async function roundTrip(athena: AthenaClient, sql: string, output: string, database?: string): Promise<number> {
  const t0 = performance.now();
  const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({
    QueryString: sql,
    ResultConfiguration: { OutputLocation: output },
    ...(database ? { QueryExecutionContext: { Database: database } } : {}),
  }));
  for (;;) {
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`${sql}: ${state} ${QueryExecution?.Status?.StateChangeReason ?? ''}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await athena.send(new GetQueryResultsCommand({ QueryExecutionId }));
  return performance.now() - t0;
}

async function timed(what: string, system: string, runs: number, once: () => Promise<number>): Promise<AthenaRow> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { what: `${what} (${runs} runs, one at a time)`, system, rate: `${(1000 / mean).toFixed(1)} queries/s`, p50: `${percentile(times, 50).toFixed(1)} ms`, p99: `${percentile(times, 99).toFixed(1)} ms` };
}

/**
 * Athena through the whole stack with the JS SDK: the round trip of a trivial query, and
 * aggregates over a generated offline store of `rows` records (default 10 million, or
 * SAGELITE_BENCH_ATHENA_ROWS), queried as Feature Store users do.
 */
export async function athenaThroughput(opts: { rows?: number } = {}): Promise<AthenaRow[]> {
  const rows = opts.rows ?? Number(process.env['SAGELITE_BENCH_ATHENA_ROWS'] ?? 10_000_000);
  const out: AthenaRow[] = [];
  const server = await ServerProcess.start();
  try {
    const keys = createAccount(server.dataDir);
    const t0 = performance.now();
    const data = await generateOfflineStore(server.url, keys, { rows, hours: 24 });
    const loadSeconds = (performance.now() - t0) / 1000;
    const athena = new AthenaClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: keys, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench-athena-results' }));
    const output = 's3://bench-athena-results/q/';
    out.push(await timed('Athena SELECT 1: Start → SUCCEEDED → GetQueryResults', 'sagelite (DuckDB)', 100, () => roundTrip(athena, 'SELECT 1', output)));
    const table = `${data.database}.${data.table}`;
    const scale = `${(rows / 1e6).toFixed(rows >= 1e6 ? 0 : 2)}M rows, ${data.files} Parquet objects, ${(data.bytes / 2 ** 20).toFixed(0)} MiB`;
    out.push(await timed(`Athena GROUP BY over ${scale}`, 'sagelite (DuckDB)', 5, () =>
      roundTrip(athena, `SELECT category, count(*) AS n, avg(amount) AS mean_amount, count_if(is_deleted) AS deleted FROM ${table} GROUP BY category ORDER BY category`, output)));
    out.push(await timed(`Athena count(*) over ${scale}`, 'sagelite (DuckDB)', 5, () => roundTrip(athena, `SELECT count(*) FROM ${table}`, output)));
    out.push(await timed(`Athena one record by id over ${scale}`, 'sagelite (DuckDB)', 5, () => roundTrip(athena, `SELECT * FROM ${table} WHERE customer_id = 4242`, output)));
    out.push({ what: `(generating and loading ${scale} through S3 and Glue)`, system: 'sagelite', rate: '-', p50: `${loadSeconds.toFixed(1)} s`, p99: '-' });
    athena.destroy();
    s3.destroy();
  } finally {
    await server.stop();
  }
  return out;
}

/** The same trivial round trip against moto's server, which answers SUCCEEDED without running any SQL. */
export async function athenaPeerRow(motoUrl: string, credentials: Creds): Promise<AthenaRow> {
  const athena = new AthenaClient({ endpoint: motoUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    return await timed('Athena SELECT 1: Start → SUCCEEDED → GetQueryResults', 'moto server (no SQL executed: canned result)', 100, () => roundTrip(athena, 'SELECT 1', 's3://moto-results/q/'));
  } finally {
    athena.destroy();
  }
}

// `node dist/bench/athena.js` runs this benchmark alone.
if (process.argv[1]?.endsWith('bench/athena.js')) {
  const rows = await athenaThroughput();
  console.log('| benchmark | system | rate | p50 | p99 |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.system} | ${r.rate} | ${r.p50} | ${r.p99} |`);
}
