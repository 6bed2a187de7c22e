import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetDatabaseCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient, UpdateFeatureGroupCommand, type CreateFeatureGroupCommandInput } from '@aws-sdk/client-sagemaker';
import { PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { readAllParquet } from '../support/offline-store-s3.js';
import { assertAwsError } from './iam-helpers.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const putObjectOn = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }] });

function clients(url: string, a: AccountKeys) {
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }, maxAttempts: 1 };
  return { sm: new SageMakerClient(config), rt: new SageMakerFeatureStoreRuntimeClient(config), iam: new IAMClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}
type Clients = ReturnType<typeof clients>;

/** A role SageMaker may assume (writing `bucket` only when `writable`), the bucket, and a group whose offline store is there. */
async function offlineGroup(c: Clients, account: string, name: string, bucket: string, writable: boolean): Promise<string> {
  await c.iam.send(new CreateRoleCommand({ RoleName: `${name}-offline`, AssumeRolePolicyDocument: TRUST }));
  if (writable) await c.iam.send(new PutRolePolicyCommand({ RoleName: `${name}-offline`, PolicyName: 'write', PolicyDocument: putObjectOn(bucket) }));
  await c.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await c.sm.send(new CreateFeatureGroupCommand({
    FeatureGroupName: name,
    RecordIdentifierFeatureName: 'id',
    EventTimeFeatureName: 'ts',
    FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'payload', FeatureType: 'String' }],
    OnlineStoreConfig: { EnableOnlineStore: true },
    OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${bucket}/fs` } },
    RoleArn: `arn:aws:iam::${account}:role/${name}-offline`,
  }));
  const described = await c.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
  return described.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!.replace(`s3://${bucket}/`, '') + '/';
}

/** `count` PutRecords into `group`, `concurrency` at a time; ids are `<prefix><n>`. */
async function ingest(c: Clients, group: string, prefix: string, count: number, concurrency = 25): Promise<void> {
  const ts = String(Math.floor(Date.now() / 1000));
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, i) => start + i);
    await Promise.all(batch.map((n) => c.rt.send(new PutRecordCommand({
      FeatureGroupName: group,
      Record: [{ FeatureName: 'id', ValueAsString: `${prefix}${n}` }, { FeatureName: 'ts', ValueAsString: ts }, { FeatureName: 'payload', ValueAsString: 'x'.repeat(64) }],
    }))));
  }
}

describe('hostile tenants: one account’s blocked offline store does not hold up another account’s', () => {
  let server: ServerProcess;
  let scratch: string;
  let a: AccountKeys;
  let b: AccountKeys;
  before(async () => {
    // A short interval keeps the failing group's backoff cap short (32 intervals), so recovery is quick to show.
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '200'] });
    scratch = mkdtempSync(join(tmpdir(), 'sagelite-hostile-fs-'));
    a = createAccount(server.dataDir, 'flooder');
    b = createAccount(server.dataDir, 'bystander');
  });
  after(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes B’s records to B’s offline store while A’s group, whose role may not write, holds a backlog of thousands; A’s records wait and land once A fixes its role', { timeout: 120_000 }, async () => {
    const inA = clients(server.url, a);
    const inB = clients(server.url, b);
    const aBucket = `flood-sagemaker-${a.accountId}`;
    const bBucket = `bystander-sagemaker-${b.accountId}`;
    const aPrefix = await offlineGroup(inA, a.accountId, 'flood', aBucket, false);
    const bPrefix = await offlineGroup(inB, b.accountId, 'quiet', bBucket, true);

    const backlog = 3000;
    await ingest(inA, 'flood', 'a', backlog);
    await ingest(inB, 'quiet', 'b', 5);

    let bRows: Array<Record<string, unknown>> = [];
    for (const deadline = Date.now() + 45_000; Date.now() < deadline && bRows.length < 5; await sleep(200)) {
      bRows = await readAllParquet(server.url, b, bBucket, bPrefix, scratch);
    }
    assert.deepEqual(bRows.map((r) => r['id']).sort(), ['b0', 'b1', 'b2', 'b3', 'b4'], 'B’s records reached B’s offline store');

    const blocked = (await inA.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'flood' }))).OfflineStoreStatus!;
    assert.equal(blocked.Status, 'Blocked');
    assert.match(blocked.BlockedReason!, new RegExp(`^Unable to write to s3://${aBucket}/.*: AccessDenied: .*assumed-role/flood-offline/SageMaker is not authorized to perform: s3:PutObject`));
    assert.deepEqual(await readAllParquet(server.url, a, aBucket, aPrefix, scratch), [], 'nothing of A’s was written');
    assert.equal((await inB.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'quiet' }))).OfflineStoreStatus!.Status, 'Active');

    // Nothing acknowledged is lost: once A's role may write, every one of A's records lands, once.
    await inA.iam.send(new PutRolePolicyCommand({ RoleName: 'flood-offline', PolicyName: 'write', PolicyDocument: putObjectOn(aBucket) }));
    let aRows: Array<Record<string, unknown>> = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && aRows.length < backlog; await sleep(500)) {
      aRows = await readAllParquet(server.url, a, aBucket, aPrefix, scratch);
    }
    assert.equal(aRows.length, backlog);
    assert.equal(new Set(aRows.map((r) => r['id'])).size, backlog);
    assert.equal((await inA.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'flood' }))).OfflineStoreStatus!.Status, 'Active');
  });
});

describe('hostile callers: CreateFeatureGroup creates Glue entries only with the caller’s own Glue permissions', () => {
  let server: ServerProcess;
  let c: AccountKeys;
  let root: Clients;
  let glue: GlueClient;
  let offlineRole: string;
  const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
  const group = (name: string, over: Partial<CreateFeatureGroupCommandInput> = {}): CreateFeatureGroupCommandInput => ({
    FeatureGroupName: name, RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts',
    FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }],
    OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-c/fs' } }, RoleArn: offlineRole, ...over,
  });
  async function userWith(name: string, document: string): Promise<SageMakerClient> {
    await root.iam.send(new CreateUserCommand({ UserName: name }));
    await root.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }));
    const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
  }
  const tableNames = async () => (await glue.send(new GetTablesCommand({ DatabaseName: 'sagemaker_featurestore' }))).TableList!.map((t) => t.Name);

  before(async () => {
    server = await ServerProcess.start();
    c = createAccount(server.dataDir, 'glue-denied');
    root = clients(server.url, c);
    glue = new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey }, maxAttempts: 1 });
    offlineRole = (await root.iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
  });
  after(() => server.stop());

  it('refuses a caller with an explicit Deny on glue:* with AccessDeniedException, and leaves no database, table or group behind', async () => {
    const denied = await userWith('glue-denied', policy(allowAll, { Effect: 'Deny', Action: 'glue:*', Resource: '*' }));
    await assertAwsError(denied.send(new CreateFeatureGroupCommand(group('denied'))), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${c.accountId}:user/glue-denied is not authorized to perform: glue:CreateDatabase on resource: arn:aws:glue:us-east-1:${c.accountId}:catalog with an explicit deny in an identity-based policy`);
    await assertAwsError(glue.send(new GetDatabaseCommand({ Name: 'sagemaker_featurestore' })), 'EntityNotFoundException', 400, /sagemaker_featurestore/);
    await assertAwsError(root.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'denied' })), 'ResourceNotFound', 400, /denied/);

    // Once the database exists (another principal made a group), the table is what is refused.
    await root.sm.send(new CreateFeatureGroupCommand(group('by-root')));
    assert.equal((await tableNames()).length, 1);
    await assertAwsError(denied.send(new CreateFeatureGroupCommand(group('denied', { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-c/fs' }, DataCatalogConfig: { Catalog: 'AwsDataCatalog', Database: 'sagemaker_featurestore', TableName: 'mine' } } }))),
      'AccessDeniedException', 400, `User: arn:aws:iam::${c.accountId}:user/glue-denied is not authorized to perform: glue:CreateTable on resource: arn:aws:glue:us-east-1:${c.accountId}:catalog with an explicit deny in an identity-based policy`);
    assert.equal((await tableNames()).length, 1, 'no table added');
    await assertAwsError(root.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'denied' })), 'ResourceNotFound', 400, /denied/);

    // FeatureAdditions update the Glue table: glue:UpdateTable, refused alike, the group unchanged.
    await assertAwsError(denied.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'by-root', FeatureAdditions: [{ FeatureName: 'extra', FeatureType: 'String' }] })), 'AccessDeniedException', 400,
      /is not authorized to perform: glue:UpdateTable on resource: arn:aws:glue:us-east-1:\d+:catalog with an explicit deny in an identity-based policy$/);
    assert.equal((await root.sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'by-root' }))).FeatureDefinitions!.length, 2);

    // Without a Glue table to create (DisableGlueTableCreation), nothing Glue-side is asked.
    const created = await denied.send(new CreateFeatureGroupCommand(group('no-table', { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-c/fs' }, DisableGlueTableCreation: true } })));
    assert.match(created.FeatureGroupArn!, /feature-group\/no-table$/);
    assert.equal((await tableNames()).length, 1);
  });

  it('needs an Allow for the Glue writes, as AmazonSageMakerFullAccess grants them (sagemaker:* alone is not enough)', async () => {
    const sagemakerOnly = await userWith('sagemaker-only', policy({ Effect: 'Allow', Action: ['sagemaker:*', 'iam:PassRole'], Resource: '*' }));
    await assertAwsError(sagemakerOnly.send(new CreateFeatureGroupCommand(group('implicit'))), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${c.accountId}:user/sagemaker-only is not authorized to perform: glue:CreateTable on resource: arn:aws:glue:us-east-1:${c.accountId}:catalog because no identity-based policy allows the glue:CreateTable action`);
    const scoped = await userWith('feature-store-author', policy(
      { Effect: 'Allow', Action: ['sagemaker:*', 'iam:PassRole'], Resource: '*' },
      { Effect: 'Allow', Action: 'glue:CreateTable', Resource: ['arn:aws:glue:*:*:catalog', 'arn:aws:glue:*:*:database/*', 'arn:aws:glue:*:*:table/sagemaker_featurestore/*'] },
    ));
    await scoped.send(new CreateFeatureGroupCommand(group('allowed')));
    assert.ok((await tableNames()).some((n) => n!.startsWith('allowed_')));
  });
});
