import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { readAllParquet } from '../support/offline-store-s3.js';

const Bucket = 'offline-crash';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function clients(url: string, a: AccountKeys) {
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }, maxAttempts: 1 };
  return { sm: new SageMakerClient(config), rt: new SageMakerFeatureStoreRuntimeClient(config), iam: new IAMClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

describe('offline store survives kill -9: every acknowledged PutRecord lands in the offline store exactly once', () => {
  const servers: ServerProcess[] = [];
  let dataDir = '';
  let scratch = '';
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL', false);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('kills the server three times during a stream of PutRecords and flushes; after restart each acknowledged record is in exactly one row', { timeout: 180_000 }, async (t) => {
    const args = ['--offline-flush-interval', '25'];
    let server = await ServerProcess.start({ extraArgs: args });
    servers.push(server);
    dataDir = server.dataDir;
    scratch = mkdtempSync(join(tmpdir(), 'sagelite-offline-crash-'));
    const a = createAccount(dataDir, 'crash');
    let c = clients(server.url, a);
    await c.iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: TRUST }));
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'fs-offline', PolicyName: 'w', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${Bucket}/*` }] }) }));
    await c.s3.send(new CreateBucketCommand({ Bucket }));
    await c.sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'stream',
      RecordIdentifierFeatureName: 'id',
      EventTimeFeatureName: 'ts',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'payload', FeatureType: 'String' }],
      OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${Bucket}/fs` } },
      RoleArn: `arn:aws:iam::${a.accountId}:role/fs-offline`,
    }));
    const described = await c.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'stream' }));
    const prefix = described.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!.replace(`s3://${Bucket}/`, '') + '/';

    const acknowledged = new Set<number>();
    const attempted = new Set<number>();
    let next = 1;
    const now = Math.floor(Date.now() / 1000);
    for (let round = 0; round < 3; round++) {
      let stop = false;
      const rt = c.rt;
      // Eight writers, each recording an id only once PutRecord has answered 200. Some ids are
      // historic (a day back), so two hourly partitions are written in each flush.
      const writers = Array.from({ length: 8 }, async () => {
        while (!stop) {
          const id = next++;
          attempted.add(id);
          const ts = id % 5 === 0 ? now - 86_400 : now;
          try {
            await rt.send(new PutRecordCommand({ FeatureGroupName: 'stream', Record: [{ FeatureName: 'id', ValueAsString: String(id) }, { FeatureName: 'ts', ValueAsString: String(ts) }, { FeatureName: 'payload', ValueAsString: `p${id}` }] }));
            acknowledged.add(id);
          } catch {
            stop = true; // the server is gone
          }
        }
      });
      // Kill once this round has a real stream acknowledged (counted, not timed: a loaded machine
      // answers fewer calls a second), the writers still sending.
      const target = acknowledged.size + 50 + round * 20;
      const deadline = Date.now() + 60_000;
      while (acknowledged.size < target && Date.now() < deadline) await sleep(10);
      await server.stop('SIGKILL', false);
      stop = true;
      await Promise.all(writers);
      server = await ServerProcess.start({ dataDir, extraArgs: args });
      servers.push(server);
      c = clients(server.url, a);
    }
    assert.ok(acknowledged.size > 100, `${acknowledged.size} records acknowledged`);

    let rows: Array<Record<string, unknown>> = [];
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(100)) {
      rows = await readAllParquet(server.url, a, Bucket, prefix, scratch);
      const seen = new Set(rows.map((r) => Number(r['id'])));
      if ([...acknowledged].every((id) => seen.has(id))) break;
    }
    await sleep(300); // a later flush must not add a second copy of anything
    rows = await readAllParquet(server.url, a, Bucket, prefix, scratch);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(Number(r['id']), (counts.get(Number(r['id'])) ?? 0) + 1);
    const missing = [...acknowledged].filter((id) => !counts.has(id));
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    assert.deepEqual(missing, [], 'every acknowledged record is in the offline store');
    assert.deepEqual(duplicated, [], 'no record is there twice');
    for (const id of counts.keys()) assert.ok(attempted.has(id), `row ${id} was put`);
    for (const r of rows) assert.equal(r['payload'], `p${r['id']}`);
    t.diagnostic(`${acknowledged.size} acknowledged, ${attempted.size} attempted, ${rows.length} offline rows in ${new Set(rows.map((r) => r['key'])).size} objects`);
  });
});
