/**
 * The SDK's TrainingSetBuilder end to end, from account A's notebook through B's role: two feature
 * groups in B written through the Feature Store runtime (an update, a re-put at the same event
 * time, a soft delete), landed by the offline writer with Glue partitions, then training sets
 * built with the builder's options and read back typed. Expected rows are worked out by hand.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient, type FeatureDefinition } from '@aws-sdk/client-sagemaker';
import { DeleteRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { CROSS_ACCOUNT_ROLE, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import {
  AthenaQuery, crossAccountCredentials, FeatureGroupClient, TrainingSetBuilder, type CrossAccountCredentialsProvider, type Row, type TrainingSetBuilderOptions,
} from '../../packages/sdk/src/index.js';
import { createGuideRoles, notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';

const OFFLINE = 'sagemaker-sdk-offline';
const RESULTS = 'sagemaker-sdk-results';
/** 2024-05-01T08:00:00Z; event times are offsets from it. */
const E0 = Date.UTC(2024, 4, 1, 8, 0, 0) / 1000;
const iso = (h: number, m: number) => `2024-05-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const byKeys = <T extends Record<string, unknown>>(rows: T[]) => [...rows].sort((x, y) => JSON.stringify(Object.values(x)).localeCompare(JSON.stringify(Object.values(y))));

describe('SDK TrainingSetBuilder: point-in-time training sets over two offline stores, from A through B’s role', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let credentials: CrossAccountCredentialsProvider;
  let athena: AthenaQuery;
  let opts: TrainingSetBuilderOptions;
  let asOf: Date;

  const tableOf = async (group: string) =>
    (await new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b }).send(new DescribeFeatureGroupCommand({ FeatureGroupName: group }))).OfflineStoreConfig!.DataCatalogConfig!.TableName!;

  /** Waits until Athena sees `count` rows in the group's offline table (the writer flushes every 100 ms here). */
  async function waitOffline(group: string, count: number): Promise<void> {
    const table = await tableOf(group);
    for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
      const { rows } = await athena.query<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`, { database: 'sagemaker_featurestore', pollMs: 20 });
      if (rows[0]!.n >= count) return assert.equal(rows[0]!.n, count, `${group}: offline rows`);
      if (Date.now() > deadline) throw new Error(`${group}: ${rows[0]!.n} offline rows, waiting for ${count}`);
    }
  }

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100', '--athena-start-wait', '0'] });
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    const g: GuideAccounts = { accountA: a.accountId, accountB: b.accountId, resultsBucket: RESULTS };
    await createGuideRoles(server.url, a, b, g);
    credentials = crossAccountCredentials({
      roleArn: `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`, roleSessionName: 'training', sourceCredentials: await notebookCredentials(server, g), endpoint: server.url,
    });
    const iam = iamClient(server.url, b);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }))).Role!.Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'fs-offline', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess' }));
    const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: b, forcePathStyle: true });
    for (const Bucket of [OFFLINE, RESULTS]) await s3.send(new CreateBucketCommand({ Bucket }));
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b });
    const create = async (name: string, recordId: string, eventTime: string, defs: FeatureDefinition[]) => {
      await sm.send(new CreateFeatureGroupCommand({
        FeatureGroupName: name, RecordIdentifierFeatureName: recordId, EventTimeFeatureName: eventTime, FeatureDefinitions: defs,
        OnlineStoreConfig: { EnableOnlineStore: true }, OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${OFFLINE}/${name}` } }, RoleArn: role,
      }));
      for (let d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name })); d.FeatureGroupStatus !== 'Created'; await sleep(50)) {
        d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
      }
    };
    await create('customers', 'cid', 'created_at', [
      { FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'name', FeatureType: 'String' },
      { FeatureName: 'age', FeatureType: 'Integral' }, { FeatureName: 'created_at', FeatureType: 'Fractional' },
    ]);
    await create('customer-stats', 'cid', 'ts', [
      { FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'spend', FeatureType: 'Fractional' }, { FeatureName: 'ts', FeatureType: 'String' },
    ]);

    athena = new AthenaQuery({ endpoint: server.url, credentials, defaults: { outputLocation: `s3://${RESULTS}/queries/` } });
    opts = { endpoint: server.url, credentials, outputLocation: `s3://${RESULTS}/training/`, athena };
    const customers = new FeatureGroupClient({ featureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers`, endpoint: server.url, credentials });
    const stats = new FeatureGroupClient({ featureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customer-stats`, endpoint: server.url, credentials });
    const ingest = async (client: FeatureGroupClient, rows: Row[]) => {
      // One at a time: the order of the writes is part of what is tested (the later re-put wins).
      const report = await client.ingest(rows, { concurrency: 1 });
      assert.deepEqual(report.failed, []);
    };

    // Phase 1, before the as-of cut.
    await ingest(customers, [
      { cid: 1001, name: 'aaron', age: 32, created_at: E0 },
      { cid: 1002, name: 'bria', age: 18, created_at: E0 + 60 },
      { cid: 1003, name: 'cindy', age: 24, created_at: E0 + 120 },
    ]);
    await ingest(stats, [{ cid: 1001, spend: 10.5, ts: iso(8, 30) }, { cid: 1002, spend: 99, ts: iso(7, 30) }, { cid: 1003, spend: 5, ts: iso(8, 0) }]);
    await waitOffline('customers', 3);
    await waitOffline('customer-stats', 3);
    // Phase-1 write_times are now past; the cut is a whole second (as_of drops fractions) at least
    // 0.1 s after them, and phase 2 starts at least 1 s after it.
    await sleep(1100);
    asOf = new Date(Math.floor(Date.now() / 1000) * 1000);
    await sleep(1100);

    // Phase 2: aaron at 09:00 twice (the re-put, invoked later, wins), cindy soft-deleted at 10:00, a later stat for aaron.
    await ingest(customers, [{ cid: 1001, name: 'aaron', age: 33, created_at: E0 + 3600 }, { cid: 1001, name: 'aaron', age: 34, created_at: E0 + 3600 }]);
    await new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials })
      .send(new DeleteRecordCommand({ FeatureGroupName: customers.featureGroupName, RecordIdentifierValueAsString: '1003', EventTime: String(E0 + 7200) }));
    await ingest(stats, [{ cid: 1001, spend: 20.25, ts: iso(9, 30) }]);
    await waitOffline('customers', 6);
    await waitOffline('customer-stats', 4);
  });
  after(() => server.stop());

  it('a feature-group base joined point in time, newest per customer: typed rows and the result CSV', async () => {
    // customers after de-duplication and deletes: 1001 08:00 (32), 1001 09:00 (34, the later re-put), 1002 08:01; 1003's rows are older than its deletion.
    // Stats no later than the row: 1001 08:00 → none (inner join drops it); 1001 09:00 → 08:30; 1002 08:01 → 07:30.
    const set = await TrainingSetBuilder.fromFeatureGroup('customers', opts)
      .withFeatureGroup('customer-stats', { includedFeatureNames: ['spend'] })
      .pointInTimeAccurateJoin().withNumberOfRecentRecordsByRecordIdentifier(1).run({ pollMs: 20 });
    assert.deepEqual(set.columns.map((c) => `${c.Name}:${c.Type}`), ['cid:bigint', 'name:varchar', 'age:bigint', 'created_at:double', 'spend.1:double']);
    assert.deepEqual(byKeys(set.rows), [
      { cid: 1001, name: 'aaron', age: 34, created_at: E0 + 3600, 'spend.1': 10.5 },
      { cid: 1002, name: 'bria', age: 18, created_at: E0 + 60, 'spend.1': 99 },
    ]);
    assert.equal(set.outputLocation, `s3://${RESULTS}/training/${set.queryExecutionId}.csv`);
    const csv = await new S3Client({ endpoint: server.url, region: 'us-east-1', credentials, forcePathStyle: true })
      .send(new GetObjectCommand({ Bucket: RESULTS, Key: `training/${set.queryExecutionId}.csv` }));
    assert.match(await csv.Body!.transformToString(), /^"cid","name","age","created_at","spend\.1"\n/);
  });

  it('rows as the base (labels with ISO 8601 event times): uploaded, tabled with OpenCSVSerde, joined point in time to both groups', async () => {
    // Label 1001 08:45 → customers 08:00 (32) × stats 08:30 (10.5). Label 1001 10:00 → customers 08:00, 09:00 × stats 08:30, 09:30.
    // Label 1002 07:00 → no customer row at or before it: dropped by the inner join.
    const labels = [
      { cid: 1001, label: 1, ts: iso(8, 45) },
      { cid: 1001, label: 0, ts: iso(10, 0) },
      { cid: 1002, label: 1, ts: iso(7, 0) },
    ];
    const builder = () => TrainingSetBuilder.fromRows(labels, { recordIdentifierFeatureName: 'cid', eventTimeFeatureName: 'ts' }, opts)
      .withFeatureGroup('customers', { includedFeatureNames: ['age'] })
      .withFeatureGroup('customer-stats', { includedFeatureNames: ['spend'] })
      .pointInTimeAccurateJoin();
    const all = await builder().run({ pollMs: 20 });
    assert.deepEqual(all.columns.map((c) => `${c.Name}:${c.Type}`), ['cid:integer', 'label:integer', 'ts:varchar', 'age.1:bigint', 'spend.2:double']);
    assert.deepEqual(byKeys(all.rows), byKeys([
      { cid: 1001, label: 1, ts: iso(8, 45), 'age.1': 32, 'spend.2': 10.5 },
      { cid: 1001, label: 0, ts: iso(10, 0), 'age.1': 32, 'spend.2': 10.5 },
      { cid: 1001, label: 0, ts: iso(10, 0), 'age.1': 32, 'spend.2': 20.25 },
      { cid: 1001, label: 0, ts: iso(10, 0), 'age.1': 34, 'spend.2': 10.5 },
      { cid: 1001, label: 0, ts: iso(10, 0), 'age.1': 34, 'spend.2': 20.25 },
    ]));
    // Newest per label identifier: the 10:00 label with the newest customer row and the newest stat.
    const newest = await builder().withNumberOfRecentRecordsByRecordIdentifier(1).run({ pollMs: 20 });
    assert.deepEqual(newest.rows, [{ cid: 1001, label: 0, ts: iso(10, 0), 'age.1': 34, 'spend.2': 20.25 }]);
  });

  it('as of the cut between the phases: only phase-1 writes, the later deletion not yet seen', async () => {
    const set = await TrainingSetBuilder.fromFeatureGroup('customers', opts).asOf(asOf).run({ pollMs: 20 });
    assert.deepEqual(byKeys(set.rows), [
      { cid: 1001, name: 'aaron', age: 32, created_at: E0 },
      { cid: 1002, name: 'bria', age: 18, created_at: E0 + 60 },
      { cid: 1003, name: 'cindy', age: 24, created_at: E0 + 120 },
    ]);
  });

  it('an event-time range 07:45–08:45: the 10:00 deletion is outside it, so cindy stays; deleted records on request; LIMIT', async () => {
    const inRange = await TrainingSetBuilder.fromFeatureGroup('customers', opts).withEventTimeRange(new Date((E0 - 900) * 1000), new Date((E0 + 2700) * 1000)).run({ pollMs: 20 });
    assert.deepEqual(byKeys(inRange.rows).map((r) => [r.cid, r.age]), [[1001, 32], [1002, 18], [1003, 24]]);
    const withDeleted = await TrainingSetBuilder.fromFeatureGroup('customers', { ...opts, includedFeatureNames: ['age'] }).includeDeletedRecords().run({ pollMs: 20 });
    assert.deepEqual(byKeys(withDeleted.rows), [{ age: 18 }, { age: 24 }, { age: 32 }, { age: 34 }]);
    const limited = await TrainingSetBuilder.fromFeatureGroup('customers', opts).withNumberOfRecordsFromQueryResults(1).run({ pollMs: 20 });
    assert.equal(limited.rows.length, 1);
  });
});
