import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const PRELUDE = `
import json, time, boto3, botocore
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'})
sm = boto3.client('sagemaker', config=cfg)
rt = boto3.client('sagemaker-featurestore-runtime', config=cfg)
s3 = boto3.client('s3', config=cfg)
iam = boto3.client('iam', config=cfg)
kms = boto3.client('kms', config=cfg)
athena = boto3.client('athena', config=cfg)
out = {}
${BOTO_ERR}
def wait(fn, seconds=60):
    end = time.time() + seconds
    while True:
        v = fn()
        if v: return v
        if time.time() > end: raise Exception('timed out')
        time.sleep(0.05)
def finished(qid):
    q = athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']
    return q if q['Status']['State'] in ('SUCCEEDED', 'FAILED', 'CANCELLED') else None
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'sagemaker.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
DEFS = [{'FeatureName': 'id', 'FeatureType': 'String'}, {'FeatureName': 't', 'FeatureType': 'Fractional'}]
`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

/**
 * KMS where the feature store and Athena write (issue 16): the offline store's KmsKeyId and
 * Athena's SSE_KMS result encryption encrypt with the key named, as the role or caller that
 * writes — so the key's policy and that principal's IAM policy decide, as on AWS (boto3).
 */
describe('KMS keys for the offline store and Athena results (boto3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100'] });
    b = createAccount(server.dataDir, 'kms-feature-store');
    env = clientEnv(server.url, b);
  });
  after(() => server.stop());

  it('the offline store writes with its KmsKeyId as the group’s role: allowed by the role’s KMS permission, Blocked without it', () => {
    const out = boto(`
key = kms.create_key(Description='offline store')['KeyMetadata']['Arn']
s3.create_bucket(Bucket='sagemaker-kms-offline')
for name, with_kms in (('fs-kms', True), ('fs-nokms', False)):
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    iam.attach_role_policy(RoleName=name, PolicyArn='arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess')
    if with_kms:
        iam.put_role_policy(RoleName=name, PolicyName='kms', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
            {'Effect': 'Allow', 'Action': ['kms:GenerateDataKey', 'kms:Decrypt'], 'Resource': key}]}))
    sm.create_feature_group(FeatureGroupName='g-' + name, RecordIdentifierFeatureName='id', EventTimeFeatureName='t', FeatureDefinitions=DEFS,
        OfflineStoreConfig={'S3StorageConfig': {'S3Uri': 's3://sagemaker-kms-offline/' + name, 'KmsKeyId': key}},
        RoleArn='arn:aws:iam::${b.accountId}:role/' + name)
    wait(lambda: sm.describe_feature_group(FeatureGroupName='g-' + name)['FeatureGroupStatus'] == 'Created')
    rt.put_record(FeatureGroupName='g-' + name, Record=[{'FeatureName': 'id', 'ValueAsString': '1'}, {'FeatureName': 't', 'ValueAsString': str(time.time())}])
out['key'] = key
def objects(prefix):
    return [o['Key'] for o in s3.list_objects_v2(Bucket='sagemaker-kms-offline', Prefix=prefix).get('Contents', [])]
written = wait(lambda: objects('fs-kms/'))
head = s3.head_object(Bucket='sagemaker-kms-offline', Key=written[0])
out['sse'] = [head['ServerSideEncryption'], head['SSEKMSKeyId']]
out['status'] = wait(lambda: (lambda s: s if s['Status'] == 'Blocked' else None)(sm.describe_feature_group(FeatureGroupName='g-fs-nokms')['OfflineStoreStatus']))
out['unwritten'] = objects('fs-nokms/')
`, env);
    const key = out['key'] as string;
    assert.deepEqual(out['sse'], ['aws:kms', key]);
    const status = out['status'] as { Status: string; BlockedReason: string };
    assert.match(status.BlockedReason, /^Unable to write to s3:\/\/sagemaker-kms-offline\/fs-nokms\/.*: AccessDenied: .*assumed-role\/fs-nokms\/SageMaker is not authorized to perform: kms:GenerateDataKey/);
    assert.deepEqual(out['unwritten'], []);
  });

  it('Athena writes SSE_KMS results with the key as the caller, reads them back, refuses without KMS permission, and refuses CSE_KMS', () => {
    const out = boto(`
key = kms.create_key(Description='athena results')['KeyMetadata']['Arn']
s3.create_bucket(Bucket='athena-kms-results')
def run(client, option):
    qid = client.start_query_execution(QueryString='SELECT 41 + 1 AS answer',
        ResultConfiguration={'OutputLocation': 's3://athena-kms-results/q/', 'EncryptionConfiguration': option})['QueryExecutionId']
    return wait(lambda: finished(qid))
q = run(athena, {'EncryptionOption': 'SSE_KMS', 'KmsKey': key})
out['state'] = q['Status']['State']
location = q['ResultConfiguration']['OutputLocation']
head = s3.head_object(Bucket='athena-kms-results', Key=location.split('/', 3)[3])
out['sse'] = [head['ServerSideEncryption'], head['SSEKMSKeyId']]
out['rows'] = [[c.get('VarCharValue') for c in r['Data']] for r in athena.get_query_results(QueryExecutionId=q['QueryExecutionId'])['ResultSet']['Rows']]
out['cse'] = err(lambda: athena.start_query_execution(QueryString='SELECT 1', ResultConfiguration={'OutputLocation': 's3://athena-kms-results/q/', 'EncryptionConfiguration': {'EncryptionOption': 'CSE_KMS', 'KmsKey': key}}))
iam.create_user(UserName='analyst')
iam.put_user_policy(UserName='analyst', PolicyName='athena', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': ['athena:*', 's3:*'], 'Resource': '*'}]}))
k = iam.create_access_key(UserName='analyst')['AccessKey']
analyst = boto3.client('athena', config=cfg, aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'])
time.sleep(0.2)
refused = run(analyst, {'EncryptionOption': 'SSE_KMS', 'KmsKey': key})
out['refused'] = [refused['Status']['State'], refused['Status'].get('StateChangeReason', '')]
`, env);
    assert.equal(out['state'], 'SUCCEEDED');
    assert.deepEqual(out['sse'], ['aws:kms', (out['sse'] as string[])[1]]);
    assert.match((out['sse'] as string[])[1]!, /^arn:aws:kms:us-east-1:\d{12}:key\//);
    assert.deepEqual(out['rows'], [['answer'], ['42']]);
    assert.deepEqual((out['cse'] as unknown[]).slice(0, 2), ['InvalidRequestException', 400]);
    const [state, reason] = out['refused'] as [string, string];
    assert.equal(state, 'FAILED');
    assert.match(reason, /user\/analyst is not authorized to perform: kms:GenerateDataKey/);
  });
});
