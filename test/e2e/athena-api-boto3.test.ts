import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const PRELUDE = `
import json, time, boto3, botocore
from botocore.config import Config
athena = boto3.client('athena', config=Config(retries={'max_attempts': 1}))
s3 = boto3.client('s3', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
out = {}
${BOTO_ERR}
def wait(qid):
    for _ in range(600):
        q = athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']
        if q['Status']['State'] in ('SUCCEEDED', 'FAILED', 'CANCELLED'):
            return q
        time.sleep(0.05)
    raise Exception('query did not finish')
`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

describe('Athena API with boto3', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'athena-boto');
    env = clientEnv(server.url, b);
  });
  after(() => server.stop());

  it('work groups page by page, with Athena\'s error codes and messages', () => {
    const out = boto(`
athena.create_work_group(Name='etl', Description='nightly', Tags=[{'Key': 'team', 'Value': 'data'}],
    Configuration={'ResultConfiguration': {'OutputLocation': 's3://results-boto/etl/'}, 'EnforceWorkGroupConfiguration': False})
for i in range(3):
    athena.create_work_group(Name='wg-%d' % i)
names, kw = [], {}
while True:
    page = athena.list_work_groups(MaxResults=2, **kw)
    names += [w['Name'] for w in page['WorkGroups']]
    if 'NextToken' not in page:
        break
    kw = {'NextToken': page['NextToken']}
out['names'] = names
out['etl'] = athena.get_work_group(WorkGroup='etl')['WorkGroup']
athena.update_work_group(WorkGroup='etl', ConfigurationUpdates={'ResultConfigurationUpdates': {'RemoveOutputLocation': True}})
out['after_update'] = athena.get_work_group(WorkGroup='etl')['WorkGroup']['Configuration'].get('ResultConfiguration')
out['tags'] = athena.list_tags_for_resource(ResourceARN='arn:aws:athena:us-east-1:${b.accountId}:workgroup/etl')['Tags']
out['errors'] = [
    err(lambda: athena.create_work_group(Name='etl')),
    err(lambda: athena.get_work_group(WorkGroup='missing')),
    err(lambda: athena.delete_work_group(WorkGroup='primary')),
    err(lambda: athena.start_query_execution(QueryString='SELECT 1', WorkGroup='etl')),
    err(lambda: athena.get_query_results(QueryExecutionId='nope')),
]
athena.delete_work_group(WorkGroup='wg-0', RecursiveDeleteOption=True)
out['left'] = [w['Name'] for w in athena.list_work_groups()['WorkGroups']]
`, env);
    assert.deepEqual(out.names, ['etl', 'primary', 'wg-0', 'wg-1', 'wg-2']);
    const etl = out.etl as { Description: string; State: string; Configuration: { ResultConfiguration: { OutputLocation: string }; EnforceWorkGroupConfiguration: boolean } };
    assert.equal(etl.Description, 'nightly');
    assert.equal(etl.State, 'ENABLED');
    assert.equal(etl.Configuration.ResultConfiguration.OutputLocation, 's3://results-boto/etl/');
    assert.equal(etl.Configuration.EnforceWorkGroupConfiguration, false);
    assert.deepEqual(out.after_update, {});
    assert.deepEqual(out.tags, [{ Key: 'team', Value: 'data' }]);
    assert.deepEqual(out.errors, [
      ['InvalidRequestException', 400, 'WorkGroup is already created'],
      ['InvalidRequestException', 400, 'WorkGroup missing is not found.'],
      ['InvalidRequestException', 400, 'Cannot delete primary workgroup'],
      ['InvalidRequestException', 400, 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.'],
      ['InvalidRequestException', 400, 'QueryExecution nope was not found'],
    ]);
    assert.deepEqual(out.left, ['etl', 'primary', 'wg-1', 'wg-2']);
  });

  it('runs a query and pages its results through the paginator; the result object is in the bucket', () => {
    const out = boto(`
s3.create_bucket(Bucket='results-boto')
qid = athena.start_query_execution(QueryString="SELECT x, x * 2 AS doubled, CASE WHEN x = 3 THEN NULL ELSE 'v' || CAST(x AS varchar) END AS label FROM UNNEST(sequence(1, 5)) AS t(x)",
    QueryExecutionContext={'Catalog': 'AwsDataCatalog'}, ResultConfiguration={'OutputLocation': 's3://results-boto/q'})['QueryExecutionId']
q = wait(qid)
out['state'] = q['Status']['State']
out['reason'] = q['Status'].get('StateChangeReason')
out['location'] = q['ResultConfiguration']['OutputLocation']
out['qid'] = qid
out['context'] = q['QueryExecutionContext']
rows = []
meta = None
for page in athena.get_paginator('get_query_results').paginate(QueryExecutionId=qid, PaginationConfig={'PageSize': 2}):
    meta = page['ResultSet']['ResultSetMetadata']['ColumnInfo']
    rows += [[d.get('VarCharValue') for d in r['Data']] for r in page['ResultSet']['Rows']]
out['rows'] = rows
out['types'] = [[c['Name'], c['Type']] for c in meta]
out['csv'] = s3.get_object(Bucket='results-boto', Key='q/%s.csv' % qid)['Body'].read().decode()
out['listed'] = athena.list_query_executions()['QueryExecutionIds']
`, env);
    assert.equal(out.state, 'SUCCEEDED', String(out.reason));
    assert.equal(out.location, `s3://results-boto/q/${out.qid}.csv`);
    assert.deepEqual(out.context, { Catalog: 'AwsDataCatalog' });
    assert.deepEqual(out.rows, [['x', 'doubled', 'label'], ['1', '2', 'v1'], ['2', '4', 'v2'], ['3', '6', null], ['4', '8', 'v4'], ['5', '10', 'v5']]);
    assert.deepEqual(out.types, [['x', 'bigint'], ['doubled', 'bigint'], ['label', 'varchar']]);
    assert.equal(out.csv, '"x","doubled","label"\n"1","2","v1"\n"2","4","v2"\n"3","6",\n"4","8","v4"\n"5","10","v5"\n');
    assert.deepEqual(out.listed, [out.qid]);
  });
});
