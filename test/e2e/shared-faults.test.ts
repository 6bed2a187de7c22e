import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { BatchGetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import pg from 'pg';
import { readAllParquet } from '../support/offline-store-s3.js';
import { createTestDatabase } from '../support/postgres.js';
import { privatePostgresMissing, startPrivatePostgres } from '../support/private-postgres.js';
import { athenaClient, finished, startQuery } from './athena-api-helpers.js';
import { ServerProcess, TEST_SHAPE } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';

const ACCOUNT = '333333333333';
const ROOT = { accessKeyId: 'AKIAFAULTTESTS234567', secretAccessKey: 'f'.repeat(40) };
const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 });

/**
 * A shared deployment of the test's own: two `sagelite serve` processes (as behind a load
 * balancer, each on its own port) on one PostgreSQL database and one data directory, the
 * account provisioned by a config file.
 */
class Deployment {
  readonly servers: ServerProcess[] = [];
  private constructor(readonly state: string, readonly dataDir: string, private readonly configPath: string) {}

  static async create(state: string): Promise<Deployment> {
    const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-faults-'));
    const configPath = join(dataDir, 'sagelite.json');
    writeFileSync(configPath, JSON.stringify({ server: { state }, accounts: [{ accountId: ACCOUNT, rootAccessKeys: [ROOT] }] }));
    return new Deployment(state, dataDir, configPath);
  }

  async start(): Promise<ServerProcess> {
    const server = await ServerProcess.start({ dataDir: this.dataDir, ownState: true, extraArgs: ['--config', this.configPath, '--offline-flush-interval', '50'] });
    this.servers.push(server);
    return server;
  }

  async remove(): Promise<void> {
    for (const s of this.servers) await s.stop('SIGKILL', false);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * What a client may see from a server that died or from a store that restarted: errors every AWS
 * SDK retries (a 5xx, or the connection reset, refused or cut), never a 4xx or a wrong answer.
 */
function retryable(e: unknown): boolean {
  const err = e as { $metadata?: { httpStatusCode?: number }; code?: string; message?: string; name?: string };
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(err.code ?? '') || /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE/.test(err.message ?? '') || err.name === 'TimeoutError';
}

const describeError = (e: unknown): string => {
  const err = e as { $metadata?: { httpStatusCode?: number }; name?: string; message?: string };
  return `${err.name ?? ''} ${err.$metadata?.httpStatusCode ?? ''} ${err.message ?? String(e)}`;
};

/** Every load started and not yet stopped: a test that fails stops them in afterEach, so nothing writes on. */
const running = new Set<Load>();

/** Writers that go on until told to stop: which writes were acknowledged, and every error. */
class Load {
  readonly acked = new Set<string>();
  readonly errors: unknown[] = [];
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(name: string, workers: number, write: (id: string) => Promise<void>) {
    running.add(this);
    for (let w = 0; w < workers; w++) {
      this.loops.push((async () => {
        for (let n = 0; !this.stopped; n++) {
          const id = `${name}-${w}-${n}`;
          try {
            await write(id);
            this.acked.add(id);
          } catch (e) {
            this.errors.push(e);
            await sleep(20);
          }
        }
      })());
    }
  }

  async until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; !done(); await sleep(20)) {
      if (Date.now() > deadline) {
        const last = this.errors.length > 0 ? `; the last: ${describeError(this.errors[this.errors.length - 1])}` : '';
        throw new Error(`${what}: not within ${timeoutMs / 1000} s (acknowledged ${this.acked.size}, errors ${this.errors.length}${last})`);
      }
    }
  }

  async stop(): Promise<void> {
    running.delete(this);
    this.stopped = true;
    await Promise.all(this.loops);
  }
}

/**
 * Writes to A and B at once, kills A (kill -9) once it acknowledged `writes`, lets B acknowledge
 * as many again, then checks what clients saw: none of B's saw an error, A's only retryable ones.
 * Returns every acknowledged write's id.
 */
async function killOneUnderLoad(a: ServerProcess, b: ServerProcess, workers: number, writes: number, write: (url: string) => (id: string) => Promise<void>): Promise<Set<string>> {
  const onA = new Load('a', workers, write(a.url));
  const onB = new Load('b', workers, write(b.url));
  await onA.until(() => onA.acked.size >= writes, `A acknowledges ${writes} writes`);
  await a.stop('SIGKILL', false);
  const atKill = onB.acked.size;
  await onB.until(() => onB.acked.size >= atKill + writes, 'B goes on acknowledging after A died');
  await Promise.all([onA.stop(), onB.stop()]);
  assert.deepEqual(onB.errors.map(describeError), [], 'the surviving process’s clients saw no error');
  assert.deepEqual(onA.errors.filter((e) => !retryable(e)).map(describeError), [], 'the dead process’s clients saw only retryable errors');
  return new Set([...onA.acked, ...onB.acked]);
}

const GROUP = 'clicks';
const BUCKET = 'fault-offline';

/** A Standard feature group with an offline store in the deployment's account. */
async function offlineGroup(url: string): Promise<void> {
  const allow = (Action: string, Resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });
  await new S3Client({ ...config(url), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  const iam = iamClient(url, ROOT);
  await iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'fs-offline', PolicyName: 'w', PolicyDocument: allow('s3:PutObject', `arn:aws:s3:::${BUCKET}/*`) }));
  await new SageMakerClient(config(url)).send(new CreateFeatureGroupCommand({
    FeatureGroupName: GROUP, RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts',
    FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'n', FeatureType: 'Integral' }],
    OnlineStoreConfig: { EnableOnlineStore: true, StorageType: 'Standard' },
    OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${BUCKET}/fs` } },
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/fs-offline`,
  }));
}

const recordOf = (id: string) => [{ FeatureName: 'id', ValueAsString: id }, { FeatureName: 'ts', ValueAsString: '1700000000' }, { FeatureName: 'n', ValueAsString: String(id.length) }];
const putRecord = (url: string) => {
  const rt = new SageMakerFeatureStoreRuntimeClient(config(url));
  return async (id: string) => {
    await rt.send(new PutRecordCommand({ FeatureGroupName: GROUP, Record: recordOf(id) }));
  };
};

/** Every id has its record, read through `url` (BatchGetRecord, 100 at a time). */
async function assertRecords(url: string, ids: readonly string[]): Promise<void> {
  const rt = new SageMakerFeatureStoreRuntimeClient({ ...config(url), maxAttempts: 3 });
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const out = await rt.send(new BatchGetRecordCommand({ Identifiers: [{ FeatureGroupName: GROUP, RecordIdentifiersValueAsString: chunk }] }));
    const found = new Map(out.Records!.map((r) => [r.RecordIdentifierValueAsString!, r.Record]));
    for (const id of chunk) assert.deepEqual(found.get(id), recordOf(id), `acknowledged record ${id}`);
  }
}

/**
 * The offline rows once the outbox is empty (a dead writer's claim lapses after its 60 s lease,
 * and a survivor takes the rows over): every acknowledged id exactly once, no id twice.
 */
async function assertOfflineExactlyOnce(url: string, state: string, acked: ReadonlySet<string>): Promise<void> {
  const db = new pg.Client({ connectionString: state });
  await db.connect();
  try {
    for (const deadline = Date.now() + 180_000; ; await sleep(250)) {
      const pending = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fs_outbox')).rows[0]!.n;
      if (pending === 0) break;
      if (Date.now() > deadline) throw new Error(`${pending} outbox rows still pending after 180 s`);
    }
  } finally {
    await db.end();
  }
  const group = await new SageMakerClient({ ...config(url), maxAttempts: 3 }).send(new DescribeFeatureGroupCommand({ FeatureGroupName: GROUP }));
  const prefix = `${group.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!.replace(`s3://${BUCKET}/`, '')}/`;
  const scratch = mkdtempSync(join(tmpdir(), 'sagelite-faults-parquet-'));
  try {
    const counts = new Map<string, number>();
    for (const r of await readAllParquet(url, ROOT, BUCKET, prefix, scratch)) counts.set(String(r['id']), (counts.get(String(r['id'])) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    assert.deepEqual(twice, [], 'no offline row lands twice');
    const missing = [...acked].filter((id) => !counts.has(id));
    assert.deepEqual(missing, [], 'every acknowledged record has its offline row');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('the shared shape under faults: two server processes on one PostgreSQL', { skip: TEST_SHAPE === 'postgres' ? 'builds its own deployment in the first pass' : false }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    await Promise.all([...running].map((l) => l.stop()));
  });
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function deployment(state?: string): Promise<Deployment> {
    let url = state;
    if (!url) {
      const db = await createTestDatabase();
      cleanups.push(() => db.drop());
      url = db.url;
    }
    const d = await Deployment.create(url);
    cleanups.push(() => d.remove());
    return d;
  }

  it('kill -9 of one process during PutRecord: the other’s clients see no error, every acknowledged record and its offline row is there once', { timeout: 400_000 }, async () => {
    const d = await deployment();
    const [a, b] = [await d.start(), await d.start()];
    await offlineGroup(b.url);
    const acked = await killOneUnderLoad(a, b, 4, 150, putRecord);
    await assertRecords(b.url, [...acked]);
    await assertOfflineExactlyOnce(b.url, d.state, acked);
  });

  it('kill -9 of one process during PutObject: every acknowledged object is whole; nothing torn is ever listed', { timeout: 300_000 }, async () => {
    const d = await deployment();
    const [a, b] = [await d.start(), await d.start()];
    const s3 = (url: string) => new S3Client({ ...config(url), forcePathStyle: true });
    await s3(b.url).send(new CreateBucketCommand({ Bucket: 'fault-objects' }));
    // Each object's bytes follow from its key, so any object read back can be checked whole.
    const bytesOf = (key: string) => Buffer.concat(Array.from({ length: 64 }, (_, i) => createHash('sha256').update(`${key}/${i}`).digest()).flatMap((h) => Array(32).fill(h) as Buffer[]));
    const put = (url: string) => {
      const client = s3(url);
      return async (key: string) => {
        await client.send(new PutObjectCommand({ Bucket: 'fault-objects', Key: key, Body: bytesOf(key) }));
      };
    };
    const acked = await killOneUnderLoad(a, b, 3, 60, put);
    const reader = new S3Client({ ...config(b.url), forcePathStyle: true, maxAttempts: 3 });
    const listed: string[] = [];
    for (let token: string | undefined; ;) {
      const page = await reader.send(new ListObjectsV2Command({ Bucket: 'fault-objects', ...(token ? { ContinuationToken: token } : {}) }));
      listed.push(...(page.Contents ?? []).map((o) => o.Key!));
      if (!page.NextContinuationToken) break;
      token = page.NextContinuationToken;
    }
    const missing = [...acked].filter((k) => !listed.includes(k));
    assert.deepEqual(missing, [], 'every acknowledged object is listed');
    for (const key of listed) {
      const body = Buffer.from(await (await reader.send(new GetObjectCommand({ Bucket: 'fault-objects', Key: key }))).Body!.transformToByteArray());
      assert.ok(body.equals(bytesOf(key)), `${key} reads back whole`);
    }
  });

  it('kill -9 of one process during an Athena query: the query FAILS retryably, seen from the other; the other’s queries run', { timeout: 300_000 }, async () => {
    const d = await deployment();
    const [a, b] = [await d.start(), await d.start()];
    await new S3Client({ ...config(b.url), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'fault-athena' }));
    const SLOW = 'SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y) CROSS JOIN UNNEST(sequence(1, 3000)) c(z)';
    const onA = athenaClient(a.url, ROOT);
    const onB = athenaClient(b.url, ROOT);
    const doomed = await startQuery(onA, SLOW, 'fault-athena/results');
    for (const deadline = Date.now() + 60_000; ; await sleep(100)) {
      const state = (await onB.send(new GetQueryExecutionCommand({ QueryExecutionId: doomed }))).QueryExecution!.Status!.State;
      if (state === 'RUNNING') break;
      assert.equal(state, 'QUEUED', 'the slow query is still on its way');
      if (Date.now() > deadline) throw new Error('the slow query never ran');
    }
    await a.stop('SIGKILL', false);
    const survivor = await startQuery(onB, 'SELECT 41 + 1 AS answer', 'fault-athena/results');
    assert.equal((await finished(onB, survivor, 60_000)).Status!.State, 'SUCCEEDED');
    // The survivor notices the dead owner (same host: its pid is gone) at its next orphan check (every 20 s).
    const failed = await finished(onB, doomed, 120_000);
    assert.equal(failed.Status!.State, 'FAILED');
    assert.equal(failed.Status!.AthenaError?.Retryable, true);
    assert.match(failed.Status!.StateChangeReason ?? '', /stopped while it was queued or running/);
  });

  it('PostgreSQL crashing and restarting under load: clients see only 503s, then writes resume; nothing acknowledged is lost; offline rows land once', { timeout: 400_000, skip: privatePostgresMissing() }, async () => {
    const server = await startPrivatePostgres();
    cleanups.push(() => server.remove());
    const d = await deployment(server.url);
    const [a, b] = [await d.start(), await d.start()];
    await offlineGroup(a.url);
    const onA = new Load('a', 3, putRecord(a.url));
    const onB = new Load('b', 3, putRecord(b.url));
    await onA.until(() => onA.acked.size >= 100 && onB.acked.size >= 100, 'both acknowledge 100 writes');
    server.crash();
    const down = { a: onA.errors.length, b: onB.errors.length };
    await onA.until(() => onA.errors.length > down.a && onB.errors.length > down.b, 'both see the outage');
    await sleep(1_000);
    server.start();
    const back = { a: onA.acked.size, b: onB.acked.size };
    await onA.until(() => onA.acked.size >= back.a + 100 && onB.acked.size >= back.b + 100, 'writes resume on both after the restart');
    await Promise.all([onA.stop(), onB.stop()]);

    const errors = [...onA.errors, ...onB.errors];
    const statuses = [...new Set(errors.map((e) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode))];
    assert.deepEqual(statuses, [503], `every error was a 503 (${errors.slice(0, 3).map(describeError).join('; ')})`);
    assert.deepEqual([...new Set(errors.map((e) => (e as Error).name))], ['ServiceUnavailable']);
    const acked = new Set([...onA.acked, ...onB.acked]);
    await assertRecords(b.url, [...acked]);
    await assertOfflineExactlyOnce(b.url, d.state, acked);
  });
});

