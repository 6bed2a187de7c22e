import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CROSS_ACCOUNT_ROLE, DEFAULT_EXECUTION_ROLE, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { createGuideRoles, notebookCredentials } from './guide-setup.js';
import { clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient, trustPolicy } from './iam-helpers.js';
import { SAMPLE_DIR, sampleCsv } from './sample.js';

const SAMPLE = SAMPLE_DIR;

/** What both notebooks share: the sample's schemas and rows, loaded as the sample loads them. */
const PRELUDE = `
import csv, json, time, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
cfg = Config(retries={'max_attempts': 1})
SAMPLE = ${JSON.stringify(SAMPLE)}
TYPES = {'bigint': 'Integral', 'double': 'Fractional'}
def schema(name):
    s = json.load(open(f'{SAMPLE}/schema/{name}.json'))
    s['definitions'] = [{'FeatureName': f['name'], 'FeatureType': TYPES.get(f['type'], 'String')} for f in s['features']]
    return s
def rows(name, created_at):
    names = [f['name'] for f in schema(name)['features'] if f['name'] != 'created_at']
    with open(f'{SAMPLE}/data/{name}.csv') as fh:
        return [[{'FeatureName': n, 'ValueAsString': v} for n, v in zip(names, row)] + [{'FeatureName': 'created_at', 'ValueAsString': str(created_at)}]
                for row in csv.reader(fh) if row]
def error(fn):
    try:
        fn()
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
    raise Exception('expected an error')
out = {}
now = int(time.time())
`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

describe('Feature Store runtime with boto3: both notebooks of the sample, in B and from A through the assumed role', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GuideAccounts;
  let notebookEnv: NodeJS.ProcessEnv;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'consumer-a');
    b = createAccount(server.dataDir, 'feature-store-b');
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: 'sagemaker-athena-results-a' };
    const inB = iamClient(server.url, b);
    await inB.send(new CreateRoleCommand({ RoleName: 'feature-store-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    await createGuideRoles(server.url, a, b, g);
    const nb = await notebookCredentials(server, g);
    notebookEnv = { ...clientEnv(server.url, nb), AWS_SESSION_TOKEN: nb.sessionToken };
  });
  after(() => server.stop());

  it('notebook 1, account B: creates customers, ingests every row, gets one, batch-gets all; bad input is refused', () => {
    const out = boto(`
sm = boto3.client('sagemaker', config=cfg)
rt = boto3.client('sagemaker-featurestore-runtime', config=cfg)
s = schema('customers')
out['arn'] = sm.create_feature_group(FeatureGroupName='customers', RecordIdentifierFeatureName=s['record_identifier_feature_name'],
    EventTimeFeatureName=s['event_time_feature_name'], FeatureDefinitions=s['definitions'], OnlineStoreConfig={'EnableOnlineStore': True},
    OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://sagemaker-offline-b/customers'}}, RoleArn='arn:aws:iam::${b.accountId}:role/feature-store-offline',
    Description=s['description'], Tags=s['tags'])['FeatureGroupArn']
data = rows('customers', now)
for r in data:
    rt.put_record(FeatureGroupName='customers', Record=r)
got = rt.get_record(FeatureGroupName='customers', RecordIdentifierValueAsString=data[1][0]['ValueAsString'])
out['one'] = got['Record'] == data[1]
out['state'] = [v['ValueAsString'] for v in got['Record'] if v['FeatureName'] == 'state']
out['missing'] = {k: v for k, v in rt.get_record(FeatureGroupName='customers', RecordIdentifierValueAsString='4242').items() if k != 'ResponseMetadata'}
b = rt.batch_get_record(Identifiers=[{'FeatureGroupName': 'customers', 'RecordIdentifiersValueAsString': [r[0]['ValueAsString'] for r in data], 'FeatureNames': ['name']}])
out['batch'] = [[x['RecordIdentifierValueAsString'], x['Record'][0]['ValueAsString']] for x in b['Records']]
out['lists'] = [b['Errors'], b['UnprocessedIdentifiers']]
out['unknown'] = error(lambda: rt.put_record(FeatureGroupName='customers', Record=data[0] + [{'FeatureName': 'email', 'ValueAsString': 'x'}]))
out['type'] = error(lambda: rt.put_record(FeatureGroupName='customers', Record=[{'FeatureName': 'cid', 'ValueAsString': 'abc'}, data[0][-1]]))
try:
    rt.put_record(FeatureGroupName='nothing', Record=data[0])
except rt.exceptions.ValidationError as e:
    out['modelled'] = e.response['Error']['Message']
try:
    rt.get_record(FeatureGroupName='nothing', RecordIdentifierValueAsString='1')
except rt.exceptions.ResourceNotFound as e:
    out['notfound'] = e.response['ResponseMetadata']['HTTPStatusCode']
`, clientEnv(server.url, b));
    assert.equal(out['arn'], `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers`);
    assert.equal(out['one'], true);
    const customers = sampleCsv('customers');
    assert.match(customers[1]![6]!, / $/, 'the sample’s second customer has a trailing space in its state');
    assert.deepEqual(out['state'], [customers[1]![6]], 'sent and stored as written');
    assert.ok(!customers.some((c) => c[0] === '4242'));
    assert.deepEqual(out['missing'], {});
    assert.deepEqual(out['batch'], customers.map((c) => [c[0], c[1]]));
    assert.deepEqual(out['lists'], [[], []]);
    assert.deepEqual(out['unknown'], ['ValidationException', 400, 'Validation Error: Feature email is not defined in FeatureGroup customers.']);
    assert.match((out['type'] as string[])[2]!, /Value "abc" of feature cid .* not a valid Integral/);
    assert.equal(out['modelled'], "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name nothing");
    assert.equal(out['notfound'], 404);
  });

  it('notebook 2, account A: assumes B’s role, creates purchases in B, ingests and reads by ARN, deletes; A’s own credentials are denied', () => {
    const out = boto(`
sts = boto3.client('sts', config=cfg)
c = sts.assume_role(RoleArn='arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}', RoleSessionName='notebook')['Credentials']
session = boto3.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
sm = session.client('sagemaker', config=cfg)
rt = session.client('sagemaker-featurestore-runtime', config=cfg)
s = schema('purchases')
arn = sm.create_feature_group(FeatureGroupName='purchases', RecordIdentifierFeatureName=s['record_identifier_feature_name'],
    EventTimeFeatureName=s['event_time_feature_name'], FeatureDefinitions=s['definitions'], OnlineStoreConfig={'EnableOnlineStore': True},
    OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://sagemaker-offline-b/purchases'}}, RoleArn='arn:aws:iam::${b.accountId}:role/${CROSS_ACCOUNT_ROLE}',
    Description=s['description'], Tags=s['tags'])['FeatureGroupArn']
customers = arn.replace('/purchases', '/customers')
data = rows('purchases', now)
pids = [r[0]['ValueAsString'] for r in data]
c0 = rows('customers', now)[0][0]['ValueAsString']
for r in data:
    rt.put_record(FeatureGroupName=arn, Record=r)
out['get'] = rt.get_record(FeatureGroupName=arn, RecordIdentifierValueAsString=pids[0])['Record'] == data[0]
rt.put_record(FeatureGroupName=customers, Record=[{'FeatureName': 'cid', 'ValueAsString': '1006'}, {'FeatureName': 'name', 'ValueAsString': 'frank'},
    {'FeatureName': 'created_at', 'ValueAsString': str(now)}])
out['frank'] = rt.get_record(FeatureGroupName=customers, RecordIdentifierValueAsString='1006', FeatureNames=['name'])['Record']
b = rt.batch_get_record(Identifiers=[{'FeatureGroupName': customers, 'RecordIdentifiersValueAsString': [c0, '1006']},
    {'FeatureGroupName': arn, 'RecordIdentifiersValueAsString': [pids[3]], 'FeatureNames': ['purchase_amount']}], ExpirationTimeResponse='Enabled')
out['batch'] = [[x['FeatureGroupName'] == arn, x['RecordIdentifierValueAsString'], 'ExpiresAt' in x] for x in b['Records']]
out['amount'] = b['Records'][2]['Record']
rt.delete_record(FeatureGroupName=arn, RecordIdentifierValueAsString=pids[4], EventTime=str(now + 1))
out['soft'] = 'Record' in rt.get_record(FeatureGroupName=arn, RecordIdentifierValueAsString=pids[4])
out['stale'] = error(lambda: rt.delete_record(FeatureGroupName=arn, RecordIdentifierValueAsString=pids[0], EventTime=str(now), DeletionMode='HardDelete'))
rt.delete_record(FeatureGroupName=arn, RecordIdentifierValueAsString=pids[0], EventTime=str(now + 1), DeletionMode='HardDelete')
out['hard'] = 'Record' in rt.get_record(FeatureGroupName=arn, RecordIdentifierValueAsString=pids[0])
own = boto3.client('sagemaker-featurestore-runtime', config=cfg)
out['denied'] = error(lambda: own.get_record(FeatureGroupName=customers, RecordIdentifierValueAsString=c0))
`, notebookEnv);
    assert.equal(out['get'], true);
    assert.deepEqual(out['frank'], [{ FeatureName: 'name', ValueAsString: 'frank' }]);
    const [customers, purchases] = [sampleCsv('customers'), sampleCsv('purchases')];
    assert.ok(!customers.some((c) => c[0] === '1006'), '1006 is a new customer');
    assert.deepEqual(out['batch'], [[false, customers[0]![0], false], [false, '1006', false], [true, purchases[3]![0], false]]);
    assert.deepEqual(out['amount'], [{ FeatureName: 'purchase_amount', ValueAsString: purchases[3]![3] }]);
    assert.equal(out['soft'], false);
    assert.deepEqual((out['stale'] as unknown[]).slice(0, 2), ['ValidationException', 400]);
    assert.equal(out['hard'], false);
    const denied = out['denied'] as [string, number, string];
    assert.deepEqual(denied.slice(0, 2), ['AccessDeniedException', 400]);
    assert.equal(denied[2], `User: arn:aws:sts::${a.accountId}:assumed-role/${DEFAULT_EXECUTION_ROLE}/SageMaker is not authorized to perform: sagemaker:GetRecord on resource: arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers because no resource-based policy allows the sagemaker:GetRecord action`);
  });
});
