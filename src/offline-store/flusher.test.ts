import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../app.js';
import { configFromEnv } from '../core/config.js';
import { rootPrincipal, type Principal } from '../core/principal.js';
import { OfflineFlusher } from './flusher.js';
import { listObjects, readParquet } from '../../test/support/offline-store-s3.js';
import { MemoryGroups, MemoryOutbox, testGroup, testRows } from '../../test/support/offline-store-fixtures.js';

const SAGEMAKER_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const h10 = Date.UTC(2024, 0, 5, 10) / 1000;

describe('offline store flusher against the real S3, IAM and STS', () => {
  let server: RunningServer;
  let dir: string;
  let accountId: string;
  let root: Principal;
  let keys: { accessKeyId: string; secretAccessKey: string };
  let outbox: MemoryOutbox;
  let groups: MemoryGroups;
  let flusher: OfflineFlusher;
  let n = 0;
  const call = (op: string, input: Record<string, unknown>) => server.state.internal.call(root, op.startsWith('s3:') ? 's3' : 'iam', op.replace(/^\w+:/, ''), input);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-flusher-'));
    server = await startServer({ ...configFromEnv({}), port: 0, dataDir: dir, logLevel: 'silent', offlineFlushIntervalMs: 60_000 });
    const { account, rootKey } = await server.state.accounts.createAccount({});
    accountId = account.accountId;
    keys = rootKey;
    root = rootPrincipal(accountId, rootKey.accessKeyId);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh role, bucket and group per test; the role may write the bucket unless told otherwise. */
  async function setup(opts: { writable?: boolean; intervalMs?: number } = {}) {
    n++;
    const role = `fs-offline-${n}`;
    const bucket = `offline-${n}-${accountId}`;
    await call('iam:CreateRole', { RoleName: role, AssumeRolePolicyDocument: SAGEMAKER_TRUST });
    await call('s3:CreateBucket', { Bucket: bucket });
    if (opts.writable !== false) await allowWrite(role, bucket);
    const group = testGroup({ accountId, name: `customers-${n}`, bucket, roleArn: `arn:aws:iam::${accountId}:role/${role}` });
    outbox = new MemoryOutbox();
    groups = new MemoryGroups();
    groups.put(group);
    flusher = new OfflineFlusher({ state: server.state, log: pino({ level: 'silent' }), intervalMs: opts.intervalMs ?? 1000, tmpDir: join(dir, `tmp-${n}`), outbox: () => outbox, featureGroups: () => groups });
    return { role, bucket, group, prefix: `fs/${accountId}/sagemaker/us-east-1/offline-store/${group.name}-1704164645/data/` };
  }
  const allowWrite = (role: string, bucket: string) =>
    call('iam:PutRolePolicy', { RoleName: role, PolicyName: 'write', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }] }) });

  beforeEach(() => flusher?.stop());

  it('writes each event-time hour as a Parquet object at the exact layout, as the role, then acknowledges', async () => {
    const { bucket, group, prefix } = await setup();
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 + 1 }, { sequence: 2, eventTime: h10 + 3600 }, { sequence: 3, eventTime: h10 - 86_400 * 30 }, { sequence: 4, eventTime: h10 + 2, deleted: true, id: 'c1' }]));
    const report = await flusher.flush();
    assert.deepEqual(report, { rows: 4, objects: 3, failed: [], dropped: 0, served: [`${accountId}/us-east-1/${group.name}@1704164645`], more: false });
    assert.deepEqual(outbox.rows, []);
    const objects = await listObjects(server.url, keys, bucket, prefix);
    assert.deepEqual(objects.map((o) => o.replace(/_[A-Za-z0-9]{16}\.parquet$/, '')).sort(), [
      `${prefix}year=2023/month=12/day=06/hour=10/20231206T100000Z`,
      `${prefix}year=2024/month=01/day=05/hour=10/20240105T100001Z`,
      `${prefix}year=2024/month=01/day=05/hour=11/20240105T110000Z`,
    ]);
    const h10Key = objects.find((k) => k.includes('hour=10/2024'))!;
    const { rows, types } = await readParquet(server.url, keys, bucket, h10Key, dir);
    assert.deepEqual(types, ['id VARCHAR', 'amount DOUBLE', 'count BIGINT', 'event_time DOUBLE', 'write_time TIMESTAMP', 'api_invocation_time TIMESTAMP', 'is_deleted BOOLEAN']);
    assert.deepEqual(rows.map((r) => [r['id'], r['amount'], r['count'], r['event_time'], r['is_deleted']]), [['c1', 1.5, 10n, h10 + 1, false], ['c1', null, null, h10 + 2, true]]);
    assert.ok(Math.abs((rows[0]!['write_time'] as Date).getTime() - Date.now()) < 60_000);
    assert.deepEqual(groups.statuses, [], 'an Active store stays Active without a write');
  });

  it('shows Blocked while the role may not write, keeps the rows, and turns Active once the policy allows it', async () => {
    const { role, bucket, group, prefix } = await setup({ writable: false });
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 }]));
    const report = await flusher.flush();
    assert.equal(report.rows, 0);
    assert.equal(report.failed.length, 1);
    assert.equal(outbox.rows.length, 1, 'nothing dropped');
    const blocked = groups.groups.get(`${accountId}/us-east-1/${group.name}`)!.offlineStoreStatus!;
    assert.equal(blocked.Status, 'Blocked');
    assert.match(blocked.BlockedReason!, new RegExp(`^Unable to write to s3://${bucket}/${prefix}year=2024/month=01/day=05/hour=10/.*: AccessDenied: .*assumed-role/${role}/SageMaker is not authorized to perform: s3:PutObject`));
    assert.equal((await flusher.flush()).failed.length, 0, 'waits out its backoff');
    await allowWrite(role, bucket);
    assert.equal((await flusher.flush({ ignoreBackoff: true })).rows, 1);
    assert.deepEqual(groups.statuses.map((s) => s.status.Status), ['Blocked', 'Active']);
    assert.equal((await listObjects(server.url, keys, bucket, prefix)).length, 1);
  });

  it('shows Blocked when the role’s trust policy does not let sagemaker.amazonaws.com assume it', async () => {
    const { role, group } = await setup();
    await call('iam:UpdateAssumeRolePolicy', { RoleName: role, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'athena.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 }]));
    await flusher.flush();
    const status = groups.groups.get(`${accountId}/us-east-1/${group.name}`)!.offlineStoreStatus!;
    assert.equal(status.Status, 'Blocked');
    assert.equal(status.BlockedReason, `Unable to assume role ${group.roleArn}: sagemaker.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${group.roleArn}`);
    await call('iam:UpdateAssumeRolePolicy', { RoleName: role, PolicyDocument: SAGEMAKER_TRUST });
    assert.equal((await flusher.flush({ ignoreBackoff: true })).rows, 1);
    assert.equal(groups.groups.get(`${accountId}/us-east-1/${group.name}`)!.offlineStoreStatus!.Status, 'Active');
  });

  it('shows Blocked for a missing bucket and for a bucket policy that denies the role', async () => {
    const { role, bucket, group } = await setup();
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${accountId}:role/${role}` }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }] };
    await call('s3:PutBucketPolicy', { Bucket: bucket, Policy: JSON.stringify(deny) });
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 }]));
    await flusher.flush();
    assert.match(groups.groups.get(`${accountId}/us-east-1/${group.name}`)!.offlineStoreStatus!.BlockedReason!, /AccessDenied: .*s3:PutObject.*explicit deny in a resource-based policy/);
    await call('s3:DeleteBucketPolicy', { Bucket: bucket });
    groups.put({ ...group, offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://no-such-bucket-here/fs' } } });
    await flusher.flush({ ignoreBackoff: true });
    assert.match(groups.groups.get(`${accountId}/us-east-1/${group.name}`)!.offlineStoreStatus!.BlockedReason!, /^Unable to write to s3:\/\/no-such-bucket-here\/.*: NoSuchBucket: /);
    groups.put(group);
    assert.equal((await flusher.flush({ ignoreBackoff: true })).rows, 1);
    assert.equal(outbox.rows.length, 0);
  });

  it('overwrites the same object when a crash comes between PutObject and acknowledge, even with more rows by then', async () => {
    const { bucket, group, prefix } = await setup();
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 }, { sequence: 2, eventTime: h10 + 1 }]));
    const ack = outbox.acknowledge.bind(outbox);
    outbox.acknowledge = () => Promise.reject(new Error('killed before the acknowledgement committed'));
    assert.equal((await flusher.flush()).failed.length, 1);
    const [first] = await listObjects(server.url, keys, bucket, prefix);
    outbox.acknowledge = ack;
    outbox.add(testRows(group, [{ sequence: 3, eventTime: h10 + 2 }]));
    assert.equal((await flusher.flush({ ignoreBackoff: true })).rows, 3);
    assert.deepEqual(await listObjects(server.url, keys, bucket, prefix), [first]);
    const { rows } = await readParquet(server.url, keys, bucket, first!, dir);
    assert.deepEqual(rows.map((r) => r['id']), ['c1', 'c2', 'c3']);
  });

  it('writes a healthy group in the first pass however large the blocked group’s backlog ahead of it', async () => {
    const a = await setup();
    const blockedGroup = testGroup({ accountId, name: 'blocked-one', bucket: a.bucket, roleArn: `arn:aws:iam::${accountId}:role/none` });
    groups.put(blockedGroup);
    outbox.add(testRows(blockedGroup, Array.from({ length: 500 }, (_, i) => ({ sequence: i + 1, eventTime: h10 }))));
    outbox.add(testRows(a.group, [{ sequence: 501, eventTime: h10 }]));
    const report = await flusher.flush();
    assert.equal(report.rows, 1, 'the healthy group, behind 500 older rows, is written in the first pass');
    assert.equal(report.failed.length, 1);
    assert.equal(outbox.rows.length, 500, 'the blocked group’s rows all wait in the outbox');
    assert.match(groups.groups.get(`${accountId}/us-east-1/blocked-one`)!.offlineStoreStatus!.BlockedReason!, /not authorized to perform: sts:AssumeRole/);
    assert.deepEqual((await flusher.flush()).served, [], 'the blocked group waits out its backoff, read not at all');
    const retry = await flusher.flush({ ignoreBackoff: true });
    assert.equal(retry.failed.length, 1);
    assert.equal(outbox.reads.at(-1), `${accountId}/blocked-one`);
  });

  it('serves another account’s healthy group in the first pass behind a 20,000-row backlog of a group whose role may not write, and retries the blocked one with a probe', async () => {
    const a = await setup({ writable: false });
    const b = await server.state.accounts.createAccount({});
    const bRoot = rootPrincipal(b.account.accountId, b.rootKey.accessKeyId);
    const inB = (op: string, input: Record<string, unknown>) => server.state.internal.call(bRoot, op.startsWith('s3:') ? 's3' : 'iam', op.replace(/^\w+:/, ''), input);
    const bBucket = `offline-healthy-${b.account.accountId}`;
    await inB('iam:CreateRole', { RoleName: 'fs-offline', AssumeRolePolicyDocument: SAGEMAKER_TRUST });
    await inB('s3:CreateBucket', { Bucket: bBucket });
    await inB('iam:PutRolePolicy', { RoleName: 'fs-offline', PolicyName: 'write', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bBucket}/*` }] }) });
    const healthy = testGroup({ accountId: b.account.accountId, name: 'healthy', bucket: bBucket });
    groups.put(healthy);
    outbox.add(testRows(a.group, Array.from({ length: 20_000 }, (_, i) => ({ sequence: i + 1, eventTime: h10 + (i % 3600) }))));
    outbox.add(testRows(healthy, [{ sequence: 20_001, eventTime: h10 }, { sequence: 20_002, eventTime: h10 + 1 }, { sequence: 20_003, eventTime: h10 + 3600 }]));

    const first = await flusher.flush();
    assert.equal(first.rows, 3, 'all of the healthy group’s rows in the first pass');
    assert.deepEqual(first.failed, [`${accountId}/us-east-1/${a.group.name}@1704164645`]);
    assert.deepEqual(outbox.readLimits, [10_000, 10_000], 'each group read at most its share');
    assert.equal(outbox.rows.length, 20_000, 'nothing of the blocked group acknowledged');
    assert.equal(groups.groups.get(`${accountId}/us-east-1/${a.group.name}`)!.offlineStoreStatus!.Status, 'Blocked');
    const bPrefix = `fs/${b.account.accountId}/sagemaker/us-east-1/offline-store/healthy-1704164645/data/`;
    assert.equal((await listObjects(server.url, b.rootKey, bBucket, bPrefix)).length, 2);

    const retry = await flusher.flush({ ignoreBackoff: true });
    assert.equal(retry.failed.length, 1);
    assert.deepEqual(outbox.readLimits.slice(2), [100], 'a failing group retries with a probe, not its whole share');
    await allowWrite(a.role, a.bucket);
    const recovered = await flusher.flush({ ignoreBackoff: true });
    assert.equal(recovered.rows, 100);
    assert.equal(recovered.more, true, 'the rest of the backlog follows in the next passes');
    assert.equal(groups.groups.get(`${accountId}/us-east-1/${a.group.name}`)!.offlineStoreStatus!.Status, 'Active');
    assert.equal((await flusher.flush()).rows, 10_000);
  });

  it('backs off exponentially from one interval, per group, up to its cap', () => {
    const f = new OfflineFlusher({ state: server.state, log: pino({ level: 'silent' }), intervalMs: 1000, tmpDir: join(dir, 'tmp-backoff') });
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 40].map((n) => f.backoffMs(n)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    const fast = new OfflineFlusher({ state: server.state, log: pino({ level: 'silent' }), intervalMs: 20, tmpDir: join(dir, 'tmp-backoff2') });
    assert.equal(fast.backoffMs(100), 640);
  });

  it('still writes rows of a group deleted after it was seen, and drops those of a group it never saw', async () => {
    const { bucket, group, prefix } = await setup();
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 }]));
    await flusher.flush();
    outbox.add(testRows(group, [{ sequence: 2, eventTime: h10 + 7200 }]));
    groups.delete(group);
    const unknown = testGroup({ accountId, name: 'never-seen', bucket });
    outbox.add(testRows(unknown, [{ sequence: 3, eventTime: h10 }]));
    assert.deepEqual({ ...(await flusher.flush()), served: [] }, { rows: 1, objects: 1, failed: [], dropped: 1, served: [], more: false });
    assert.equal((await listObjects(server.url, keys, bucket, prefix)).length, 2);
    assert.deepEqual(outbox.rows, []);
  });

  it('flushes on its timer and once more on stop', async () => {
    const { bucket, group, prefix } = await setup({ intervalMs: 20 });
    flusher.start();
    const t0 = performance.now();
    outbox.add(testRows(group, [{ sequence: 1, eventTime: h10 }]));
    while (outbox.rows.length > 0) await new Promise((r) => setTimeout(r, 5));
    const latency = performance.now() - t0;
    assert.ok(latency < 1000, `landed in ${latency.toFixed(0)} ms with a 20 ms interval`);
    outbox.add(testRows(group, [{ sequence: 2, eventTime: h10 + 3600 }]));
    await flusher.stop();
    assert.deepEqual(outbox.rows, []);
    assert.equal((await listObjects(server.url, keys, bucket, prefix)).length, 2);
  });
});
