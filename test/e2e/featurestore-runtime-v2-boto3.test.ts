import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { botocoreModelsEnv } from '../support/botocore-models.js';

/** boto3 with the vendored models (AWS_DATA_PATH), failures as [code, HTTP status, message]. */
const PRELUDE = `
import json, time, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
cfg = Config(retries={'max_attempts': 1})
sm = boto3.client('sagemaker', config=cfg)
rt = boto3.client('sagemaker-featurestore-runtime', config=cfg)
def error(fn):
    try:
        fn()
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
    raise Exception('expected an error')
T = int(time.time())
def rec(i, ts=None, **extra):
    return [{'FeatureName': 'id', 'ValueAsString': i}, {'FeatureName': 'ts', 'ValueAsString': str(ts or T)}] + [{'FeatureName': k, 'ValueAsString': v} for k, v in extra.items()]
def values(r):
    return {v['FeatureName']: v['ValueAsString'] for v in r.get('Record', [])}
out = {}
`;

/** The operations AWS added to the runtime, driven by boto3 as the SageMaker Python SDK's ingestion drives them. */
describe('Feature Store runtime with boto3: BatchWriteRecord, ListRecords, UpdateRecord and the Standard_V2 migration', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let env: NodeJS.ProcessEnv;
  const boto = (code: string) => JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out))`, env)) as Record<string, unknown>;

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'boto-v2');
    env = { ...clientEnv(server.url, b), ...botocoreModelsEnv() };
    boto(`
defs = [{'FeatureName': 'id', 'FeatureType': 'String'}, {'FeatureName': 'ts', 'FeatureType': 'Fractional'}, {'FeatureName': 'n', 'FeatureType': 'Integral'}, {'FeatureName': 's', 'FeatureType': 'String'}]
for name, storage in [('v2', 'Standard_V2'), ('std', 'Standard')]:
    sm.create_feature_group(FeatureGroupName=name, RecordIdentifierFeatureName='id', EventTimeFeatureName='ts', FeatureDefinitions=defs,
        OnlineStoreConfig={'EnableOnlineStore': True, 'StorageType': storage})
`);
  });
  after(() => server.stop());

  it('batch_write_record: 25 records a call as the SDK batches them, per-entry errors, then list_records pages through them', () => {
    const out = boto(`
entries = [{'FeatureGroupName': 'v2', 'Record': rec('r%02d' % i, n=str(i))} for i in range(24)] + [{'FeatureGroupName': 'v2', 'Record': rec('bad', n='x')}]
r = rt.batch_write_record(Entries=entries)
out['errors'] = [[e['Entry']['Record'][0]['ValueAsString'], e['ErrorCode'], e['ErrorMessage']] for e in r['Errors']]
out['unprocessed'] = r['UnprocessedEntries']
out['too_many'] = error(lambda: rt.batch_write_record(Entries=entries + entries[:1]))
ids, token, pages = [], None, 0
while True:
    page = rt.list_records(FeatureGroupName='v2', MaxResults=10, **({'NextToken': token} if token else {}))
    ids += page['RecordIdentifiers']
    pages += 1
    token = page.get('NextToken')
    if not token:
        break
out['ids'] = ids
out['pages'] = pages
out['r07'] = values(rt.get_record(FeatureGroupName='v2', RecordIdentifierValueAsString='r07'))
`);
    assert.deepEqual(out['errors'], [['bad', 'ValidationException', 'Validation Error: Value "x" of feature n in FeatureGroup v2 is not a valid Integral: it must be a 64-bit signed integer.']]);
    assert.deepEqual(out['unprocessed'], []);
    assert.equal((out['too_many'] as unknown[])[0], 'ValidationException');
    assert.match(String((out['too_many'] as unknown[])[2]), /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 25/);
    assert.deepEqual(out['ids'], Array.from({ length: 24 }, (_, i) => `r${String(i).padStart(2, '0')}`));
    assert.equal(out['pages'], 3);
    assert.equal((out['r07'] as Record<string, string>)['n'], '7');
  });

  it('update_record: partial updates on Standard_V2; ConflictException and ResourceNotFound as the SDK sees them; Standard migrates with update_feature_group', () => {
    const out = boto(`
rt.put_record(FeatureGroupName='v2', Record=rec('u', n='1', s='a'))
rt.update_record(FeatureGroupName='v2', RecordIdentifierValueAsString='u', Features=[{'FeatureName': 's', 'ValueAsString': 'b'}])
out['merged'] = values(rt.get_record(FeatureGroupName='v2', RecordIdentifierValueAsString='u'))
out['conflict'] = error(lambda: rt.update_record(FeatureGroupName='v2', RecordIdentifierValueAsString='u', Features=[{'FeatureName': 'ts', 'ValueAsString': str(T - 1)}]))
out['missing'] = error(lambda: rt.update_record(FeatureGroupName='v2', RecordIdentifierValueAsString='nobody', Features=[{'FeatureName': 's', 'ValueAsString': 'x'}]))
rt.put_record(FeatureGroupName='std', Record=rec('u', n='1'))
out['standard'] = error(lambda: rt.update_record(FeatureGroupName='std', RecordIdentifierValueAsString='u', Features=[{'FeatureName': 'n', 'ValueAsString': '2'}]))
sm.update_feature_group(FeatureGroupName='std', OnlineStoreConfig={'StorageType': 'Standard_V2'})
out['storage'] = sm.describe_feature_group(FeatureGroupName='std')['OnlineStoreConfig']['StorageType']
rt.update_record(FeatureGroupName='std', RecordIdentifierValueAsString='u', Features=[{'FeatureName': 'n', 'ValueAsString': '2'}])
out['migrated'] = values(rt.get_record(FeatureGroupName='std', RecordIdentifierValueAsString='u'))
out['back'] = error(lambda: sm.update_feature_group(FeatureGroupName='std', OnlineStoreConfig={'StorageType': 'Standard'}))
`);
    const merged = out['merged'] as Record<string, string>;
    assert.deepEqual([merged['id'], merged['n'], merged['s']], ['u', '1', 'b'], 'the feature not named is kept');
    const conflict = out['conflict'] as [string, number, string];
    assert.deepEqual(conflict.slice(0, 2), ['ConflictException', 409]);
    assert.match(conflict[2], /is earlier than the EventTime of record u/);
    assert.deepEqual((out['missing'] as unknown[]).slice(0, 2), ['ResourceNotFound', 404]);
    assert.deepEqual((out['standard'] as unknown[]).slice(0, 2), ['ValidationError', 400]);
    assert.equal(out['storage'], 'Standard_V2');
    assert.equal((out['migrated'] as Record<string, string>)['n'], '2');
    assert.deepEqual((out['back'] as unknown[]).slice(0, 2), ['ValidationException', 400]);
  });
});
