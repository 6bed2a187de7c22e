import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_EXPECTING_ERRORS, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { botocoreModelsEnv } from '../support/botocore-models.js';

/**
 * B's offline store queried from A with A's own identity, driven by boto3 as a notebook would:
 * B's Glue resource policy and bucket policy, A's data catalog pointing at B's Glue Data Catalog.
 */
describe('Athena over B’s Glue Data Catalog from A, with boto3: Glue resource policy, bucket policy, data catalog', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  const boto = (keys: AccountKeys, code: string) => JSON.parse(python(`${BOTO_EXPECTING_ERRORS}def run(athena, sql, catalog):
    qid = athena.start_query_execution(QueryString=sql, QueryExecutionContext={'Catalog': catalog, 'Database': 'shared'},
        ResultConfiguration={'OutputLocation': 's3://a-results-boto/q/'})['QueryExecutionId']
    for _ in range(1200):
        q = athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']
        if q['Status']['State'] in ('SUCCEEDED', 'FAILED', 'CANCELLED'):
            return qid, q['Status']
        time.sleep(0.05)
    raise Exception('query did not finish')
out = {}
${code}
print(json.dumps(out, default=str))`, { ...clientEnv(server.url, keys), ...botocoreModelsEnv() })) as Record<string, unknown>;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0'] });
    a = createAccount(server.dataDir, 'boto-catalog-a');
    b = createAccount(server.dataDir, 'boto-catalog-b');
    boto(b, `
s3 = boto3.client('s3', config=cfg)
s3.create_bucket(Bucket='b-data-boto')
s3.put_object(Bucket='b-data-boto', Key='nums/part-0.csv', Body=b'1,one\\n2,two\\n')
glue = boto3.client('glue', config=cfg)
glue.create_database(DatabaseInput={'Name': 'shared'})
glue.create_table(DatabaseName='shared', TableInput={'Name': 'nums', 'TableType': 'EXTERNAL_TABLE', 'StorageDescriptor': {
    'Columns': [{'Name': 'n', 'Type': 'bigint'}, {'Name': 'word', 'Type': 'string'}], 'Location': 's3://b-data-boto/nums/',
    'SerdeInfo': {'SerializationLibrary': 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', 'Parameters': {'field.delim': ','}}}})
`);
    boto(a, `boto3.client('s3', config=cfg).create_bucket(Bucket='a-results-boto')`);
  });
  after(() => server.stop());

  it('B grants with put_resource_policy and put_bucket_policy; A registers B’s catalog and reads B’s rows as itself', () => {
    const refused = boto(a, `
athena = boto3.client('athena', config=cfg)
athena.create_data_catalog(Name='b_offline', Type='GLUE', Parameters={'catalog-id': '${b.accountId}'})
out['catalogs'] = [c['CatalogName'] for c in athena.list_data_catalogs()['DataCatalogsSummary']]
out['status'] = run(athena, 'SELECT n, word FROM nums ORDER BY n', 'b_offline')[1]
`);
    assert.deepEqual(refused['catalogs'], ['AwsDataCatalog', 'b_offline']);
    assert.equal((refused['status'] as Record<string, string>)['State'], 'FAILED');
    assert.match((refused['status'] as Record<string, string>)['StateChangeReason']!, /glue:GetTable .*because no resource-based policy allows/);
    const granted = boto(b, `
arn = lambda rest: 'arn:aws:glue:us-east-1:${b.accountId}:' + rest
doc = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::${a.accountId}:root'}, 'Action': 'glue:Get*',
    'Resource': [arn('catalog'), arn('database/shared'), arn('table/shared/*')]}]}
glue = boto3.client('glue', config=cfg)
out['hash'] = glue.put_resource_policy(PolicyInJson=json.dumps(doc), PolicyExistsCondition='NOT_EXIST')['PolicyHash']
out['again'] = error(lambda: glue.put_resource_policy(PolicyInJson=json.dumps(doc), PolicyExistsCondition='NOT_EXIST'))
out['stored'] = glue.get_resource_policy()['PolicyHash']
bucket = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::${a.accountId}:root'}, 'Action': ['s3:GetObject', 's3:ListBucket'],
    'Resource': ['arn:aws:s3:::b-data-boto', 'arn:aws:s3:::b-data-boto/*']}]}
boto3.client('s3', config=cfg).put_bucket_policy(Bucket='b-data-boto', Policy=json.dumps(bucket))
`);
    assert.equal(granted['stored'], granted['hash']);
    assert.deepEqual((granted['again'] as string[])[0], 'ConditionCheckFailureException');
    const read = boto(a, `
athena = boto3.client('athena', config=cfg)
qid, status = run(athena, 'SELECT n, word FROM nums ORDER BY n', 'b_offline')
out['status'] = status
out['rows'] = [[d.get('VarCharValue') for d in r['Data']] for r in athena.get_query_results(QueryExecutionId=qid)['ResultSet']['Rows']]
out['columns'] = [c['Name'] for c in athena.get_table_metadata(CatalogName='b_offline', DatabaseName='shared', TableName='nums')['TableMetadata']['Columns']]
`);
    assert.equal((read['status'] as Record<string, string>)['State'], 'SUCCEEDED');
    assert.deepEqual(read['rows'], [['n', 'word'], ['1', 'one'], ['2', 'two']]);
    assert.deepEqual(read['columns'], ['n', 'word']);
  });
});
