import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { BatchGetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { createAccount, ServerProcess, type AccountKeys, embeddedOnly } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';

const runtime = (url: string, b: AccountKeys) => new SageMakerFeatureStoreRuntimeClient({ endpoint: url, region: 'us-east-1', credentials: b, maxAttempts: 1 });

/** The online records and outbox rows of the group, read from the database file of a dead server. */
function readDataDir(dataDir: string): { online: Map<number, string>; outbox: number[] } {
  const db = openDatabase(dataDir);
  try {
    const online = new Map<number, string>();
    for (const r of db.prepare("SELECT record_id, features FROM fs_records WHERE group_name = 'stream' AND deleted = 0").all() as Array<{ record_id: string; features: string }>) {
      const payload = (JSON.parse(r.features) as Array<[string, string]>).find(([n]) => n === 'payload')![1];
      online.set(Number(r.record_id), payload);
    }
    const outbox = (db.prepare("SELECT record_values FROM fs_outbox WHERE group_name = 'stream' ORDER BY sequence").all() as Array<{ record_values: string }>).map(
      (r) => Number((JSON.parse(r.record_values) as Record<string, string>)['id']),
    );
    return { online, outbox };
  } finally {
    db.close();
  }
}

describe('kill -9 during a stream of PutRecords: every acknowledged record is online and in the outbox exactly once', { skip: embeddedOnly('reads the SQLite outbox') }, () => {
  let server: ServerProcess | undefined;
  let dataDir = '';
  after(async () => {
    await server?.stop('SIGKILL', false);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('kills the server three times mid-stream; the online write and its outbox row are one transaction', { timeout: 120_000 }, async (t) => {
    // The offline writer must not drain the outbox here: it flushes once an hour, and the group's
    // role may not write to S3 anyway (the store shows Blocked and keeps every row).
    const args = ['--offline-flush-interval', '3600000'];
    server = await ServerProcess.start({ extraArgs: args });
    dataDir = server.dataDir;
    const b = createAccount(dataDir, 'crash-b');
    const role = await iamClient(server.url, b).send(new CreateRoleCommand({ RoleName: 'no-s3', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    await new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 }).send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'stream', RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'payload', FeatureType: 'String' }],
      OnlineStoreConfig: { EnableOnlineStore: true }, OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://nowhere-bucket/fs' } }, RoleArn: role.Role!.Arn!,
    }));

    const acknowledged = new Map<number, string>();
    let next = 1;
    for (let round = 0; round < 3; round++) {
      const rt = runtime(server.url, b);
      let stop = false;
      const writers = Array.from({ length: 12 }, async () => {
        while (!stop) {
          const id = next++;
          const payload = `round ${round} record ${id} ${'x'.repeat(id % 200)}`;
          try {
            await rt.send(new PutRecordCommand({ FeatureGroupName: 'stream', Record: [
              { FeatureName: 'id', ValueAsString: String(id) }, { FeatureName: 'ts', ValueAsString: String(1_700_000_000 + id) }, { FeatureName: 'payload', ValueAsString: payload },
            ] }));
            acknowledged.set(id, payload);
          } catch {
            stop = true; // the server is gone
          }
        }
      });
      // Kill once this round has a real stream acknowledged (counted, not timed: a loaded machine
      // answers fewer calls a second), the writers still sending.
      const target = acknowledged.size + 60 + round * 20;
      const deadline = Date.now() + 60_000;
      while (acknowledged.size < target && Date.now() < deadline) await sleep(10);
      await server.stop('SIGKILL', false);
      stop = true;
      await Promise.all(writers);

      const { online, outbox } = readDataDir(dataDir);
      for (const [id, payload] of acknowledged) assert.equal(online.get(id), payload, `acknowledged record ${id} is online after kill -9 (round ${round})`);
      const counts = new Map<number, number>();
      for (const id of outbox) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const id of acknowledged.keys()) assert.equal(counts.get(id), 1, `record ${id} has exactly one outbox row`);
      // Unacknowledged writes may or may not have committed, but never half: online iff in the outbox.
      assert.deepEqual([...counts.keys()].sort((x, y) => x - y), [...online.keys()].sort((x, y) => x - y));
      assert.ok([...counts.values()].every((n) => n === 1));
      t.diagnostic(`round ${round}: ${acknowledged.size} acknowledged, ${online.size} committed (${online.size - acknowledged.size} committed but unanswered at the kill)`);

      server = await ServerProcess.start({ dataDir, extraArgs: args });
    }
    assert.ok(acknowledged.size > 100, `a real stream was acknowledged (${acknowledged.size} records)`);

    // After the last restart the records are served as acknowledged.
    const rt = runtime(server.url, b);
    const ids = [...acknowledged.keys()];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100).map(String);
      const got = await rt.send(new BatchGetRecordCommand({ Identifiers: [{ FeatureGroupName: 'stream', RecordIdentifiersValueAsString: chunk, FeatureNames: ['id', 'payload'] }] }));
      assert.equal(got.Records!.length, chunk.length);
      for (const r of got.Records!) assert.equal(r.Record![1]!.ValueAsString, acknowledged.get(Number(r.RecordIdentifierValueAsString)));
    }
  });
});
