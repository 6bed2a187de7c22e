import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SageMakerClient, CreateFeatureGroupCommand, DescribeFeatureGroupCommand } from '@aws-sdk/client-sagemaker';
import { SageMakerFeatureStoreRuntimeClient, PutRecordCommand, DeleteRecordCommand } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { startServer, type RunningServer } from '../app.js';
import { configFromEnv } from '../core/config.js';
import { rootPrincipal, type Principal } from '../core/principal.js';
import { listObjects, readParquet } from '../../test/support/offline-store-s3.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('offline store through the whole server: PutRecord → outbox → Parquet in S3 as the group’s role', () => {
  let server: RunningServer;
  let dir: string;
  let keys: { accessKeyId: string; secretAccessKey: string };
  let accountId: string;
  let root: Principal;
  let sm: SageMakerClient;
  let rt: SageMakerFeatureStoreRuntimeClient;
  const bucket = () => `offline-${accountId}`;
  const policy = () => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket()}/*` }] });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-offline-'));
    server = await startServer({ ...configFromEnv({}), port: 0, dataDir: dir, logLevel: 'silent', offlineFlushIntervalMs: 50 });
    const { account, rootKey } = await server.state.accounts.createAccount({});
    accountId = account.accountId;
    keys = rootKey;
    root = rootPrincipal(accountId, rootKey.accessKeyId);
    await server.state.internal.call(root, 'iam', 'CreateRole', { RoleName: 'fs-offline', AssumeRolePolicyDocument: TRUST });
    await server.state.internal.call(root, 'iam', 'PutRolePolicy', { RoleName: 'fs-offline', PolicyName: 'write', PolicyDocument: policy() });
    await server.state.internal.call(root, 's3', 'CreateBucket', { Bucket: bucket() });
    const config = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } };
    sm = new SageMakerClient(config);
    rt = new SageMakerFeatureStoreRuntimeClient(config);
  });
  after(async () => {
    sm.destroy();
    rt.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function createGroup(name: string) {
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: name,
      RecordIdentifierFeatureName: 'cid',
      EventTimeFeatureName: 'created_at',
      FeatureDefinitions: [
        { FeatureName: 'cid', FeatureType: 'Integral' },
        { FeatureName: 'name', FeatureType: 'String' },
        { FeatureName: 'age', FeatureType: 'Integral' },
        { FeatureName: 'score', FeatureType: 'Fractional' },
        { FeatureName: 'created_at', FeatureType: 'Fractional' },
      ],
      OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${bucket()}/fs` } },
      RoleArn: `arn:aws:iam::${accountId}:role/fs-offline`,
    }));
    const d = await until('Created', async () => {
      const g = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
      return g.FeatureGroupStatus === 'Created' ? g : undefined;
    });
    const epoch = Math.floor(d.CreationTime!.getTime() / 1000);
    const prefix = `fs/${accountId}/sagemaker/us-east-1/offline-store/${name}-${epoch}/data/`;
    assert.equal(d.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri, `s3://${bucket()}/${prefix.slice(0, -1)}`);
    return prefix;
  }

  const put = (group: string, cid: number, name: string, at: number) =>
    rt.send(new PutRecordCommand({ FeatureGroupName: group, Record: [
      { FeatureName: 'cid', ValueAsString: String(cid) },
      { FeatureName: 'name', ValueAsString: name },
      { FeatureName: 'age', ValueAsString: String(20 + cid) },
      { FeatureName: 'score', ValueAsString: String(cid / 4) },
      { FeatureName: 'created_at', ValueAsString: String(at) },
    ] }));

  /** Every row under the prefix, read back from each Parquet object, with the object's key. */
  async function offlineRows(prefix: string) {
    const out: Array<Record<string, unknown> & { key: string }> = [];
    for (const key of await listObjects(server.url, keys, bucket(), prefix)) {
      const { rows, types } = await readParquet(server.url, keys, bucket(), key, dir);
      assert.deepEqual(types, ['cid BIGINT', 'name VARCHAR', 'age BIGINT', 'score DOUBLE', 'created_at DOUBLE', 'write_time TIMESTAMP', 'api_invocation_time TIMESTAMP', 'is_deleted BOOLEAN']);
      out.push(...rows.map((r) => ({ ...r, key })));
    }
    return out;
  }

  it('lands every record (historic ones and deletion markers too) in its event-time hour, within the flush interval', async () => {
    const prefix = await createGroup('customers');
    const now = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    await put('customers', 1, 'aaron', now);
    const first = await until('the first object', async () => ((await listObjects(server.url, keys, bucket(), prefix)).length > 0 ? true : undefined));
    const latency = performance.now() - t0;
    assert.ok(first && latency < 2000, `landed after ${latency.toFixed(0)} ms`);
    await put('customers', 2, 'bria', now);
    await put('customers', 1, 'aaron-old', now - 86_400 * 40); // historic: offline only
    await rt.send(new DeleteRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '2', EventTime: String(now + 1) }));
    const rows = await until('four rows', async () => {
      const r = await offlineRows(prefix);
      return r.length >= 4 ? r : undefined;
    });
    assert.equal(rows.length, 4);
    const summary = rows.map((r) => `${r['cid']} ${r['name']} ${r['is_deleted']}`).sort();
    assert.deepEqual(summary, ['1 aaron false', '1 aaron-old false', '2 bria false', '2 null true']);
    const historic = rows.find((r) => r['name'] === 'aaron-old')!;
    const d = new Date((now - 86_400 * 40) * 1000);
    const hour = `year=${d.getUTCFullYear()}/month=${String(d.getUTCMonth() + 1).padStart(2, '0')}/day=${String(d.getUTCDate()).padStart(2, '0')}/hour=${String(d.getUTCHours()).padStart(2, '0')}/`;
    assert.ok(historic.key.startsWith(prefix + hour), historic.key);
    assert.match(historic.key.slice((prefix + hour).length), /^\d{8}T\d{6}Z_[A-Za-z0-9]{16}\.parquet$/);
    const aaron = rows.find((r) => r['name'] === 'aaron')!;
    assert.equal(aaron['age'], 21n);
    assert.equal(aaron['score'], 0.25);
    assert.equal(aaron['created_at'], now);
    assert.ok(aaron['api_invocation_time'] instanceof Date && aaron['write_time'] instanceof Date);
    assert.ok((aaron['write_time'] as Date) >= (aaron['api_invocation_time'] as Date));
    // Each hour written is a partition of the group's Glue table, located at its folder.
    const described = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }));
    const table = described.OfflineStoreConfig!.DataCatalogConfig!;
    const partitions = await server.state.catalog.listPartitions(accountId, 'us-east-1', table.Database!, table.TableName!);
    const folders = [...new Set(rows.map((r) => r.key.slice(prefix.length).split('/').slice(0, 4).join('/')))].sort();
    assert.deepEqual(partitions.map((p) => p.StorageDescriptor!.Location).sort(), folders.map((f) => `s3://${bucket()}/${prefix}${f}`));
    assert.deepEqual(partitions.map((p) => p.Values.join('/')).sort(), folders.map((f) => f.replace(/[a-z]+=/g, '')));
  });

  it('shows Blocked in DescribeFeatureGroup while the role may not write, then Active and every row once it may', async () => {
    const prefix = await createGroup('orders');
    await server.state.internal.call(root, 'iam', 'DeleteRolePolicy', { RoleName: 'fs-offline', PolicyName: 'write' });
    const now = Math.floor(Date.now() / 1000);
    await put('orders', 7, 'gina', now);
    const blocked = await until('Blocked', async () => {
      const g = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'orders' }));
      return g.OfflineStoreStatus?.Status === 'Blocked' ? g.OfflineStoreStatus : undefined;
    });
    assert.match(blocked.BlockedReason!, /AccessDenied: .*assumed-role\/fs-offline\/SageMaker is not authorized to perform: s3:PutObject/);
    await put('orders', 8, 'hal', now);
    await server.state.internal.call(root, 'iam', 'PutRolePolicy', { RoleName: 'fs-offline', PolicyName: 'write', PolicyDocument: policy() });
    await until('Active', async () => ((await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'orders' }))).OfflineStoreStatus?.Status === 'Active' ? true : undefined), 45_000);
    const rows = await until('both rows', async () => {
      const r = await offlineRows(prefix);
      return r.length >= 2 ? r : undefined;
    });
    assert.deepEqual(rows.map((r) => r['name']).sort(), ['gina', 'hal']);
  });
});
