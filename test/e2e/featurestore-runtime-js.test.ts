import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  BatchGetRecordCommand, DeleteRecordCommand, GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient, type FeatureValue,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { CROSS_ACCOUNT_ROLE, DEFAULT_EXECUTION_ROLE, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { createGuideRoles, notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';
import { SAMPLE_DIR, sampleCsv } from './sample.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const SAMPLE = SAMPLE_DIR;

/** The sample's schema (sagelite's own, data/cross-account-sample), mapped as the guide's notebooks map it. */
function sampleSchema(name: 'customers' | 'purchases') {
  const s = JSON.parse(readFileSync(join(SAMPLE, 'schema', `${name}.json`), 'utf8')) as {
    description: string; features: Array<{ name: string; type: string }>; record_identifier_feature_name: string; event_time_feature_name: string; tags: Array<{ Key: string; Value: string }>;
  };
  const type = (t: string) => (t === 'bigint' ? 'Integral' : t === 'double' ? 'Fractional' : 'String') as 'Integral' | 'Fractional' | 'String';
  return { ...s, definitions: s.features.map((f) => ({ FeatureName: f.name, FeatureType: type(f.type) })) };
}

/** The sample's rows as PutRecord records: every value a string, created_at = now, as its notebook ingests them. */
function sampleRecords(name: 'customers' | 'purchases', createdAt: number): FeatureValue[][] {
  const schema = sampleSchema(name);
  const columns = schema.features.map((f) => f.name).filter((n) => n !== 'created_at');
  return readFileSync(join(SAMPLE, 'data', `${name}.csv`), 'utf8').split('\n').filter((l) => l.trim() !== '').map((line) => [
    ...line.split(',').map((v, i) => ({ FeatureName: columns[i]!, ValueAsString: v })),
    { FeatureName: 'created_at', ValueAsString: String(createdAt) },
  ]);
}

/** The sample's ids, by row: the tests below address records by these. */
const cid = (row: number) => sampleCsv('customers')[row]![0]!;
const pid = (row: number) => sampleCsv('purchases')[row]![0]!;

const runtime = (url: string, credentials: Creds) => new SageMakerFeatureStoreRuntimeClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const sagemaker = (url: string, credentials: Creds) => new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });

describe('Feature Store runtime: the sample replayed in account B and from account A through the assumed role (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  let assumed: Creds;
  let notebook: Creds;
  let customersArn: string;
  let purchasesArn: string;
  const now = Math.floor(Date.now() / 1000);

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'sagemaker-athena-results-a' };
    const inB = iamClient(server.url, b);
    await inB.send(new CreateRoleCommand({ RoleName: 'feature-store-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    await createGuideRoles(server.url, a, b, g);
    notebook = await notebookCredentials(server, g);
    const role = await new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: notebook, maxAttempts: 1 }).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`, RoleSessionName: 'notebook' }),
    );
    assumed = { accessKeyId: role.Credentials!.AccessKeyId!, secretAccessKey: role.Credentials!.SecretAccessKey!, sessionToken: role.Credentials!.SessionToken! };
  });
  after(() => server.stop());

  it('account B: creates customers from the schema, puts every row, gets each back and batch-gets them all', async () => {
    const schema = sampleSchema('customers');
    const created = await sagemaker(server.url, b).send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'customers', RecordIdentifierFeatureName: schema.record_identifier_feature_name, EventTimeFeatureName: schema.event_time_feature_name,
      FeatureDefinitions: schema.definitions, OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/customers' } }, RoleArn: `arn:aws:iam::${b.accountId}:role/feature-store-offline`,
      Description: schema.description, Tags: schema.tags,
    }));
    customersArn = created.FeatureGroupArn!;
    const rt = runtime(server.url, b);
    const rows = sampleRecords('customers', now);
    for (const Record of rows) await rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record }));
    for (const Record of rows) {
      const got = await rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: Record[0]!.ValueAsString! }));
      assert.deepEqual(got.Record, Record, 'values come back exactly as put, a trailing space included');
      assert.equal(got.ExpiresAt, undefined);
    }
    const batch = await rt.send(new BatchGetRecordCommand({ Identifiers: [{ FeatureGroupName: 'customers', RecordIdentifiersValueAsString: rows.map((r) => r[0]!.ValueAsString!), FeatureNames: ['cid', 'state'] }] }));
    assert.deepEqual(batch.Records!.map((r) => r.Record!.map((v) => v.ValueAsString)), sampleCsv('customers').map((c) => [c[0], c[6]]));
    assert.deepEqual(batch.Errors, []);
    assert.deepEqual(batch.UnprocessedIdentifiers, []);
  });

  it('account A through the assumed role: creates purchases in B, ingests it, and reads both groups by ARN', async () => {
    const schema = sampleSchema('purchases');
    const created = await sagemaker(server.url, assumed).send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'purchases', RecordIdentifierFeatureName: schema.record_identifier_feature_name, EventTimeFeatureName: schema.event_time_feature_name,
      FeatureDefinitions: schema.definitions, OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/purchases' } }, RoleArn: `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`,
      Description: schema.description, Tags: schema.tags,
    }));
    purchasesArn = created.FeatureGroupArn!;
    assert.equal(purchasesArn, `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/purchases`);
    const rt = runtime(server.url, assumed);
    const rows = sampleRecords('purchases', now);
    for (const Record of rows) await rt.send(new PutRecordCommand({ FeatureGroupName: purchasesArn, Record }));
    const one = await rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(0) }));
    assert.deepEqual(one.Record, rows[0]);
    // The notebook's last step: put and get a record in B's existing customers group (a new customer).
    assert.ok(!sampleCsv('customers').some((c) => c[0] === '1006'));
    await rt.send(new PutRecordCommand({ FeatureGroupName: customersArn, Record: [{ FeatureName: 'cid', ValueAsString: '1006' }, { FeatureName: 'name', ValueAsString: 'frank' }, { FeatureName: 'created_at', ValueAsString: String(now) }] }));
    const frank = await rt.send(new GetRecordCommand({ FeatureGroupName: customersArn, RecordIdentifierValueAsString: '1006', FeatureNames: ['name'] }));
    assert.deepEqual(frank.Record, [{ FeatureName: 'name', ValueAsString: 'frank' }]);
    const batch = await rt.send(new BatchGetRecordCommand({
      Identifiers: [
        { FeatureGroupName: customersArn, RecordIdentifiersValueAsString: [cid(0), '1006', '9999'] },
        { FeatureGroupName: purchasesArn, RecordIdentifiersValueAsString: [pid(1), pid(4)], FeatureNames: ['product_name'] },
        { FeatureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/nothing-here`, RecordIdentifiersValueAsString: ['1'] },
      ],
    }));
    assert.deepEqual(batch.Records!.map((r) => `${r.FeatureGroupName!.split('/')[1]}:${r.RecordIdentifierValueAsString}`), [`customers:${cid(0)}`, 'customers:1006', `purchases:${pid(1)}`, `purchases:${pid(4)}`]);
    assert.deepEqual(batch.Records![2]!.Record, [{ FeatureName: 'product_name', ValueAsString: sampleCsv('purchases')[1]![2] }]);
    assert.deepEqual(batch.Errors!.map((e) => [e.RecordIdentifierValueAsString, e.ErrorCode]), [['1', 'ResourceNotFound']]);
    assert.deepEqual(batch.UnprocessedIdentifiers, []);
  });

  it('account A with its own credentials on B’s ARN is denied: feature groups have no resource policy', async () => {
    const rt = runtime(server.url, notebook);
    const who = `arn:aws:sts::${a.accountId}:assumed-role/${DEFAULT_EXECUTION_ROLE}/SageMaker`;
    await assertAwsError(rt.send(new GetRecordCommand({ FeatureGroupName: customersArn, RecordIdentifierValueAsString: cid(0) })), 'AccessDeniedException', 400,
      `User: ${who} is not authorized to perform: sagemaker:GetRecord on resource: ${customersArn} because no resource-based policy allows the sagemaker:GetRecord action`);
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: customersArn, Record: [{ FeatureName: 'cid', ValueAsString: '1' }] })), 'AccessDeniedException', 400, /sagemaker:PutRecord/);
    const batch = await rt.send(new BatchGetRecordCommand({ Identifiers: [{ FeatureGroupName: customersArn, RecordIdentifiersValueAsString: [cid(0)] }] }));
    assert.deepEqual(batch.Records, []);
    assert.equal(batch.Errors![0]!.ErrorCode, 'AccessDeniedException');
    // Its own name resolves in its own account, where no such group exists.
    await assertAwsError(rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: cid(0) })), 'ResourceNotFound', 404,
      "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name customers");
  });

  it('the assumed role works exactly as far as B’s policies allow: an explicit deny in B stops reads of one group', async () => {
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['sagemaker:GetRecord', 'sagemaker:BatchGetRecord'], Resource: purchasesArn }] });
    await iamClient(server.url, b).send(new PutRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyName: 'no-purchases', PolicyDocument: deny }));
    try {
      const rt = runtime(server.url, assumed);
      await assertAwsError(rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(0) })), 'AccessDeniedException', 400,
        /sagemaker:GetRecord on resource: .*feature-group\/purchases with an explicit deny in an identity-based policy/);
      const batch = await rt.send(new BatchGetRecordCommand({ Identifiers: [
        { FeatureGroupName: purchasesArn, RecordIdentifiersValueAsString: [pid(0)] },
        { FeatureGroupName: customersArn, RecordIdentifiersValueAsString: [cid(0)] },
      ] }));
      assert.deepEqual(batch.Records!.map((r) => r.RecordIdentifierValueAsString), [cid(0)], 'the other group is still read');
      assert.deepEqual(batch.Errors!.map((e) => [e.FeatureGroupName, e.ErrorCode]), [[purchasesArn, 'AccessDeniedException']]);
      await rt.send(new PutRecordCommand({ FeatureGroupName: purchasesArn, Record: sampleRecords('purchases', now + 1)[0]! }));
    } finally {
      await iamClient(server.url, b).send(new DeleteRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyName: 'no-purchases' }));
    }
  });

  it('deletes from A by ARN: soft by default (hidden, later puts older than it stay hidden), hard on request, stale hard deletes refused', async () => {
    const rt = runtime(server.url, assumed);
    await rt.send(new DeleteRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(1), EventTime: String(now + 10) }));
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(1) }))).Record, undefined);
    await rt.send(new PutRecordCommand({ FeatureGroupName: purchasesArn, Record: sampleRecords('purchases', now + 5)[1]! }));
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(1) }))).Record, undefined, 'older than the delete: offline only');
    await assertAwsError(
      rt.send(new DeleteRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(2), EventTime: String(now - 10), DeletionMode: 'HardDelete' })),
      'ValidationException', 400, new RegExp(`^Validation Error: EventTime \\d+ is not later than the EventTime of record ${pid(2)} in the OnlineStore`),
    );
    assert.ok((await rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(2) }))).Record);
    await rt.send(new DeleteRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(2), EventTime: String(now + 10), DeletionMode: 'HardDelete' }));
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(2) }))).Record, undefined);
    await rt.send(new PutRecordCommand({ FeatureGroupName: purchasesArn, Record: sampleRecords('purchases', now - 100)[2]! }));
    assert.ok((await rt.send(new GetRecordCommand({ FeatureGroupName: purchasesArn, RecordIdentifierValueAsString: pid(2) }))).Record, 'hard-deleted means gone: any event time is new again');
  });
});
