import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const PRELUDE = `
import json, os, boto3, botocore
from botocore.config import Config
glue = boto3.client('glue', config=Config(retries={'max_attempts': 1}))
out = {}
${BOTO_ERR}`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

describe('Glue Data Catalog with boto3', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'glue-b');
    env = clientEnv(server.url, b);
  });
  after(() => server.stop());

  it('databases, tables and partitions through the paginators, with Glue\'s errors', () => {
    const out = boto(`
glue.create_database(DatabaseInput={'Name': 'Analytics', 'Description': 'd'})
for i in range(5):
    glue.create_table(DatabaseName='analytics', TableInput={'Name': 'events_%d' % i, 'TableType': 'EXTERNAL_TABLE',
        'PartitionKeys': [{'Name': 'dt', 'Type': 'string'}],
        'StorageDescriptor': {'Columns': [{'Name': 'id', 'Type': 'bigint'}, {'Name': 'm', 'Type': 'map<string,double>'}], 'Location': 's3://b/events_%d/' % i,
            'InputFormat': 'org.apache.hadoop.mapred.TextInputFormat', 'OutputFormat': 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            'SerdeInfo': {'SerializationLibrary': 'org.apache.hadoop.hive.serde2.OpenCSVSerde', 'Parameters': {'separatorChar': ','}}}})
out['db'] = glue.get_database(Name='ANALYTICS')['Database']
out['tables'] = [t['Name'] for p in glue.get_paginator('get_tables').paginate(DatabaseName='analytics', PaginationConfig={'PageSize': 2}) for t in p['TableList']]
out['filtered'] = [t['Name'] for t in glue.get_tables(DatabaseName='analytics', Expression='events_[13]')['TableList']]
t = glue.get_table(DatabaseName='analytics', Name='events_0')['Table']
out['serde'] = t['StorageDescriptor']['SerdeInfo']
out['columns'] = t['StorageDescriptor']['Columns']
out['version'] = t['VersionId']
glue.batch_create_partition(DatabaseName='analytics', TableName='events_0', PartitionInputList=[
    {'Values': ['2024-01-%02d' % d], 'StorageDescriptor': {'Location': 's3://b/events_0/dt=2024-01-%02d/' % d}} for d in range(1, 8)])
out['parts'] = [p['Values'][0] for page in glue.get_paginator('get_partitions').paginate(DatabaseName='analytics', TableName='events_0',
    Expression="dt >= '2024-01-03' AND dt < '2024-01-06'", PaginationConfig={'PageSize': 2}) for p in page['Partitions']]
out['part'] = glue.get_partition(DatabaseName='analytics', TableName='events_0', PartitionValues=['2024-01-01'])['Partition']['StorageDescriptor']['Location']
out['errors'] = [
    err(lambda: glue.get_database(Name='missing')),
    err(lambda: glue.create_database(DatabaseInput={'Name': 'analytics'})),
    err(lambda: glue.get_table(DatabaseName='analytics', Name='missing')),
    err(lambda: glue.create_table(DatabaseName='analytics', TableInput={'Name': 'events_0'})),
    err(lambda: glue.get_partition(DatabaseName='analytics', TableName='events_0', PartitionValues=['1999'])),
    err(lambda: glue.delete_table(DatabaseName='missing', Name='x')),
]
glue.delete_database(Name='analytics')
out['after'] = [d['Name'] for d in glue.get_databases()['DatabaseList']]
`, env);
    const db = out.db as Record<string, unknown>;
    assert.deepEqual([db.Name, db.Description, db.CatalogId], ['analytics', 'd', b.accountId]);
    assert.deepEqual(out.tables, ['events_0', 'events_1', 'events_2', 'events_3', 'events_4']);
    assert.deepEqual(out.filtered, ['events_1', 'events_3']);
    assert.deepEqual(out.serde, { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', Parameters: { separatorChar: ',' } });
    assert.deepEqual(out.columns, [{ Name: 'id', Type: 'bigint' }, { Name: 'm', Type: 'map<string,double>' }]);
    assert.equal(out.version, '0');
    assert.deepEqual(out.parts, ['2024-01-03', '2024-01-04', '2024-01-05']);
    assert.equal(out.part, 's3://b/events_0/dt=2024-01-01/');
    assert.deepEqual(out.errors, [
      ['EntityNotFoundException', 400, 'Database missing not found.'],
      ['AlreadyExistsException', 400, 'Database already exists.'],
      ['EntityNotFoundException', 400, 'Table missing not found.'],
      ['AlreadyExistsException', 400, 'Table already exists.'],
      ['EntityNotFoundException', 400, 'Cannot find partition.'],
      ['EntityNotFoundException', 400, 'Database missing not found.'],
    ]);
    assert.deepEqual(out.after, []);
  });

  it('denies an IAM user without glue permissions', () => {
    const out = boto(`
iam = boto3.client('iam')
iam.create_user(UserName='nobody')
k = iam.create_access_key(UserName='nobody')['AccessKey']
g = boto3.client('glue', aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'], config=Config(retries={'max_attempts': 1}))
out['denied'] = err(lambda: g.get_databases())
`, env);
    assert.deepEqual(out.denied, ['AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/nobody is not authorized to perform: glue:GetDatabases on resource: arn:aws:glue:us-east-1:${b.accountId}:catalog because no identity-based policy allows the glue:GetDatabases action`]);
  });
});
