import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  AttachUserPolicyCommand, CreatePolicyCommand, CreateRoleCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand,
  GetUserCommand, ListAttachedUserPoliciesCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketPolicyCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { markedBlocks } from '../support/doc-blocks.js';
import { readAllParquet } from '../support/offline-store-s3.js';
import { createTestDatabase } from '../support/postgres.js';
import { athenaClient, finished, startQuery, userWith, type Creds } from './athena-api-helpers.js';
import { BIN, cleanEnv, runCli } from './cli-process.js';
import { createAccount, ServerProcess, TEST_SHAPE } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';

/** docs/DEPLOYMENT.md's blocks, as a reader copies them. */
const DOC = 'docs/DEPLOYMENT.md';
const docBlock = (name: string): string => markedBlocks(PACKAGE_ROOT, DOC, name, 'test/e2e/migrate-cli.test.ts')[0]!;
const DOC_DIR = '/srv/sagelite';
const DOC_URL = 'postgres://sagelite@db.example.com:5432/sagelite';

const Bucket = 'migrate-data';
const Key = 'data/hello.bin';
const GROUP = 'customers';
const BYTES = randomBytes(70_000);
const RECORD_IDS = ['1', '2', '3', '4', '5'];

function clients(url: string, c: Creds) {
  const config = { endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 };
  return {
    sts: new STSClient(config), iam: iamClient(url, c), s3: new S3Client({ ...config, forcePathStyle: true }), sm: new SageMakerClient(config),
    rt: new SageMakerFeatureStoreRuntimeClient(config), glue: new GlueClient(config), athena: new AthenaClient(config),
  };
}

/** An SDK answer without its per-request metadata (request ids differ from call to call). */
function body<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

async function putRecord(url: string, c: Creds, id: string): Promise<void> {
  await clients(url, c).rt.send(new PutRecordCommand({
    FeatureGroupName: GROUP,
    Record: [{ FeatureName: 'id', ValueAsString: id }, { FeatureName: 'ts', ValueAsString: String(1_700_000_000 + Number(id)) }, { FeatureName: 'name', ValueAsString: `customer ${id}` }],
  }));
}

interface Identities {
  root: Creds;
  user: Creds;
  session: Creds;
  queryId: string;
}

/** Everything the test built, read back through the API: the same before and after the move. */
async function snapshot(url: string, who: Identities) {
  const root = clients(url, who.root);
  const identity = async (c: Creds) => body(await clients(url, c).sts.send(new GetCallerIdentityCommand({})));
  const object = async (c: Creds) => Buffer.from(await (await clients(url, c).s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray()).toString('base64');
  const role = body(await root.iam.send(new GetRoleCommand({ RoleName: 'reader' })));
  // Left out: IAM moves RoleLastUsed on as the role's sessions sign requests (this snapshot's own).
  delete role.Role!.RoleLastUsed;
  const policyArn = (await root.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'analyst' }))).AttachedPolicies![0]!.PolicyArn!;
  const group = body(await root.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: GROUP })));
  const catalog = group.OfflineStoreConfig!.DataCatalogConfig!;
  return {
    identities: { root: await identity(who.root), user: await identity(who.user), session: await identity(who.session) },
    user: body(await root.iam.send(new GetUserCommand({ UserName: 'analyst' }))),
    attached: body(await root.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'analyst' }))),
    policy: body(await root.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))),
    policyVersion: body(await root.iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v1' }))),
    role,
    rolePolicy: body(await root.iam.send(new GetRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read-data' }))),
    // As the root, as the user (the bucket policy) and as the role's session (its inline policy).
    objects: { root: await object(who.root), user: await object(who.user), session: await object(who.session) },
    bucketPolicy: body(await root.s3.send(new GetBucketPolicyCommand({ Bucket }))),
    group,
    records: await Promise.all(RECORD_IDS.map(async (id) => body(await root.rt.send(new GetRecordCommand({ FeatureGroupName: GROUP, RecordIdentifierValueAsString: id }))))),
    offlineTable: body(await root.glue.send(new GetTableCommand({ DatabaseName: catalog.Database, Name: catalog.TableName }))),
    glueTable: body(await root.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))),
    query: body(await root.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: who.queryId }))),
    results: body(await root.athena.send(new GetQueryResultsCommand({ QueryExecutionId: who.queryId }))),
  };
}

/** Builds every kind of state through the API on an embedded server; returns the identities to read it with. */
async function buildState(url: string, root: Creds, accountId: string): Promise<Identities> {
  const c = clients(url, root);
  const allow = (Action: string | string[], Resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });
  const policy = await c.iam.send(new CreatePolicyCommand({ PolicyName: 'assume-reader', PolicyDocument: allow('sts:AssumeRole', `arn:aws:iam::${accountId}:role/reader`) }));
  const user = await userWith(url, root, 'analyst');
  await c.iam.send(new AttachUserPolicyCommand({ UserName: 'analyst', PolicyArn: policy.Policy!.Arn! }));
  await c.iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${accountId}:user/analyst` }) }));
  await c.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read-data', PolicyDocument: allow('s3:GetObject', `arn:aws:s3:::${Bucket}/*`) }));
  const assumed = (await clients(url, user).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/reader`, RoleSessionName: 'before-the-move' }))).Credentials!;
  const session = { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! };

  await c.s3.send(new CreateBucketCommand({ Bucket }));
  await c.s3.send(new PutObjectCommand({ Bucket, Key, Body: BYTES }));
  await c.s3.send(new PutBucketPolicyCommand({
    Bucket,
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'analyst-reads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/analyst` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` }] }),
  }));

  await c.iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
  await c.iam.send(new PutRolePolicyCommand({ RoleName: 'fs-offline', PolicyName: 'w', PolicyDocument: allow('s3:PutObject', `arn:aws:s3:::${Bucket}/*`) }));
  await c.sm.send(new CreateFeatureGroupCommand({
    FeatureGroupName: GROUP,
    RecordIdentifierFeatureName: 'id',
    EventTimeFeatureName: 'ts',
    FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'name', FeatureType: 'String' }],
    OnlineStoreConfig: { EnableOnlineStore: true, StorageType: 'Standard' },
    OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${Bucket}/fs` } },
    RoleArn: `arn:aws:iam::${accountId}:role/fs-offline`,
  }));

  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales', Description: 'orders and returns' } }));
  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'sales',
    TableInput: {
      Name: 'orders', TableType: 'EXTERNAL_TABLE', PartitionKeys: [{ Name: 'day', Type: 'string' }],
      StorageDescriptor: { Columns: [{ Name: 'id', Type: 'bigint' }, { Name: 'amount', Type: 'double' }], Location: `s3://${Bucket}/orders/` },
    },
  }));
  const athena = athenaClient(url, root);
  const queryId = await startQuery(athena, "SELECT 42 AS answer, 'moved' AS word", `${Bucket}/athena`);
  assert.equal((await finished(athena, queryId)).Status?.State, 'SUCCEEDED');
  return { root, user, session, queryId };
}

/** The offline store's rows of the group, once its outbox (in PostgreSQL) is empty: nothing more can be written after. */
async function offlineRowsOnceDrained(url: string, root: Creds, state: string, scratch: string): Promise<Array<Record<string, unknown>>> {
  const group = await clients(url, root).sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: GROUP }));
  const prefix = `${group.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!.replace(`s3://${Bucket}/`, '')}/`;
  const db = new pg.Client({ connectionString: state });
  await db.connect();
  try {
    for (const deadline = Date.now() + 60_000; ; await sleep(100)) {
      const pending = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fs_outbox')).rows[0]!.n;
      if (pending === 0) return readAllParquet(url, root, Bucket, prefix, scratch);
      if (Date.now() > deadline) throw new Error(`${pending} outbox rows still pending after 60 s`);
    }
  } finally {
    await db.end();
  }
}

/** The ids in the offline store under the group's prefix, as seen on an embedded server (polled: its writer runs on a timer). */
async function waitForOfflineIds(url: string, root: Creds, ids: readonly string[], scratch: string): Promise<void> {
  const group = await clients(url, root).sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: GROUP }));
  const prefix = `${group.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!.replace(`s3://${Bucket}/`, '')}/`;
  for (const deadline = Date.now() + 60_000; ; await sleep(100)) {
    const seen = new Set((await readAllParquet(url, root, Bucket, prefix, scratch)).map((r) => String(r['id'])));
    if (ids.every((id) => seen.has(id))) return;
    if (Date.now() > deadline) throw new Error(`offline rows ${ids.filter((id) => !seen.has(id)).join(', ')} not written within 60 s`);
  }
}

/** A migrate summary's rows per table. */
function summaryRows(stdout: string): Record<string, number> {
  return Object.fromEntries([...stdout.matchAll(/^ {2}(\w+) +(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('sagelite migrate: an embedded data directory moved to PostgreSQL, read back through the API', { skip: TEST_SHAPE === 'postgres' ? 'starts its own servers in both shapes' : false }, () => {
  const servers: ServerProcess[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL', false);
    for (const c of cleanups.reverse()) await c();
  });

  it('copies accounts, keys, IAM, sessions, S3, feature groups, records, the outbox, Glue and Athena; the shared servers serve them as before', { timeout: 300_000 }, async (t) => {
    const target = await createTestDatabase();
    cleanups.push(() => target.drop());
    const scratch = mkdtempSync(join(tmpdir(), 'sagelite-migrate-scratch-'));
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));

    // The embedded shape, its offline writer quick: records 1–3 reach the offline store.
    const first = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '50'] });
    servers.push(first);
    const dataDir = first.dataDir;
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const account = createAccount(dataDir, 'moving');
    const root = { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
    const who = await buildState(first.url, root, account.accountId);
    for (const id of RECORD_IDS.slice(0, 3)) await putRecord(first.url, root, id);
    await waitForOfflineIds(first.url, root, RECORD_IDS.slice(0, 3), scratch);
    await first.stop('SIGTERM', false);

    // Again, its writer idle: records 4–5 stay in the outbox, and the server dies with them there.
    const second = await ServerProcess.start({ dataDir, extraArgs: ['--offline-flush-interval', '3600000'] });
    servers.push(second);
    for (const id of RECORD_IDS.slice(3)) await putRecord(second.url, root, id);
    const before = await snapshot(second.url, who);
    assert.equal(Buffer.from(before.objects.root, 'base64').equals(BYTES), true);

    const whileRunning = runCli(['migrate', '--data-dir', dataDir, '--to', target.url]);
    assert.equal(whileRunning.status, 1);
    assert.match(whileRunning.stderr, /^sagelite migrate: the data directory .* is in use by a running sagelite server: stop it first/);

    await second.stop('SIGKILL', false);
    const sqlite = new DatabaseSync(join(dataDir, 'sagelite.db'));
    const pendingBefore = (sqlite.prepare('SELECT count(*) AS n FROM fs_outbox').get() as { n: number }).n;
    sqlite.close();
    assert.equal(pendingBefore, 2, 'records 4 and 5 wait in the outbox');

    // docs/DEPLOYMENT.md's command, as written but for the directory and the database.
    const migrate = spawnSync('bash', ['-euo', 'pipefail', '-c', docBlock('migrate').replaceAll('npx sagelite', `node ${JSON.stringify(BIN)}`).replaceAll(DOC_DIR, dataDir).replaceAll(DOC_URL, target.url)], {
      encoding: 'utf8', timeout: 120_000, env: cleanEnv(),
    });
    assert.equal(migrate.status, 0, migrate.stderr);
    t.diagnostic(migrate.stdout.trimEnd());
    assert.match(migrate.stdout, /^migrated .*sagelite\.db into postgres:\/\/.* \(one transaction\):\n/);
    const rows = summaryRows(migrate.stdout);
    assert.equal(rows['accounts'], 1);
    assert.equal(rows['iam_users'], 1);
    assert.equal(rows['iam_roles'], 2);
    assert.equal(rows['iam_policies'], 1);
    assert.ok((rows['role_sessions'] ?? 0) >= 2, "the analyst's session and the offline writer's");
    assert.equal(rows['s3_buckets'], 1);
    assert.equal(rows['feature_groups'], 1);
    assert.equal(rows['fs_records'], 5);
    assert.equal(rows['fs_outbox'], 2);
    assert.equal(rows['athena_query_executions'], 1);
    assert.ok((rows['s3_objects'] ?? 0) >= 3, 'the object, the offline Parquet files and the query result');
    assert.equal(rows['total'], Object.entries(rows).filter(([t]) => t !== 'total').reduce((n, [, r]) => n + r, 0));
    assert.match(migrate.stdout, new RegExp(`object files stay in ${dataDir}/objects`));

    // The shared shape on the same directory, started as docs/DEPLOYMENT.md says.
    const serve = docBlock('migrate-serve').trim().replaceAll(DOC_DIR, dataDir).replaceAll(DOC_URL, target.url).split(/\s+/);
    assert.deepEqual(serve.slice(0, 3), ['npx', 'sagelite', 'serve']);
    const shared = await ServerProcess.start({ dataDir, extraArgs: [...serve.slice(3), '--offline-flush-interval', '50'] });
    servers.push(shared);
    assert.deepEqual(await snapshot(shared.url, who), before);

    // Records 1–3 were written before the move, 4–5 after: each is in the offline store once.
    const offline = await offlineRowsOnceDrained(shared.url, root, target.url, scratch);
    assert.deepEqual(offline.map((r) => String(r['id'])).sort(), RECORD_IDS);
    for (const r of offline) assert.equal(r['name'], `customer ${String(r['id'])}`);

    // The database now holds sagelite state: a second run is refused (SAGELITE_STATE names it), and nothing changes.
    const again = runCli(['migrate', '--data-dir', dataDir], { SAGELITE_STATE: target.url });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^sagelite migrate: postgres:\/\/.*: the PostgreSQL database already holds sagelite state \(table \w+ has rows\): migrate into an empty database; nothing was copied\n$/);
    assert.deepEqual((await snapshot(shared.url, who)).records, before.records);
  });
});
