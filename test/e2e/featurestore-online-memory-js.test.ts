import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFeatureGroupCommand, DeleteFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  BatchGetRecordCommand, DeleteRecordCommand, GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient, type FeatureValue,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { dropKeysUnder, keysUnder, TEST_REDIS_URL, testKeyPrefix } from '../support/redis.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

const FEATURES = [
  { FeatureName: 'id', FeatureType: 'String' as const },
  { FeatureName: 'clicks', FeatureType: 'Integral' as const },
  { FeatureName: 't', FeatureType: 'Fractional' as const },
];

const record = (id: string, clicks: number, t: number): FeatureValue[] => [
  { FeatureName: 'id', ValueAsString: id },
  { FeatureName: 'clicks', ValueAsString: String(clicks) },
  { FeatureName: 't', ValueAsString: String(t) },
];

describe('sagelite serve --online-memory: InMemory groups on the real Redis, Standard ones beside them in SQLite (JS SDK v3)', () => {
  const prefix = testKeyPrefix();
  const args = ['--online-memory', TEST_REDIS_URL, '--online-memory-prefix', prefix];
  let server: ServerProcess;
  let keys: AccountKeys;
  const now = Math.floor(Date.now() / 1000);
  const rt = () => new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
  const sm = () => new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });

  before(async () => {
    server = await ServerProcess.start({ extraArgs: args });
    keys = createAccount(server.dataDir, 'memory');
    for (const [name, StorageType] of [['hot', 'InMemory'], ['warm', 'Standard']] as const) {
      await sm().send(new CreateFeatureGroupCommand({
        FeatureGroupName: name, RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 't', FeatureDefinitions: FEATURES,
        OnlineStoreConfig: { EnableOnlineStore: true, StorageType },
      }));
    }
  });
  after(async () => {
    await server.stop();
    await dropKeysUnder(prefix);
  });

  it('puts and gets records of both groups; only the InMemory group\'s are in Redis', async () => {
    await rt().send(new PutRecordCommand({ FeatureGroupName: 'hot', Record: record('u1', 3, now) }));
    await rt().send(new PutRecordCommand({ FeatureGroupName: 'hot', Record: record('u2', 5, now) }));
    await rt().send(new PutRecordCommand({ FeatureGroupName: 'warm', Record: record('u1', 7, now) }));
    const hot = await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u1' }));
    assert.deepEqual(hot.Record, record('u1', 3, now));
    const warm = await rt().send(new GetRecordCommand({ FeatureGroupName: 'warm', RecordIdentifierValueAsString: 'u1' }));
    assert.deepEqual(warm.Record, record('u1', 7, now));
    const stored = (await keysUnder(prefix)).map((k) => k.slice(prefix.length).split(':')).map((p) => [p[0], p[1], p[2], p[3], p[5]]);
    assert.deepEqual(stored.sort(), [['rec', keys.accountId, 'us-east-1', 'hot', 'u1'], ['rec', keys.accountId, 'us-east-1', 'hot', 'u2']]);
    // An older event time does not replace the record (the Lua script's rule, as SQLite's).
    await rt().send(new PutRecordCommand({ FeatureGroupName: 'hot', Record: record('u1', 99, now - 10) }));
    const still = await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u1', FeatureNames: ['clicks'] }));
    assert.deepEqual(still.Record, [{ FeatureName: 'clicks', ValueAsString: '3' }]);
  });

  it('batch-gets across the two tiers in one call, in the order asked', async () => {
    const out = await rt().send(new BatchGetRecordCommand({
      Identifiers: [
        { FeatureGroupName: 'warm', RecordIdentifiersValueAsString: ['u1', 'nobody'] },
        { FeatureGroupName: 'hot', RecordIdentifiersValueAsString: ['u2', 'u1', 'nobody'], FeatureNames: ['clicks'] },
      ],
    }));
    assert.deepEqual(out.Records!.map((r) => [r.FeatureGroupName, r.RecordIdentifierValueAsString, r.Record!.find((v) => v.FeatureName === 'clicks')!.ValueAsString]),
      [['warm', 'u1', '7'], ['hot', 'u2', '5'], ['hot', 'u1', '3']]);
    assert.deepEqual(out.Errors, []);
    assert.deepEqual(out.UnprocessedIdentifiers, []);
  });

  it('soft- and hard-deletes InMemory records with DeleteRecord', async () => {
    await rt().send(new DeleteRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u2', EventTime: String(now + 1) }));
    assert.equal((await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u2' }))).Record, undefined);
    // Soft-deleted keeps its event time: an older put stays hidden, a later one brings it back.
    await rt().send(new PutRecordCommand({ FeatureGroupName: 'hot', Record: record('u2', 6, now) }));
    assert.equal((await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u2' }))).Record, undefined);
    await rt().send(new PutRecordCommand({ FeatureGroupName: 'hot', Record: record('u2', 8, now + 2) }));
    assert.deepEqual((await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u2' }))).Record, record('u2', 8, now + 2));
    await rt().send(new DeleteRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u2', EventTime: String(now + 3), DeletionMode: 'HardDelete' }));
    assert.equal((await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u2' }))).Record, undefined);
    assert.deepEqual((await keysUnder(prefix)).map((k) => k.split(':').at(-1)), ['u1'], 'the hard-deleted key is gone from Redis');
  });

  it('keeps acknowledged InMemory records across a restart of the server, and DeleteFeatureGroup removes them from Redis', async () => {
    await server.stop('SIGKILL', false);
    server = await ServerProcess.start({ dataDir: server.dataDir, extraArgs: args });
    assert.deepEqual((await rt().send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u1' }))).Record, record('u1', 3, now));
    assert.deepEqual((await rt().send(new GetRecordCommand({ FeatureGroupName: 'warm', RecordIdentifierValueAsString: 'u1' }))).Record, record('u1', 7, now));
    await sm().send(new DeleteFeatureGroupCommand({ FeatureGroupName: 'hot' }));
    assert.deepEqual(await keysUnder(prefix), []);
    assert.deepEqual((await rt().send(new GetRecordCommand({ FeatureGroupName: 'warm', RecordIdentifierValueAsString: 'u1' }))).Record, record('u1', 7, now));
  });

  it('refuses to start when the Redis URL does not answer, saying which, without its password', async () => {
    // `serve` fails fast rather than serve InMemory groups from nowhere.
    const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-e2e-'));
    try {
      await assert.rejects(ServerProcess.start({ dataDir, extraArgs: ['--online-memory', 'redis://u:hunter2@127.0.0.1:1'] }), (e: Error) => {
        assert.match(e.message, /server exited 1: sagelite: the server could not start: cannot reach the in-memory online store at redis:\/\/u:\*\*\*@127\.0\.0\.1:1/);
        assert.doesNotMatch(e.message, /hunter2/);
        return true;
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
