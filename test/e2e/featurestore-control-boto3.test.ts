import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { SAMPLE_DIR, sampleSchemaFile } from './sample.js';


const PRELUDE = `
import json, os, boto3, botocore
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1})
sm = boto3.client('sagemaker', config=cfg)
iam = boto3.client('iam', config=cfg)
out = {}
${BOTO_ERR}def schema(name):
    with open(os.path.join(os.environ['SAMPLE_DIR'], 'schema', name + '.json')) as f:
        return json.load(f)
# The sample's own mapping of its schema types.
TYPES = {'bigint': 'Integral', 'double': 'Fractional'}
def definitions(s):
    return [{'FeatureName': f['name'], 'FeatureType': TYPES.get(f['type'], 'String')} for f in s['features']]
`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

describe('SageMaker feature groups with boto3 and the sample’s schemas', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'feature-store-b');
    env = { ...clientEnv(server.url, b), SAMPLE_DIR };
    boto(`
iam.create_role(RoleName='sagemaker-fs', AssumeRolePolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Principal': {'Service': 'sagemaker.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}))
`, env);
  });
  after(() => server.stop());

  it('creates both groups from the schemas, describes them, and lists and searches them with the paginators', () => {
    const out = boto(`
role = 'arn:aws:iam::%s:role/sagemaker-fs' % os.environ['ACCOUNT']
for name in ['customers', 'purchases']:
    s = schema(name)
    r = sm.create_feature_group(FeatureGroupName=name, RecordIdentifierFeatureName=s['record_identifier_feature_name'],
        EventTimeFeatureName=s['event_time_feature_name'], FeatureDefinitions=definitions(s),
        OnlineStoreConfig={'EnableOnlineStore': True},
        OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://sagemaker-feature-store-b/offline'}},
        RoleArn=role, Description=s['description'], Tags=s['tags'])
    out[name + '_arn'] = r['FeatureGroupArn']
d = sm.describe_feature_group(FeatureGroupName='customers')
out['status'] = [d['FeatureGroupStatus'], d['OfflineStoreStatus']['Status']]
out['definitions'] = d['FeatureDefinitions']
out['catalog'] = d['OfflineStoreConfig']['DataCatalogConfig']
out['resolved'] = d['OfflineStoreConfig']['S3StorageConfig']['ResolvedOutputS3Uri']
out['epoch'] = int(d['CreationTime'].timestamp())
out['description'] = d['Description']
out['listed'] = [g['FeatureGroupName'] for p in sm.get_paginator('list_feature_groups').paginate(SortBy='Name', SortOrder='Ascending', PaginationConfig={'PageSize': 1}) for g in p['FeatureGroupSummaries']]
tag = schema('purchases')['tags'][0]
out['searched'] = [r['FeatureGroup']['FeatureGroupName'] for p in sm.get_paginator('search').paginate(Resource='FeatureGroup',
    SearchExpression={'Filters': [{'Name': 'Tags.' + tag['Key'], 'Operator': 'Equals', 'Value': tag['Value']}]}) for r in p['Results']]
out['tags'] = sm.list_tags(ResourceArn=out['purchases_arn'])['Tags']
`, { ...env, ACCOUNT: b.accountId });
    assert.equal(out['customers_arn'], `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers`);
    assert.deepEqual(out['status'], ['Created', 'Active']);
    assert.deepEqual((out['definitions'] as Array<{ FeatureName: string; FeatureType: string }>).map((f) => `${f.FeatureName}:${f.FeatureType}`), [
      'cid:Integral', 'name:String', 'age:Integral', 'marital_status:String', 'sex:String', 'city:String', 'state:String', 'created_at:Fractional',
    ]);
    const epoch = out['epoch'] as number;
    assert.deepEqual(out['catalog'], { TableName: `customers_${epoch}`, Catalog: 'AwsDataCatalog', Database: 'sagemaker_featurestore' });
    assert.equal(out['resolved'], `s3://sagemaker-feature-store-b/offline/${b.accountId}/sagemaker/us-east-1/offline-store/customers-${epoch}/data`);
    const [customers, purchases] = [sampleSchemaFile('customers'), sampleSchemaFile('purchases')];
    assert.equal(out['description'], customers.description);
    assert.deepEqual(out['listed'], ['customers', 'purchases']);
    // The first tag has the same key on both groups and another value: the search tells them apart.
    assert.equal(customers.tags[0]!.Key, purchases.tags[0]!.Key);
    assert.notEqual(customers.tags[0]!.Value, purchases.tags[0]!.Value);
    assert.deepEqual(out['searched'], ['purchases']);
    assert.deepEqual(out['tags'], purchases.tags);
  });

  it('records the schema’s descriptions as feature metadata and finds features by them', () => {
    const out = boto(`
s = schema('customers')
for f in s['features']:
    sm.update_feature_metadata(FeatureGroupName='customers', FeatureName=f['name'], Description=f['description'], ParameterAdditions=[{'Key': 'source', 'Value': 'sample'}])
m = sm.describe_feature_metadata(FeatureGroupName='customers', FeatureName='cid')
out['cid'] = [m['FeatureType'], m['Description'], m['Parameters']]
found = sm.search(Resource='FeatureMetadata', SearchExpression={'Filters': [{'Name': 'Description', 'Operator': 'Contains', 'Value': 'customer'}]}, SortBy='FeatureName', SortOrder='Ascending')
out['found'] = [r['FeatureMetadata']['FeatureName'] for r in found['Results']]
out['total'] = found['TotalHits']
`, env);
    const features = sampleSchemaFile('customers').features;
    assert.deepEqual(out['cid'], ['Integral', features.find((f) => f.name === 'cid')!.description, [{ Key: 'source', Value: 'sample' }]]);
    // Contains matches without regard to case; some descriptions say "customer" and some do not.
    const expected = features.filter((f) => f.description.toLowerCase().includes('customer')).map((f) => f.name).sort();
    assert.ok(expected.length > 0 && expected.length < features.length);
    assert.deepEqual(out['found'], expected);
    assert.deepEqual(out['total'], { Value: expected.length, Relation: 'EqualTo' });
  });

  it('answers botocore with AWS’s error codes, statuses and messages', () => {
    const out = boto(`
s = schema('purchases')
base = dict(RecordIdentifierFeatureName='pid', EventTimeFeatureName='created_at', FeatureDefinitions=definitions(s), OnlineStoreConfig={'EnableOnlineStore': True})
out['in_use'] = err(lambda: sm.create_feature_group(FeatureGroupName='Purchases', **base))
out['not_found'] = err(lambda: sm.describe_feature_group(FeatureGroupName='sales'))
out['reserved'] = err(lambda: sm.create_feature_group(FeatureGroupName='p2', **dict(base, FeatureDefinitions=definitions(s) + [{'FeatureName': 'write_time', 'FeatureType': 'String'}])))
out['event_time'] = err(lambda: sm.create_feature_group(FeatureGroupName='p3', **dict(base, EventTimeFeatureName='pid')))
out['trust'] = err(lambda: sm.create_feature_group(FeatureGroupName='p4', RoleArn='arn:aws:iam::%s:role/absent' % os.environ['ACCOUNT'],
    OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://sagemaker-feature-store-b/offline'}}, **base))
out['delete_missing'] = err(lambda: sm.delete_feature_group(FeatureGroupName='sales'))
`, { ...env, ACCOUNT: b.accountId });
    assert.deepEqual(out['in_use'], ['ResourceInUse', 400, 'Resource Already Exists: FeatureGroup with name Purchases already exists. Choose a different name.']);
    assert.deepEqual(out['not_found'], ['ResourceNotFound', 400, "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name sales"]);
    assert.deepEqual((out['reserved'] as unknown[]).slice(0, 2), ['ValidationException', 400]);
    assert.match((out['reserved'] as string[])[2]!, /^Validation Error: The feature name write_time is reserved/);
    assert.match((out['event_time'] as string[])[2]!, /EventTimeFeatureName pid must be a feature of type Fractional or String, not Integral/);
    assert.deepEqual(out['trust'], ['ValidationException', 400,
      `The execution role ARN "arn:aws:iam::${b.accountId}:role/absent" is invalid. Please ensure that the role exists and that its trust relationship policy allows the action "sts:AssumeRole" for the service principal "sagemaker.amazonaws.com".`]);
    assert.deepEqual(out['delete_missing'], ['ResourceNotFound', 400, "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name sales"]);
  });

  it('updates the online TTL, adds a feature, tags, and deletes a group', () => {
    const out = boto(`
sm.update_feature_group(FeatureGroupName='purchases', OnlineStoreConfig={'TtlDuration': {'Unit': 'Days', 'Value': 30}})
sm.update_feature_group(FeatureGroupName='purchases', FeatureAdditions=[{'FeatureName': 'discount', 'FeatureType': 'Fractional'}])
d = sm.describe_feature_group(FeatureGroupName='purchases')
out['ttl'] = d['OnlineStoreConfig']['TtlDuration']
out['last'] = [d['FeatureDefinitions'][-1]['FeatureName'], d['LastUpdateStatus']['Status']]
sm.add_tags(ResourceArn=d['FeatureGroupArn'], Tags=[{'Key': 'added', 'Value': 'ml'}])
sm.delete_tags(ResourceArn=d['FeatureGroupArn'], TagKeys=[schema('purchases')['tags'][1]['Key']])
out['tags'] = [t['Key'] for p in sm.get_paginator('list_tags').paginate(ResourceArn=d['FeatureGroupArn']) for t in p['Tags']]
sm.delete_feature_group(FeatureGroupName='purchases')
out['after'] = err(lambda: sm.describe_feature_group(FeatureGroupName='purchases'))
out['left'] = [g['FeatureGroupName'] for g in sm.list_feature_groups()['FeatureGroupSummaries']]
`, env);
    assert.deepEqual(out['ttl'], { Unit: 'Days', Value: 30 });
    assert.deepEqual(out['last'], ['discount', 'Successful']);
    const keys = sampleSchemaFile('purchases').tags.map((t) => t.Key);
    assert.ok(!keys.includes('added'));
    assert.deepEqual(out['tags'], [...keys.filter((_, i) => i !== 1), 'added']);
    assert.equal((out['after'] as string[])[0], 'ResourceNotFound');
    assert.deepEqual(out['left'], ['customers']);
  });
});
