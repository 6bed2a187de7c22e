import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import type { GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { notebookCredentials } from './guide-setup.js';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { SAMPLE_DIR, sampleCsv, sampleSchemaFile } from './sample.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'sagelite.js');

/**
 * The guide's notebook 2 (account A) with boto3 on sagelite's sample, end to end through B's role:
 * the parts the other boto3 tests leave out — waiting for the offline store, Athena over B's table with the
 * results in A's bucket, the canonical-user ACL grant, the training set read as A, and A writing
 * to B's existing group.
 */
const NOTEBOOK = `
import csv, json, os, time, boto3, botocore
from botocore.config import Config
${BOTO_ERR}
cfg = Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'})
E = os.environ
out = {}
def wait(fn, seconds=30):
    end = time.time() + seconds
    while True:
        v = fn()
        if v: return v
        if time.time() > end: raise Exception('timed out')
        time.sleep(0.1)
notebook = boto3.Session(aws_access_key_id=E['NB_KEY'], aws_secret_access_key=E['NB_SECRET'], aws_session_token=E['NB_TOKEN'], region_name='us-east-1')
a_root = boto3.Session(aws_access_key_id=E['A_KEY'], aws_secret_access_key=E['A_SECRET'], region_name='us-east-1')
b_root = boto3.Session(aws_access_key_id=E['B_KEY'], aws_secret_access_key=E['B_SECRET'], region_name='us-east-1')
results, offline, role = E['RESULTS'], E['OFFLINE'], E['CROSS_ROLE']

# The results bucket lets writers own their objects, as the sample needs for its ACL step.
a_root.client('s3', config=cfg).put_bucket_ownership_controls(Bucket=results, OwnershipControls={'Rules': [{'ObjectOwnership': 'ObjectWriter'}]})

# Notebook 1 in B: the customers group, one record.
b_sm = b_root.client('sagemaker', config=cfg)
defs = lambda name: [{'FeatureName': f['name'], 'FeatureType': {'bigint': 'Integral', 'double': 'Fractional'}.get(f['type'], 'String')} for f in json.load(open(os.path.join(E['SAMPLE'], 'schema', name + '.json')))['features']]
b_sm.create_feature_group(FeatureGroupName='customers', RecordIdentifierFeatureName='cid', EventTimeFeatureName='created_at', FeatureDefinitions=defs('customers'),
    OnlineStoreConfig={'EnableOnlineStore': True}, OfflineStoreConfig={'S3StorageConfig': {'S3Uri': f's3://{offline}/customers'}}, RoleArn=E['OFFLINE_ROLE'])

# Notebook 2 in A: assume B's role and build the clients from the temporary credentials.
c = notebook.client('sts', config=cfg).assume_role(RoleArn=role, RoleSessionName='notebook-2', DurationSeconds=3600)['Credentials']
b = boto3.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'], region_name='us-east-1')
sm, rt, athena, s3b = b.client('sagemaker', config=cfg), b.client('sagemaker-featurestore-runtime', config=cfg), b.client('athena', config=cfg), b.client('s3', config=cfg)
sm.create_feature_group(FeatureGroupName='purchases', RecordIdentifierFeatureName='pid', EventTimeFeatureName='created_at', FeatureDefinitions=defs('purchases'),
    OnlineStoreConfig={'EnableOnlineStore': True}, OfflineStoreConfig={'S3StorageConfig': {'S3Uri': f's3://{offline}/purchases'}}, RoleArn=E['OFFLINE_ROLE'])
d = wait(lambda: (lambda g: g if g['FeatureGroupStatus'] == 'Created' else None)(sm.describe_feature_group(FeatureGroupName='purchases')))
now = str(time.time())
names = [f['FeatureName'] for f in defs('purchases') if f['FeatureName'] != 'created_at']
rows = [r for r in csv.reader(open(os.path.join(E['SAMPLE'], 'data', 'purchases.csv'))) if r]
for r in rows:
    rt.put_record(FeatureGroupName='purchases', Record=[{'FeatureName': n, 'ValueAsString': v} for n, v in zip(names, r)] + [{'FeatureName': 'created_at', 'ValueAsString': now}])
out['get'] = {f['FeatureName']: f['ValueAsString'] for f in rt.get_record(FeatureGroupName='purchases', RecordIdentifierValueAsString=rows[0][0])['Record']}

# Wait for the offline store (list_objects v1, as the sample polls), then Athena by the Glue table name.
prefix = d['OfflineStoreConfig']['S3StorageConfig']['ResolvedOutputS3Uri'].split('/', 3)[3]
wait(lambda: s3b.list_objects(Bucket=offline, Prefix=prefix).get('Contents'))
table = d['OfflineStoreConfig']['DataCatalogConfig']['TableName']
def query(sql):
    qid = athena.start_query_execution(QueryString=sql, QueryExecutionContext={'Database': 'sagemaker_featurestore', 'Catalog': 'AwsDataCatalog'},
        ResultConfiguration={'OutputLocation': f's3://{results}/query_results/purchases/'})['QueryExecutionId']
    return wait(lambda: (lambda q: q if q['Status']['State'] in ('SUCCEEDED', 'FAILED', 'CANCELLED') else None)(athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']))
q = query(f'SELECT * FROM "{table}"')
# Rows land in flushes: query again until all of them are there.
for _ in range(40):
    n = len(athena.get_query_results(QueryExecutionId=q['QueryExecutionId'])['ResultSet']['Rows']) - 1
    if q['Status']['State'] != 'SUCCEEDED' or n >= len(rows): break
    time.sleep(0.25)
    q = query(f'SELECT * FROM "{table}"')
out['state'] = q['Status']['State']
res = athena.get_query_results(QueryExecutionId=q['QueryExecutionId'])['ResultSet']
out['header'] = [d.get('VarCharValue') for d in res['Rows'][0]['Data']]
out['pids'] = sorted(r['Data'][0]['VarCharValue'] for r in res['Rows'][1:])
location = q['ResultConfiguration']['OutputLocation']
key = location.split('/', 3)[3]
out['location'] = location

# The canonical users, and the training set read as A before and after the ACL grant.
a_canonical = notebook.client('s3', config=cfg).list_buckets()['Owner']['ID']
b_canonical = s3b.list_buckets()['Owner']['ID']
out['canonical_differ'] = a_canonical != b_canonical
s3a = notebook.client('s3', config=cfg)
out['before_acl'] = err(lambda: s3a.get_object(Bucket=results, Key=key))
s3b.put_object_acl(Bucket=results, Key=key, GrantFullControl=f'id={a_canonical}')
body = s3a.get_object(Bucket=results, Key=key)['Body'].read().decode()
out['csv_lines'] = len([l for l in body.split('\\n') if l])

# Notebook 2, last step: A puts and gets a record in B's existing customers group.
rt.put_record(FeatureGroupName='customers', Record=[{'FeatureName': 'cid', 'ValueAsString': '1006'}, {'FeatureName': 'name', 'ValueAsString': 'frank'}, {'FeatureName': 'created_at', 'ValueAsString': now}])
out['customer'] = {f['FeatureName']: f['ValueAsString'] for f in rt.get_record(FeatureGroupName='customers', RecordIdentifierValueAsString='1006')['Record']}
print(json.dumps(out))
`;

describe('the sample’s notebooks with boto3: A through B’s role, to the training set in A’s bucket', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100'] });
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: `sagemaker-athena-results-${a.accountId}` };
    // The guide's setup with sagelite's own command, each account with its own profile.
    const file = join(server.dataDir, 'client-credentials');
    writeFileSync(file, `[a]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n[b]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n`);
    const r = spawnSync(process.execPath, [BIN, 'setup', 'cross-account', '--account-a', a.accountId, '--account-b', b.accountId, '--profile-a', 'a', '--profile-b', 'b', '--region', 'us-east-1'], {
      encoding: 'utf8',
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))), AWS_ENDPOINT_URL: server.url, AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: '/dev/null' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
  after(() => server.stop());

  it('queries B’s offline store with Athena into A’s bucket, grants A the result by canonical id, and A reads the training set', async () => {
    const nb = await notebookCredentials(server, g);
    const out = JSON.parse(python(NOTEBOOK, {
      ...clientEnv(server.url, a),
      NB_KEY: nb.accessKeyId, NB_SECRET: nb.secretAccessKey, NB_TOKEN: nb.sessionToken,
      A_KEY: a.accessKeyId, A_SECRET: a.secretAccessKey, B_KEY: b.accessKeyId, B_SECRET: b.secretAccessKey,
      RESULTS: g.resultsBucket, OFFLINE: `sagemaker-featurestore-${b.accountId}`, SAMPLE: SAMPLE_DIR,
      CROSS_ROLE: `arn:aws:iam::${b.accountId}:role/cross-account-assume-role`, OFFLINE_ROLE: `arn:aws:iam::${b.accountId}:role/feature-store-offline-role`,
    })) as Record<string, unknown>;
    const rows = sampleCsv('purchases');
    const features = sampleSchemaFile('purchases').features.map((f) => f.name).filter((n) => n !== 'created_at');
    const got = out['get'] as Record<string, string>;
    assert.deepEqual(got, { ...Object.fromEntries(features.map((n, i) => [n, rows[0]![i]!])), created_at: got['created_at'] });
    assert.equal(out['state'], 'SUCCEEDED');
    assert.deepEqual((out['header'] as string[]).slice(0, 10), ['pid', 'cid', 'product_name', 'purchase_amount', 'product_category', 'purchased_at', 'created_at', 'write_time', 'api_invocation_time', 'is_deleted']);
    assert.deepEqual(out['pids'], rows.map((r) => r[0]!).sort());
    assert.match(out['location'] as string, new RegExp(`^s3://${g.resultsBucket}/query_results/purchases/[0-9a-f-]{36}\\.csv$`));
    assert.equal(out['canonical_differ'], true);
    // Under ObjectWriter the result belongs to B: A's own bucket policy does not reach it until B grants it.
    const before = out['before_acl'] as [string, number, string] | null;
    assert.deepEqual(before?.slice(0, 2), ['AccessDenied', 403], `before the grant: ${JSON.stringify(before)}`);
    assert.equal(out['csv_lines'], rows.length + 1, 'a header and every row');
    assert.deepEqual({ ...(out['customer'] as Record<string, string>), created_at: 'x' }, { cid: '1006', name: 'frank', created_at: 'x' });
  });
});
