import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { SAMPLE_DIR, sampleCsv } from './sample.js';
import { listObjects, readParquet } from '../support/offline-store-s3.js';

const EXAMPLES = SAMPLE_DIR;

const PRELUDE = `
import csv, json, os, time, boto3, botocore
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'})
sm = boto3.client('sagemaker', config=cfg)
rt = boto3.client('sagemaker-featurestore-runtime', config=cfg)
s3 = boto3.client('s3', config=cfg)
iam = boto3.client('iam', config=cfg)
out = {}
def wait(fn, seconds=20):
    end = time.time() + seconds
    while True:
        v = fn()
        if v: return v
        if time.time() > end: raise Exception('timed out')
        time.sleep(0.05)
def keys(bucket, prefix):
    return [o['Key'] for p in s3.get_paginator('list_objects_v2').paginate(Bucket=bucket, Prefix=prefix) for o in p.get('Contents', [])]
`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

/** The guide's customers schema (bigint → Integral, double → Fractional, string → String). */
function customerDefinitions(): Array<{ FeatureName: string; FeatureType: string }> {
  const schema = JSON.parse(readFileSync(join(EXAMPLES, 'schema', 'customers.json'), 'utf8')) as { features: Array<{ name: string; type: string }> };
  const type: Record<string, string> = { bigint: 'Integral', double: 'Fractional', string: 'String' };
  return schema.features.map((f) => ({ FeatureName: f.name, FeatureType: type[f.type]! }));
}

describe('offline store with boto3: the guide’s customers group lands as Parquet at SageMaker’s layout', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let a: AccountKeys;
  let scratch: string;
  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100'] });
    b = createAccount(server.dataDir, 'central');
    a = createAccount(server.dataDir, 'producer');
    scratch = mkdtempSync(join(tmpdir(), 'sagelite-offline-boto3-'));
  });
  after(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('puts every customer and lists their objects under ResolvedOutputS3Uri; DuckDB reads the rows back typed', async () => {
    const out = boto(`
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'sagemaker.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
role = iam.create_role(RoleName='fs-offline', AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn']
iam.attach_role_policy(RoleName='fs-offline', PolicyArn='arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess')
s3.create_bucket(Bucket='sagemaker-central-offline')
sm.create_feature_group(FeatureGroupName='customers', RecordIdentifierFeatureName='cid', EventTimeFeatureName='created_at',
    FeatureDefinitions=json.loads(os.environ['DEFS']), OnlineStoreConfig={'EnableOnlineStore': True},
    OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://sagemaker-central-offline/customers'}}, RoleArn=role)
d = wait(lambda: (lambda g: g if g['FeatureGroupStatus'] == 'Created' else None)(sm.describe_feature_group(FeatureGroupName='customers')))
uri = d['OfflineStoreConfig']['S3StorageConfig']['ResolvedOutputS3Uri']
now = int(time.time())
rows = list(csv.reader(open(os.environ['CSV'])))
for cid, name, age, marital, sex, city, state in [[c.strip() for c in r] for r in rows if r]:
    values = {'cid': cid, 'name': name, 'age': age, 'marital_status': marital, 'sex': sex, 'city': city, 'state': state, 'created_at': str(now)}
    rt.put_record(FeatureGroupName='customers', Record=[{'FeatureName': k, 'ValueAsString': v} for k, v in values.items()])
prefix = uri.split('/', 3)[3] + '/'
out['uri'] = uri
out['epoch'] = int(d['CreationTime'].timestamp())
out['now'] = now
out['count'] = len([r for r in rows if r])
out['keys'] = wait(lambda: keys('sagemaker-central-offline', prefix) or None)
out['status'] = sm.describe_feature_group(FeatureGroupName='customers')['OfflineStoreStatus']
`, { ...clientEnv(server.url, b), DEFS: JSON.stringify(customerDefinitions()), CSV: join(EXAMPLES, 'data', 'customers.csv') });
    const epoch = out['epoch'] as number;
    const now = out['now'] as number;
    assert.equal(out['uri'], `s3://sagemaker-central-offline/customers/${b.accountId}/sagemaker/us-east-1/offline-store/customers-${epoch}/data`);
    assert.deepEqual(out['status'], { Status: 'Active' });
    const keys = out['keys'] as string[];
    const d = new Date(now * 1000);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const hour = `customers/${b.accountId}/sagemaker/us-east-1/offline-store/customers-${epoch}/data/year=${d.getUTCFullYear()}/month=${p2(d.getUTCMonth() + 1)}/day=${p2(d.getUTCDate())}/hour=${p2(d.getUTCHours())}/`;
    for (const key of keys) assert.match(key, new RegExp(`^${hour.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d{8}T\\d{6}Z_[A-Za-z0-9]{16}\\.parquet$`));
    // Rows put across a flush land in more than one object: read until every customer is there.
    const prefix = hour.slice(0, hour.indexOf('year='));
    let rows: Record<string, unknown>[] = [];
    for (const deadline = Date.now() + 10_000; rows.length < (out['count'] as number) && Date.now() < deadline; ) {
      rows = [];
      for (const key of await listObjects(server.url, b, 'sagemaker-central-offline', prefix)) {
        const { rows: r, types } = await readParquet(server.url, b, 'sagemaker-central-offline', key, scratch);
        assert.deepEqual(types, ['cid BIGINT', 'name VARCHAR', 'age BIGINT', 'marital_status VARCHAR', 'sex VARCHAR', 'city VARCHAR', 'state VARCHAR', 'created_at DOUBLE', 'write_time TIMESTAMP', 'api_invocation_time TIMESTAMP', 'is_deleted BOOLEAN']);
        rows.push(...r);
      }
    }
    const csv = sampleCsv('customers');
    assert.equal(out['count'], csv.length);
    assert.deepEqual(rows.map((r) => r['cid']).sort(), csv.map((c) => BigInt(c[0]!)).sort());
    // The script above puts each value stripped of surrounding spaces.
    for (const [cid, name, age, marital, sex, city, state] of csv.map((c) => c.map((v) => v.trim()))) {
      const row = rows.find((r) => r['cid'] === BigInt(cid!))!;
      assert.deepEqual([row['name'], row['age'], row['marital_status'], row['sex'], row['city'], row['state'], row['created_at'], row['is_deleted']],
        [name, BigInt(age!), marital, sex, city, state, now, false], `customer ${cid}, typed as its schema says`);
    }
  });

  it('writes a group of account A into account B’s bucket only once B’s bucket policy lets A’s role in (Blocked until then)', () => {
    const envA = clientEnv(server.url, a);
    const envB = clientEnv(server.url, b);
    boto(`s3.create_bucket(Bucket='central-offline-for-a')`, envB);
    const created = boto(`
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'sagemaker.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
role = iam.create_role(RoleName='fs-offline-a', AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn']
iam.put_role_policy(RoleName='fs-offline-a', PolicyName='write', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::central-offline-for-a/*'}]}))
sm.create_feature_group(FeatureGroupName='events', RecordIdentifierFeatureName='id', EventTimeFeatureName='ts',
    FeatureDefinitions=[{'FeatureName': 'id', 'FeatureType': 'String'}, {'FeatureName': 'ts', 'FeatureType': 'String'}],
    OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://central-offline-for-a/a'}}, RoleArn=role)
wait(lambda: sm.describe_feature_group(FeatureGroupName='events')['FeatureGroupStatus'] == 'Created')
rt.put_record(FeatureGroupName='events', Record=[{'FeatureName': 'id', 'ValueAsString': 'e1'}, {'FeatureName': 'ts', 'ValueAsString': '2021-03-04T05:06:07Z'}])
out['blocked'] = wait(lambda: (lambda s: s if s['Status'] == 'Blocked' else None)(sm.describe_feature_group(FeatureGroupName='events')['OfflineStoreStatus']))
out['role'] = role
`, envA);
    assert.match((created['blocked'] as { BlockedReason: string }).BlockedReason, /AccessDenied: .*fs-offline-a\/SageMaker is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::central-offline-for-a\/a\/.*because no resource-based policy allows/);
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: created['role'] }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::central-offline-for-a/*' }] };
    boto(`s3.put_bucket_policy(Bucket='central-offline-for-a', Policy=json.dumps(json.loads(os.environ['POLICY'])))`, { ...envB, POLICY: JSON.stringify(policy) });
    const active = boto(`out['status'] = wait(lambda: (lambda s: s if s['Status'] == 'Active' else None)(sm.describe_feature_group(FeatureGroupName='events')['OfflineStoreStatus']), 60)`, envA);
    assert.deepEqual(active['status'], { Status: 'Active' });
    const listed = boto(`out['keys'] = wait(lambda: keys('central-offline-for-a', 'a/${a.accountId}/sagemaker/us-east-1/offline-store/events-') or None)`, envB);
    assert.match((listed['keys'] as string[])[0]!, /^a\/\d{12}\/sagemaker\/us-east-1\/offline-store\/events-\d+\/data\/year=2021\/month=03\/day=04\/hour=05\/20210304T050607Z_[A-Za-z0-9]{16}\.parquet$/);
  });
});
