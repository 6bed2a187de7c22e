import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { CROSS_ACCOUNT_ROLE, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { crossAccountCredentials, FeatureGroupClient, type CrossAccountCredentialsProvider, type IngestProgress, type Row } from '../../packages/sdk/src/index.js';
import { createGuideRoles, notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { rejection } from './iam-helpers.js';
import { SAMPLE_DIR } from './sample.js';

type Schema = { features: Array<{ name: string; type: string }>; record_identifier_feature_name: string; event_time_feature_name: string };
const schema = (name: string) => JSON.parse(readFileSync(join(SAMPLE_DIR, 'schema', `${name}.json`), 'utf8')) as Schema;

/** The sample's CSV rows as plain objects, typed by its schema (bigint, double → numbers), created_at = now. */
function sampleRows(name: 'customers' | 'purchases', createdAt: number): Row[] {
  const s = schema(name);
  const columns = s.features.filter((f) => f.name !== 'created_at');
  return readFileSync(join(SAMPLE_DIR, 'data', `${name}.csv`), 'utf8').split('\n').filter((l) => l.trim() !== '').map((line) => {
    const values = line.split(',');
    const row: Row = Object.fromEntries(columns.map((f, i) => [f.name, f.type === 'string' ? values[i]! : Number(values[i])]));
    return { ...row, created_at: createdAt };
  });
}

describe('SDK FeatureGroupClient: ingest, retry and typed reads from account A through B’s role (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let credentials: CrossAccountCredentialsProvider;
  let customersArn: string;
  const now = Math.floor(Date.now() / 1000);

  const createGroup = async (name: 'customers' | 'purchases') => {
    const s = schema(name);
    const type = (t: string) => (t === 'bigint' ? 'Integral' : t === 'double' ? 'Fractional' : 'String') as 'Integral' | 'Fractional' | 'String';
    const out = await new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new CreateFeatureGroupCommand({
      FeatureGroupName: name, RecordIdentifierFeatureName: s.record_identifier_feature_name, EventTimeFeatureName: s.event_time_feature_name,
      FeatureDefinitions: s.features.map((f) => ({ FeatureName: f.name, FeatureType: type(f.type) })), OnlineStoreConfig: { EnableOnlineStore: true },
    }));
    return out.FeatureGroupArn!;
  };

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    const g: GuideAccounts = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'sagemaker-athena-results-a' };
    await createGuideRoles(server.url, a, b, g);
    const notebook = await notebookCredentials(server, g);
    credentials = crossAccountCredentials({ roleArn: `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`, roleSessionName: 'ingest', sourceCredentials: notebook, endpoint: server.url });
    customersArn = await createGroup('customers');
    await createGroup('purchases');
  });
  after(() => server.stop());

  it('ingests the sample’s customers by ARN with progress, and reads them back typed (get, batchGet)', async () => {
    const customers = new FeatureGroupClient({ featureGroupName: customersArn, endpoint: server.url, credentials });
    const progress: IngestProgress[] = [];
    const rows = sampleRows('customers', now);
    const n = rows.length;
    const report = await customers.ingest(rows, { concurrency: 2, onProgress: (p) => progress.push(p) });
    assert.deepEqual(report, { total: n, succeeded: n, failed: [] });
    assert.deepEqual(progress.map((p) => p.done), rows.map((_, i) => i + 1));
    assert.deepEqual(progress.at(-1), { done: n, failed: 0, total: n });
    const [first, second, third, last] = [rows[0]!, rows[1]!, rows[2]!, rows.at(-1)!];
    assert.equal(typeof second['cid'], 'number');
    assert.deepEqual(await customers.get(second['cid'] as number), second, 'every feature typed as its definition says, a trailing space kept');
    assert.deepEqual(await customers.get(String(third['cid']), { features: ['age', 'city'] }), { age: third['age'], city: third['city'] });
    assert.ok(!rows.some((r) => r['cid'] === 9999));
    assert.equal(await customers.get(9999), undefined);
    const batch = await customers.batchGet([last['cid'] as number, 9999, first['cid'] as number], { features: ['cid', 'name'] });
    assert.deepEqual(batch, [{ cid: last['cid'], name: last['name'] }, undefined, { cid: first['cid'], name: first['name'] }]);
  });

  it('ingests the purchases with fractional amounts; 150 ids are read in two BatchGetRecord requests', async () => {
    const purchases = new FeatureGroupClient({ featureGroupName: 'purchases', endpoint: server.url, credentials });
    const rows = sampleRows('purchases', now);
    const report = await purchases.ingest(rows, { concurrency: 3 });
    assert.deepEqual(report, { total: rows.length, succeeded: rows.length, failed: [] });
    const [one, other] = [rows.at(-2)!, rows.at(-1)!];
    assert.ok(!Number.isInteger(one['purchase_amount']), 'a fractional amount');
    assert.deepEqual(await purchases.get(one['pid'] as number), one);
    assert.ok(rows.every((r) => (r['pid'] as number) < 100_000));
    const ids = Array.from({ length: 150 }, (_, i) => (i === 120 ? other['pid'] as number : 100_000 + i));
    const found = await purchases.batchGet(ids, { features: ['purchase_amount'] });
    assert.equal(found.length, 150);
    assert.deepEqual(found.filter((r) => r !== undefined), [{ purchase_amount: other['purchase_amount'] }]);
    assert.deepEqual(found[120], { purchase_amount: other['purchase_amount'] });
  });

  it('reports rows the service refuses with its code and message, never repeats them, and retries the fixed rows', async () => {
    let putCalls = 0;
    const runtimeClient = new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    runtimeClient.middlewareStack.add((next) => async (args) => {
      putCalls++;
      return next(args);
    }, { step: 'initialize' });
    const customers = new FeatureGroupClient({ featureGroupName: customersArn, endpoint: server.url, credentials, runtimeClient });
    const rows: Row[] = [
      { cid: 2001, name: 'fine', age: 40, created_at: now },
      { cid: 2002, name: 'wrong type', age: 'forty', created_at: now },
      { name: 'no identifier', age: 41, created_at: now },
      { cid: 2004, name: 'NaN age is left out', age: NaN, created_at: now },
      { cid: 2005, name: 'unknown feature', height: 180, created_at: now },
    ];
    const report = await customers.ingest(rows, { concurrency: 4, retries: 3 });
    assert.equal(report.total, 5);
    assert.equal(report.succeeded, 2);
    assert.deepEqual(report.failed.map((f) => [f.index, f.row.name, f.error.code]), [
      [1, 'wrong type', 'ValidationException'], [2, 'no identifier', 'ValidationException'], [4, 'unknown feature', 'ValidationException'],
    ]);
    assert.match(report.failed[0]!.error.message, /^Validation Error: Value "forty" of feature age in FeatureGroup customers is not a valid Integral/);
    assert.equal(report.failed[1]!.error.message, 'Validation Error: The record must have a value for its record identifier feature cid.');
    assert.equal(report.failed[2]!.error.message, 'Validation Error: Feature height is not defined in FeatureGroup customers.');
    assert.equal(putCalls, 5, 'a 4xx is not retried');
    assert.deepEqual(await customers.get(2004), { cid: 2004, name: 'NaN age is left out', created_at: now });

    const progress: IngestProgress[] = [];
    const fixed = await customers.retryFailed(report, {
      onProgress: (p) => progress.push(p),
      fix: (row, failure) => {
        if (failure.error.message.includes('is not a valid Integral')) return { ...row, age: 40 };
        if (failure.error.message.includes('record identifier')) return { ...row, cid: 2003 };
        return undefined; // the unknown feature stays failed
      },
    });
    assert.equal(fixed.succeeded, 4);
    assert.deepEqual(fixed.failed.map((f) => f.index), [4]);
    assert.deepEqual(progress.at(-1), { done: 5, failed: 1, total: 5 });
    assert.deepEqual(await customers.batchGet([2002, 2003], { features: ['age'] }), [{ age: 40 }, { age: 41 }]);
  });

  it('repeats rows after network failures, with backoff, and reports them with the socket error when retries run out', async () => {
    const customers = new FeatureGroupClient({
      featureGroupName: customersArn,
      sagemakerClient: new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials }),
      runtimeClient: new SageMakerFeatureStoreRuntimeClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials, maxAttempts: 1 }),
    });
    const waits: number[] = [];
    const report = await customers.ingest([{ cid: 3001, created_at: now }], { retries: 2, baseDelayMs: 10, sleep: async (ms) => void waits.push(ms) });
    assert.equal(report.succeeded, 0);
    assert.equal(report.failed[0]!.error.code, 'ECONNREFUSED');
    assert.equal(waits.length, 2, 'two retries after the first attempt');
  });

  it('a group that does not exist fails the whole ingestion with SageMaker’s error', async () => {
    const missing = new FeatureGroupClient({ featureGroupName: 'nothing-here', endpoint: server.url, credentials });
    const e = await rejection(missing.ingest([{ id: 1 }]));
    assert.equal(e.name, 'ResourceNotFound');
    assert.match(e.message, /FeatureGroup.*nothing-here/);
  });
});
