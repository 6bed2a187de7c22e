import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { markedBlocks } from '../support/doc-blocks.js';
import { createTestDatabase } from '../support/postgres.js';
import { dropKeysUnder, keysUnder, TEST_REDIS_URL, testKeyPrefix } from '../support/redis.js';
import { ServerProcess } from './harness.js';

const DOC = 'docs/DEPLOYMENT.md';
const TEST = 'test/e2e/deployment-config-file.test.ts';
const docBlock = (name: string): string => markedBlocks(PACKAGE_ROOT, DOC, name, TEST)[0]!;

const ACCOUNT = '222222222222';
const KEY = { accessKeyId: 'AKIACONFIGFILE234567', secretAccessKey: 'c'.repeat(40) };

/** The server processes a `serve` primary forked (its workers): none for a single process. */
function workersOf(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

describe('docs/DEPLOYMENT.md: the shared shape written down once, in the config file', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('serves from the file’s PostgreSQL, Redis and process count; a flag given as well wins', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const prefix = testKeyPrefix();
    cleanups.push(() => dropKeysUnder(prefix));
    const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-config-file-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    // The file as the docs show it, pointed at this test's database and Redis prefix, with one account to provision.
    const file = JSON.parse(docBlock('config-file')) as { server: Record<string, unknown>; accounts: unknown[] };
    assert.deepEqual(Object.keys(file.server).sort(), ['onlineMemory', 'onlineMemoryPrefix', 'processes', 'state', 'statePoolSize']);
    file.server['state'] = database.url;
    file.server['onlineMemory'] = TEST_REDIS_URL;
    file.server['onlineMemoryPrefix'] = prefix;
    file.accounts = [{ accountId: ACCOUNT, alias: 'central', rootAccessKeys: [KEY] }];
    const configPath = join(dataDir, 'sagelite.json');
    writeFileSync(configPath, JSON.stringify(file));

    const serve = docBlock('config-file-serve').trim().replaceAll('/srv/sagelite', dataDir).replaceAll('/etc/sagelite.json', configPath).split(/\s+/);
    assert.deepEqual(serve.slice(0, 3), ['npx', 'sagelite', 'serve']);
    const server = await ServerProcess.start({ dataDir, ownState: true, extraArgs: serve.slice(3) });
    cleanups.push(() => server.stop('SIGTERM', false));
    assert.equal(workersOf(server.child.pid!).length, 2, 'the file’s "processes": 2');

    const credentials = KEY;
    const who = await new STSClient({ endpoint: server.url, region: 'us-east-1', credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, ACCOUNT);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = await db.query<{ account_id: string }>('SELECT account_id FROM accounts');
      assert.deepEqual(rows.rows.map((r) => r.account_id), [ACCOUNT], 'the account is in the file’s PostgreSQL database');
    } finally {
      await db.end();
    }
    // An InMemory group's records go to the file's Redis, under the file's prefix.
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials });
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'hot', RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 't',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 't', FeatureType: 'Fractional' }],
      OnlineStoreConfig: { EnableOnlineStore: true, StorageType: 'InMemory' },
    }));
    const rt = new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials });
    const record = [{ FeatureName: 'id', ValueAsString: 'u1' }, { FeatureName: 't', ValueAsString: String(Math.floor(Date.now() / 1000)) }];
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'hot', Record: record }));
    assert.equal((await keysUnder(prefix)).length, 1, 'one record key in Redis');
    await server.stop('SIGTERM', false);

    // A flag beats the file: one process, on the same state.
    const single = await ServerProcess.start({ dataDir, ownState: true, extraArgs: [...serve.slice(3), '--processes', '1'] });
    cleanups.push(() => single.stop('SIGTERM', false));
    assert.deepEqual(workersOf(single.child.pid!), [], '--processes 1 on the command line');
    const got = await new SageMakerFeatureStoreRuntimeClient({ endpoint: single.url, region: 'us-east-1', credentials })
      .send(new GetRecordCommand({ FeatureGroupName: 'hot', RecordIdentifierValueAsString: 'u1' }));
    assert.deepEqual(got.Record, record);
  });

  it('refuses to start on a file whose server section is wrong, saying where', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-config-file-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const configPath = join(dataDir, 'bad.json');
    writeFileSync(configPath, JSON.stringify({ server: { state: 'mysql://db/x' } }));
    await assert.rejects(ServerProcess.start({ dataDir, ownState: true, extraArgs: ['--config', configPath] }), (e: Error) => {
      assert.match(e.message, /server exited 1: .*is not a valid provisioning file/s);
      assert.match(e.message, /a URL like postgres:\/\//);
      assert.match(e.message, /server\.state/);
      return true;
    });
  });
});
