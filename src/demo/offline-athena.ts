import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import { DescribeFeatureGroupCommand } from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { splitS3Uri, type S3Location } from '../core/s3-uri.js';
import { awsFailure, type AwsFailure, type GuideClients } from './clients.js';
import { ExpectedBreak, step, UnexpectedStepFailure, type DemoContext } from './context.js';
import type { CreatedGroup } from './notebook.js';
import type { BreakMode } from './plan.js';
import { parquetRowCount } from './parquet-rows.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function s3Location(uri: string): S3Location {
  const location = splitS3Uri(uri);
  if (!location) throw new Error(`not an s3:// URI: ${uri}`);
  return location;
}

/**
 * Waits until every group's rows are in B's offline store (Parquet objects under the group's
 * prefix, status Active), or a group's offline store turns Blocked: the failure
 * `--break offline-role` shows.
 */
export async function waitForOfflineStore(ctx: DemoContext, b: GuideClients, groups: CreatedGroup[], timeoutMs = 30_000): Promise<void> {
  for (const g of groups) {
    const { bucket, key } = s3Location(g.offlineUri);
    const label = `offline store of ${g.sample.name}`;
    const started = Date.now();
    for (;;) {
      const d = await b.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: g.sample.name }));
      const status = d.OfflineStoreStatus;
      if (status?.Status === 'Blocked') {
        const expected = ctx.plan.broken === 'offline-role';
        ctx.report.step(expected ? 'expected-failure' : 'failed', label, `OfflineStoreStatus Blocked after ${Date.now() - started} ms`);
        ctx.report.detail(`BlockedReason: ${status.BlockedReason ?? '(none)'}`);
        if (expected) throw new ExpectedBreak('offline-role', label);
        throw new UnexpectedStepFailure(label, undefined, `${label} is Blocked: ${status.BlockedReason ?? ''}`);
      }
      const listed = await b.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key + '/' }));
      const objects = (listed.Contents ?? []).filter((o) => o.Key!.endsWith('.parquet'));
      // Every ingested row, not just the first object: one ingest may span several flushes.
      const rows = objects.length > 0 && status?.Status === 'Active' ? await parquetRowCount(await Promise.all(objects.map(async (o) =>
        (await b.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToByteArray()))) : 0;
      if (rows >= g.sample.rows.length) {
        ctx.report.step('ok', label, `Active, ${rows} rows in ${objects.length} Parquet object(s) in s3://${bucket}/…/${objects[0]!.Key!.split('/').slice(-5).join('/')} after ${Date.now() - started} ms`);
        if (ctx.plan.broken === 'offline-role') throw new UnexpectedStepFailure(label, undefined, `${label} was written, but --break offline-role should have blocked it`);
        break;
      }
      if (Date.now() - started > timeoutMs) throw new UnexpectedStepFailure(label, undefined, `${label}: nothing written within ${timeoutMs / 1000} s (status ${status?.Status ?? 'none'})`);
      await sleep(100);
    }
  }
}

/** Whether a failure means the server has no Athena (yet), rather than that the query failed. */
function athenaMissing(e: unknown): boolean {
  const name = awsFailure(e).name;
  return name === 'NotImplemented' || name === 'UnknownOperationException';
}

/** The result of the demo's Athena query: where the CSV is, and the rows GetQueryResults gave. */
export interface QueryOutcome {
  outputLocation: string;
  rows: number;
  header: string[];
}

/**
 * Runs `SELECT * FROM "<table>"` over B's offline store as B's role (table named by the group's
 * DataCatalogConfig), with the results written to A's bucket. Returns undefined when the server
 * has no Athena: the step is then shown as not available, never faked.
 */
export async function queryOfflineStore(ctx: DemoContext, b: GuideClients, group: CreatedGroup, opts: { catalog?: string; breaks?: BreakMode[] } = {}): Promise<QueryOutcome | undefined> {
  const sql = `SELECT * FROM "${group.tableName}"`;
  const output = `s3://${ctx.plan.resultsBucket.name}/query_results/${group.sample.name}/`;
  const catalog = opts.catalog ?? 'AwsDataCatalog';
  let id = '';
  let missing: string | undefined;
  const label = catalog === 'AwsDataCatalog' ? 'Athena query' : `Athena query (catalog ${catalog})`;
  const expect = { breaks: opts.breaks ?? ['bucket-policy'], expectedIf: (f: AwsFailure) => /access ?denied|not authorized/i.test(f.message), ran: () => missing === undefined };
  const execution = await step(ctx, label, expect, async () => {
    try {
      const started = await b.athena.send(new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: group.database, Catalog: catalog },
        ResultConfiguration: { OutputLocation: output },
      }));
      id = started.QueryExecutionId!;
    } catch (e) {
      if (!athenaMissing(e)) throw e;
      missing = awsFailure(e).name;
      return undefined;
    }
    const e = await waitForQuery(b, id);
    if (e.Status?.State !== 'SUCCEEDED') throw Object.assign(new Error(`query ${id} ${e.Status?.State}: ${e.Status?.StateChangeReason ?? ''}`), { name: `Query${e.Status?.State ?? ''}` });
    return e;
  }, (e) => `${sql}: SUCCEEDED in ${e?.Statistics?.TotalExecutionTimeInMillis ?? '?'} ms (${id}) → ${e?.ResultConfiguration?.OutputLocation}`);
  if (!execution) {
    ctx.report.step('unavailable', label, `${sql}: not available on this server (${missing})`);
    return undefined;
  }
  const results = await step(ctx, 'GetQueryResults', {}, () => b.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), (r) => {
    const rows = r.ResultSet?.Rows ?? [];
    return `${Math.max(0, rows.length - 1)} rows; columns ${(rows[0]?.Data ?? []).map((d) => d.VarCharValue).join(', ')}`;
  });
  const rows = results.ResultSet?.Rows ?? [];
  return { outputLocation: execution.ResultConfiguration!.OutputLocation!, rows: Math.max(0, rows.length - 1), header: (rows[0]?.Data ?? []).map((d) => d.VarCharValue ?? '') };
}

async function waitForQuery(b: GuideClients, id: string, timeoutMs = 60_000): Promise<QueryExecution> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(50)) {
    const e = (await b.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    const state = e.Status?.State;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return e;
    if (Date.now() > deadline) throw new Error(`query ${id} still ${state} after ${timeoutMs / 1000} s`);
  }
}

/** A reads the training set, the query's CSV in its own bucket, with its own credentials. */
export async function readTrainingSet(ctx: DemoContext, a: GuideClients, query: QueryOutcome): Promise<void> {
  const { bucket, key } = s3Location(query.outputLocation);
  await step(ctx, 'A reads the training set CSV', {}, async () => {
    const got = await a.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await got.Body!.transformToString();
    const lines = text.split('\n').filter((l) => l.length > 0);
    return { lines, bytes: Buffer.byteLength(text) };
  }, (v) => `s3://${bucket}/${key}: ${v.bytes} bytes, a header and ${v.lines.length - 1} rows (GetObject as A's execution role)`);
}
