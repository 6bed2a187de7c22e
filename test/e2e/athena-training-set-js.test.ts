/**
 * A point-in-time training set over real offline stores: two feature groups written through the
 * Feature Store runtime (updates, a re-put at the same event time, an older event time, a soft and
 * a hard delete), landed by sagelite's offline writer as Parquet with hourly Glue partitions, then
 * queried through Athena with the SQL the SageMaker Python SDK's DatasetBuilder generates
 * (test/athena-corpus/dataset-builder-sql.ts). Expected rows are worked out by hand below.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient, type FeatureDefinition } from '@aws-sdk/client-sagemaker';
import { DeleteRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import type { AthenaClient } from '@aws-sdk/client-athena';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';
import { readAllParquet } from '../support/offline-store-s3.js';
import { athenaClient, runAthena } from '../athena-corpus/athena-run.js';
import { datasetBuilderQuery, type GroupSpec } from '../athena-corpus/dataset-builder-sql.js';

const BUCKET = 'sagemaker-training-offline';
const RESULTS = 's3://athena-training-results/queries/';
/** 2024-05-01T08:00:00Z: every event time below is an offset from it. */
const E0 = Date.UTC(2024, 4, 1, 8, 0, 0) / 1000;
const iso = (h: number, m: number) => `2024-05-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
/** How Athena renders the Fractional event time, a double: Java's Double.toString (1714554000 → 1.714554E9). */
const javaDouble = (seconds: number) => {
  const digits = String(seconds).replace(/0+$/, '');
  return `${digits[0]}.${digits.slice(1) || '0'}E${String(seconds).length - 1}`;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('point-in-time training set: DatasetBuilder SQL over two real offline stores, through Athena (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let athena: AthenaClient;
  let scratch: string;
  let customers: GroupSpec;
  let stats: GroupSpec;
  /** A write-time cut between the two phases of writes (as_of). */
  let asOf: Date;

  const sm = () => new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
  const rt = () => new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });

  async function createGroup(name: string, recordId: string, eventTime: string, defs: FeatureDefinition[], role: string): Promise<GroupSpec> {
    await sm().send(new CreateFeatureGroupCommand({
      FeatureGroupName: name, RecordIdentifierFeatureName: recordId, EventTimeFeatureName: eventTime, FeatureDefinitions: defs,
      OnlineStoreConfig: { EnableOnlineStore: true }, OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${BUCKET}/${name}` } }, RoleArn: role,
    }));
    for (const deadline = Date.now() + 20_000; ; await sleep(50)) {
      const d = await sm().send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
      if (d.FeatureGroupStatus === 'Created') {
        const catalog = d.OfflineStoreConfig!.DataCatalogConfig!;
        const type = defs.find((f) => f.FeatureName === eventTime)!.FeatureType as 'Fractional' | 'String';
        return { database: catalog.Database!, table: catalog.TableName!, recordId, eventTime, eventTimeType: type, features: defs.map((f) => f.FeatureName!) };
      }
      if (Date.now() > deadline) throw new Error(`${name} is still ${d.FeatureGroupStatus}`);
    }
  }

  const put = (group: string, values: Record<string, string>) =>
    rt().send(new PutRecordCommand({ FeatureGroupName: group, Record: Object.entries(values).map(([FeatureName, ValueAsString]) => ({ FeatureName, ValueAsString })) }));

  /** Waits until the offline store of `group` holds `count` rows (the writer flushes every 100 ms here). */
  async function waitOffline(group: string, count: number): Promise<void> {
    for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
      const rows = await readAllParquet(server.url, b, BUCKET, `${group}/`, scratch);
      if (rows.length >= count) return assert.equal(rows.length, count, `${group}: offline rows`);
      if (Date.now() > deadline) throw new Error(`${group}: ${rows.length} offline rows, waiting for ${count}`);
    }
  }

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100'] });
    b = createAccount(server.dataDir, 'central');
    scratch = mkdtempSync(join(tmpdir(), 'athena-training-'));
    athena = athenaClient(server.url, b);
    const iam = iamClient(server.url, b);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }))).Role!.Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'fs-offline', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess' }));
    const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: b, forcePathStyle: true, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: 'athena-training-results' }));
    customers = await createGroup('customers', 'customer_id', 'event_time', [
      { FeatureName: 'customer_id', FeatureType: 'String' }, { FeatureName: 'city', FeatureType: 'String' },
      { FeatureName: 'age', FeatureType: 'Integral' }, { FeatureName: 'event_time', FeatureType: 'Fractional' },
    ], role);
    stats = await createGroup('customer-stats', 'customer_id', 'ts', [
      { FeatureName: 'customer_id', FeatureType: 'String' }, { FeatureName: 'spend', FeatureType: 'Fractional' },
      { FeatureName: 'visits', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'String' },
    ], role);

    // Phase 1 (before the as-of cut). Event times: c1 08:00, c2 08:01, c3 08:02, c4 08:03, then c1 again at 09:00.
    await put('customers', { customer_id: 'c1', city: 'Paris', age: '30', event_time: String(E0) });
    await put('customers', { customer_id: 'c2', city: 'Lyon', age: '41', event_time: String(E0 + 60) });
    await put('customers', { customer_id: 'c3', city: 'Nice', age: '25', event_time: String(E0 + 120) });
    await put('customers', { customer_id: 'c4', city: 'Oslo', age: '50', event_time: String(E0 + 180) });
    await put('customers', { customer_id: 'c1', city: 'Rome', age: '31', event_time: String(E0 + 3600) });
    await put('customer-stats', { customer_id: 'c1', spend: '10.5', visits: '3', ts: iso(8, 30) });
    await put('customer-stats', { customer_id: 'c2', spend: '99.0', visits: '7', ts: iso(7, 30) });
    await put('customer-stats', { customer_id: 'c3', spend: '5.0', visits: '1', ts: iso(8, 0) });
    await waitOffline('customers', 5);
    await waitOffline('customer-stats', 3);
    // Every phase-1 write_time is now in the past; the cut is a whole second (as_of drops
    // microseconds) at least 0.1 s after them, and phase 2 starts at least 1 s after the cut.
    await sleep(1100);
    asOf = new Date(Math.floor(Date.now() / 1000) * 1000);
    await sleep(1100);

    // Phase 2 (after the cut).
    await put('customers', { customer_id: 'c2', city: 'Bonn', age: '40', event_time: String(E0 - 3600) }); // older event time (07:00): offline only
    await put('customers', { customer_id: 'c1', city: 'Milan', age: '31', event_time: String(E0 + 3600) }); // same (id, event time) as Rome, invoked later
    await rt().send(new DeleteRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'c3', EventTime: String(E0 + 7200) })); // SoftDelete at 10:00
    await rt().send(new DeleteRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'c4', EventTime: String(E0 + 7200), DeletionMode: 'HardDelete' }));
    await put('customer-stats', { customer_id: 'c1', spend: '20.25', visits: '4', ts: iso(9, 30) });
    await put('customer-stats', { customer_id: 'c2', spend: '120.0', visits: '9', ts: iso(6, 0) });
    await waitOffline('customers', 9);
    await waitOffline('customer-stats', 5);
  });
  after(async () => {
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const COLUMNS = ['customer_id:varchar', 'city:varchar', 'age:bigint', 'event_time:double', 'customer_id.1:varchar', 'spend.1:double', 'visits.1:bigint', 'ts.1:varchar'];

  async function trainingSet(sql: string): Promise<string[][]> {
    const out = await runAthena(athena, sql, { database: 'sagemaker_featurestore', outputLocation: RESULTS, timeoutMs: 30_000 });
    assert.equal(out.state, 'SUCCEEDED', `${out.reason}\n${sql}`);
    assert.deepEqual(out.columns.map((c) => `${c.Name}:${c.Type}`), COLUMNS);
    assert.deepEqual(out.rows[0], COLUMNS.map((c) => c.slice(0, c.lastIndexOf(':'))), 'header row');
    return (out.rows.slice(1) as string[][]).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  }

  it('latest record per customer, point-in-time joined (recent records = 1, LIMIT 100)', async () => {
    // customers after dedup by (id, event time), latest api_invocation_time first:
    //   c1: 08:00 Paris, 09:00 Milan (re-put of 09:00 invoked after Rome); c2: 08:01 Lyon, 07:00 Bonn;
    //   c3 and c4: their 10:00 deletion markers are later than every row → both dropped.
    // stats: c1 08:30 and 09:30, c2 07:30 and 06:00, c3 08:00.
    // Point in time (stats no later than the base row): c1 08:00 has none; c1 09:00 Milan ↔ 08:30;
    //   c2 08:01 Lyon ↔ 07:30 and 06:00; c2 07:00 Bonn ↔ 06:00. c3 has no base row left.
    // Ranked by base event time then stats time, both descending: c1 → Milan/08:30, c2 → Lyon/07:30.
    const rows = await trainingSet(datasetBuilderQuery(customers, [stats], { pointInTime: true, recentRecords: 1, limit: 100 }));
    assert.deepEqual(rows, [
      ['c1', 'Milan', '31', javaDouble(E0 + 3600), 'c1', '10.5', '3', iso(8, 30)],
      ['c2', 'Lyon', '41', javaDouble(E0 + 60), 'c2', '99.0', '7', iso(7, 30)],
    ]);
  });

  it('every point-in-time pair (no recent-record limit): the older event time joins too', async () => {
    const rows = await trainingSet(datasetBuilderQuery(customers, [stats], { pointInTime: true }));
    assert.deepEqual(rows, [
      ['c1', 'Milan', '31', javaDouble(E0 + 3600), 'c1', '10.5', '3', iso(8, 30)],
      ['c2', 'Bonn', '40', javaDouble(E0 - 3600), 'c2', '120.0', '9', iso(6, 0)],
      ['c2', 'Lyon', '41', javaDouble(E0 + 60), 'c2', '120.0', '9', iso(6, 0)],
      ['c2', 'Lyon', '41', javaDouble(E0 + 60), 'c2', '99.0', '7', iso(7, 30)],
    ]);
  });

  it('as_of the cut between the phases: only phase-1 writes, no deletes yet', async () => {
    // As of the cut: customers c1 08:00 Paris and 09:00 Rome, c2 08:01 Lyon, c3 08:02 Nice, c4 08:03 Oslo;
    // stats c1 08:30, c2 07:30, c3 08:00. Pairs: c1 Rome ↔ 08:30, c2 Lyon ↔ 07:30, c3 Nice ↔ 08:00; c4 has no stats.
    const rows = await trainingSet(datasetBuilderQuery(customers, [stats], { pointInTime: true, recentRecords: 1, asOf }));
    assert.deepEqual(rows, [
      ['c1', 'Rome', '31', javaDouble(E0 + 3600), 'c1', '10.5', '3', iso(8, 30)],
      ['c2', 'Lyon', '41', javaDouble(E0 + 60), 'c2', '99.0', '7', iso(7, 30)],
      ['c3', 'Nice', '25', javaDouble(E0 + 120), 'c3', '5.0', '1', iso(8, 0)],
    ]);
  });

  it('event-time range 07:30–08:45: deletion markers outside the range do not delete', async () => {
    // In range: customers c1 08:00 Paris, c2 08:01 Lyon, c3 08:02 Nice, c4 08:03 Oslo (09:00, 07:00 and the
    // 10:00 markers are out, so nothing is deleted); stats c1 08:30, c2 07:30, c3 08:00.
    // Pairs: c1 08:00 has no stats at or before it; c2 Lyon ↔ 07:30; c3 Nice ↔ 08:00; c4 none.
    const rows = await trainingSet(
      datasetBuilderQuery(customers, [stats], { pointInTime: true, recentRecords: 1, eventTimeStart: new Date((E0 - 1800) * 1000), eventTimeEnd: new Date((E0 + 2700) * 1000) }),
    );
    assert.deepEqual(rows, [
      ['c2', 'Lyon', '41', javaDouble(E0 + 60), 'c2', '99.0', '7', iso(7, 30)],
      ['c3', 'Nice', '25', javaDouble(E0 + 120), 'c3', '5.0', '1', iso(8, 0)],
    ]);
  });
});
