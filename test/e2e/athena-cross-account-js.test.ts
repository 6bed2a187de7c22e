import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import { GetPartitionsCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { CreateBucketCommand, DeleteBucketPolicyCommand, GetObjectCommand, HeadObjectCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CROSS_ACCOUNT_ROLE, resultsBucketPolicy, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { createGuideRoles, notebookCredentials } from './guide-setup.js';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';
import { SAMPLE_DIR } from './sample.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const region = 'us-east-1';
const OFFLINE_BUCKET = 'feature-store-offline-b';

/** The sample's customers as the test expects Athena to return them: cid, name, age, state, by cid. */
function expectedCustomers(): string[][] {
  return readFileSync(join(SAMPLE_DIR, 'data', 'customers.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '')
    .map((l) => l.split(',')).map((c) => [c[0]!, c[1]!, c[2]!, c[6]!]).sort((x, y) => Number(x[0]) - Number(y[0]));
}

describe('Athena across accounts: A, through B\'s role, queries B\'s offline store into A\'s bucket (JS SDK v3 and boto3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  let assumed: Creds;
  let database: string;
  let table: string;
  const output = () => `s3://${g.resultsBucket}/training-sets/`;

  async function run(sql: string, extra: { expectedOwner?: string } = {}): Promise<QueryExecution> {
    const athena = new AthenaClient({ endpoint: server.url, region, credentials: assumed, maxAttempts: 1 });
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: database },
      ResultConfiguration: { OutputLocation: output(), ExpectedBucketOwner: extra.expectedOwner ?? a.accountId, AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } },
    }));
    for (let i = 0; i < 500; i++) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(QueryExecution!.Status!.State!)) return QueryExecution!;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('query did not finish');
  }

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: `sagemaker-athena-results-${a.accountId}` };
    // B: the offline store's bucket and the role SageMaker writes it as.
    const inB = iamClient(server.url, b);
    await new S3Client({ endpoint: server.url, region, credentials: b, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: OFFLINE_BUCKET }));
    await inB.send(new CreateRoleCommand({ RoleName: 'feature-store-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    await inB.send(new PutRolePolicyCommand({ RoleName: 'feature-store-offline', PolicyName: 'write', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${OFFLINE_BUCKET}/*` }] }) }));
    await createGuideRoles(server.url, a, b, g);
    // A: the results bucket and the guide's bucket policy letting B's role (and A's) use it.
    const s3A = new S3Client({ endpoint: server.url, region, credentials: a, forcePathStyle: true });
    await s3A.send(new CreateBucketCommand({ Bucket: g.resultsBucket }));
    await s3A.send(new PutBucketPolicyCommand({ Bucket: g.resultsBucket, Policy: resultsBucketPolicy(g) }));
    // The notebook in A assumes B's role; everything below runs as that session.
    const notebook = await notebookCredentials(server, g);
    const role = await new STSClient({ endpoint: server.url, region, credentials: notebook, maxAttempts: 1 }).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}`, RoleSessionName: 'notebook' }),
    );
    assumed = { accessKeyId: role.Credentials!.AccessKeyId!, secretAccessKey: role.Credentials!.SecretAccessKey!, sessionToken: role.Credentials!.SessionToken! };
    const sm = new SageMakerClient({ endpoint: server.url, region, credentials: assumed, maxAttempts: 1 });
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'customers', RecordIdentifierFeatureName: 'cid', EventTimeFeatureName: 'created_at',
      FeatureDefinitions: ['cid:Integral', 'name:String', 'age:Integral', 'marital_status:String', 'sex:String', 'city:String', 'state:String', 'created_at:Fractional']
        .map((d) => ({ FeatureName: d.split(':')[0]!, FeatureType: d.split(':')[1] as 'Integral' | 'String' | 'Fractional' })),
      OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${OFFLINE_BUCKET}/customers` } },
      RoleArn: `arn:aws:iam::${b.accountId}:role/feature-store-offline`,
    }));
    const rt = new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region, credentials: assumed, maxAttempts: 1 });
    const columns = ['cid', 'name', 'age', 'marital_status', 'sex', 'city', 'state'];
    const createdAt = String(Math.floor(Date.now() / 1000));
    const lines = readFileSync(join(SAMPLE_DIR, 'data', 'customers.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) {
      const Record = [...line.split(',').map((v, i) => ({ FeatureName: columns[i]!, ValueAsString: v })), { FeatureName: 'created_at', ValueAsString: createdAt }];
      await rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record }));
    }
    const described = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }));
    database = described.OfflineStoreConfig!.DataCatalogConfig!.Database!;
    table = described.OfflineStoreConfig!.DataCatalogConfig!.TableName!;
    // The offline writer flushes within about a second and registers the hour's partition in B's Glue.
    const glue = new GlueClient({ endpoint: server.url, region, credentials: b });
    for (let i = 0; ; i++) {
      const { Partitions } = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table }));
      if ((Partitions ?? []).length > 0) break;
      if (i > 200) throw new Error('the offline store never registered a partition');
      await new Promise((r) => setTimeout(r, 50));
    }
    // And every row has landed (the flusher may split the first rows from the rest).
    for (let i = 0; ; i++) {
      const q = await run(`SELECT count(*) FROM "${table}"`);
      if (q.Status!.State === 'SUCCEEDED') {
        const out = await new AthenaClient({ endpoint: server.url, region, credentials: assumed }).send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
        if (out.ResultSet!.Rows![1]!.Data![0]!.VarCharValue === String(lines.length)) break;
      }
      if (i > 100) throw new Error(`rows never all reached the offline store: ${q.Status!.State} ${q.Status!.StateChangeReason ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(() => server.stop());

  it('queries B\'s feature-group table by the name DescribeFeatureGroup gives; the CSV lands in A\'s bucket and A reads it', async () => {
    const q = await run(`SELECT cid, name, age, state FROM "${database}"."${table}" ORDER BY cid`);
    assert.equal(q.Status!.State, 'SUCCEEDED', q.Status!.StateChangeReason);
    assert.equal(q.ResultConfiguration!.OutputLocation, `${output()}${q.QueryExecutionId}.csv`);
    const results = await new AthenaClient({ endpoint: server.url, region, credentials: assumed }).send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    const rows = results.ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue));
    const expected = expectedCustomers();
    assert.deepEqual(rows, [['cid', 'name', 'age', 'state'], ...expected]);
    assert.deepEqual(results.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((c) => `${c.Name}:${c.Type}`), ['cid:bigint', 'name:varchar', 'age:bigint', 'state:varchar']);
    // A reads the training set with its own credentials: the object was written bucket-owner-full-control.
    const s3A = new S3Client({ endpoint: server.url, region, credentials: a, forcePathStyle: true });
    const key = `training-sets/${q.QueryExecutionId}.csv`;
    const csv = await (await s3A.send(new GetObjectCommand({ Bucket: g.resultsBucket, Key: key }))).Body!.transformToString();
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    assert.equal(csv, [['cid', 'name', 'age', 'state'], ...expected].map((r) => r.map(quote).join(',')).join('\n') + '\n');
    await s3A.send(new HeadObjectCommand({ Bucket: g.resultsBucket, Key: `${key}.metadata` }));
  });

  it('FAILS with Athena\'s S3 access message naming the result path while A\'s bucket policy is missing', async () => {
    const s3A = new S3Client({ endpoint: server.url, region, credentials: a, forcePathStyle: true });
    await s3A.send(new DeleteBucketPolicyCommand({ Bucket: g.resultsBucket }));
    try {
      const q = await run(`SELECT cid FROM "${database}"."${table}"`);
      assert.equal(q.Status!.State, 'FAILED');
      assert.match(q.Status!.StateChangeReason!, new RegExp(`^Access denied when writing output to url: ${output()}${q.QueryExecutionId}\\.csv `));
      assert.equal(q.Status!.AthenaError!.ErrorCategory, 2);
    } finally {
      await s3A.send(new PutBucketPolicyCommand({ Bucket: g.resultsBucket, Policy: resultsBucketPolicy(g) }));
    }
  });

  it('FAILS naming the offline store\'s S3 path while B\'s role may not read B\'s offline bucket', async () => {
    const inB = iamClient(server.url, b);
    // An explicit deny: AmazonSageMakerFullAccess alone grants s3:GetObject on every offline-store
    // object, since their keys contain `/sagemaker/` and the policy allows `arn:aws:s3:::*sagemaker*`.
    await inB.send(new PutRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyName: 'no-offline-reads', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${OFFLINE_BUCKET}/*` }] }) }));
    try {
      const q = await run(`SELECT cid FROM "${database}"."${table}"`);
      assert.equal(q.Status!.State, 'FAILED');
      assert.match(q.Status!.StateChangeReason!, new RegExp(`^Permission denied on S3 path: s3://${OFFLINE_BUCKET}/customers/${b.accountId}/sagemaker/us-east-1/offline-store/customers-\\d+/data/year=`));
      assert.match(q.Status!.StateChangeReason!, /is not authorized to perform: s3:GetObject .* with an explicit deny in an identity-based policy/);
      assert.equal(q.Status!.AthenaError!.ErrorCategory, 2);
    } finally {
      await inB.send(new DeleteRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyName: 'no-offline-reads' }));
    }
  });

  it('boto3: the same session runs the query, waits, reads the results page, and A downloads the CSV', () => {
    const out = python(`
import boto3, botocore, json, time, os
${BOTO_ERR}
s = boto3.Session(aws_access_key_id='${assumed.accessKeyId}', aws_secret_access_key='${assumed.secretAccessKey}', aws_session_token='${assumed.sessionToken}', region_name='us-east-1')
athena = s.client('athena', endpoint_url=os.environ['AWS_ENDPOINT_URL'])
qid = athena.start_query_execution(QueryString='SELECT name FROM "${table}" WHERE age > 30 ORDER BY name',
    QueryExecutionContext={'Database': '${database}'},
    ResultConfiguration={'OutputLocation': '${output()}boto3/', 'ExpectedBucketOwner': '${a.accountId}', 'AclConfiguration': {'S3AclOption': 'BUCKET_OWNER_FULL_CONTROL'}})['QueryExecutionId']
while True:
    state = athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']['Status']
    if state['State'] in ('SUCCEEDED', 'FAILED', 'CANCELLED'): break
    time.sleep(0.02)
rows = [[d.get('VarCharValue') for d in r['Data']] for r in athena.get_query_results(QueryExecutionId=qid)['ResultSet']['Rows']]
a = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name='us-east-1')
csv = a.get_object(Bucket='${g.resultsBucket}', Key='training-sets/boto3/' + qid + '.csv')['Body'].read().decode()
print(json.dumps({'state': state['State'], 'rows': rows, 'csv': csv}))
`, clientEnv(server.url, a));
    const result = JSON.parse(out) as { state: string; rows: string[][]; csv: string };
    const names = expectedCustomers().filter((r) => Number(r[2]) > 30).map((r) => r[1]!).sort();
    assert.equal(result.state, 'SUCCEEDED');
    assert.deepEqual(result.rows, [['name'], ...names.map((n) => [n])]);
    assert.equal(result.csv, ['"name"', ...names.map((n) => `"${n}"`)].join('\n') + '\n');
  });
});
