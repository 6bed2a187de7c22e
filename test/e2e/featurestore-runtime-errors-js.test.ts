import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  BatchGetRecordCommand, GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient, type FeatureValue,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

describe('Feature Store runtime: bad input gets AWS’s errors and writes nothing; TTL expiry on the test clock (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let rt: SageMakerFeatureStoreRuntimeClient;
  const t = Math.floor(Date.now() / 1000);
  const rec = (cid: string, at: string | number = t, more: FeatureValue[] = []): FeatureValue[] => [
    { FeatureName: 'cid', ValueAsString: cid }, { FeatureName: 'created_at', ValueAsString: String(at) }, ...more,
  ];
  const client = (offsetMs = 0) => new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1, systemClockOffset: offsetMs });

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    b = createAccount(server.dataDir, 'feature-store-b');
    const roleArn = (await iamClient(server.url, b).send(new CreateRoleCommand({ RoleName: 'fs', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }))).Role!.Arn!;
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'customers', RecordIdentifierFeatureName: 'cid', EventTimeFeatureName: 'created_at',
      FeatureDefinitions: [
        { FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'name', FeatureType: 'String' }, { FeatureName: 'age', FeatureType: 'Integral' },
        { FeatureName: 'score', FeatureType: 'Fractional' }, { FeatureName: 'created_at', FeatureType: 'Fractional' },
      ],
      OnlineStoreConfig: { EnableOnlineStore: true, TtlDuration: { Unit: 'Hours', Value: 1 } },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://offline-b/fs' } }, RoleArn: roleArn,
    }));
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'events', RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'String' }],
      OnlineStoreConfig: { EnableOnlineStore: true },
    }));
    rt = client();
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('1', t, [{ FeatureName: 'name', ValueAsString: 'kept' }]) }));
  });
  after(() => server.stop());

  const unchanged = async () => {
    const got = await rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '1', FeatureNames: ['name'] }));
    assert.deepEqual(got.Record, [{ FeatureName: 'name', ValueAsString: 'kept' }], 'nothing half-written');
  };

  it('refuses unknown features, wrong types, a missing identifier and a bad event time with ValidationException', async () => {
    const put = (Record: FeatureValue[]) => rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record }));
    await assertAwsError(put(rec('1', t + 1, [{ FeatureName: 'nickname', ValueAsString: 'x' }])), 'ValidationException', 400, 'Validation Error: Feature nickname is not defined in FeatureGroup customers.');
    await assertAwsError(put(rec('1', t + 1, [{ FeatureName: 'age', ValueAsString: 'thirty' }])), 'ValidationException', 400,
      'Validation Error: Value "thirty" of feature age in FeatureGroup customers is not a valid Integral: it must be a 64-bit signed integer.');
    await assertAwsError(put(rec('1', t + 1, [{ FeatureName: 'score', ValueAsString: '1.2.3' }])), 'ValidationException', 400, /not a valid Fractional/);
    await assertAwsError(put(rec('1', t + 1, [{ FeatureName: 'name', ValueAsStringList: ['a'] }])), 'ValidationException', 400, /not a collection feature/);
    await assertAwsError(put([{ FeatureName: 'created_at', ValueAsString: String(t + 1) }]), 'ValidationException', 400,
      'Validation Error: The record must have a value for its record identifier feature cid.');
    await assertAwsError(put(rec('1', '2024-01-01T00:00:00Z')), 'ValidationException', 400, /^Validation Error: Event time "2024-01-01T00:00:00Z" of feature created_at is not valid: a Fractional event time is a Unix timestamp in seconds/);
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'events', Record: [{ FeatureName: 'id', ValueAsString: 'e' }, { FeatureName: 'ts', ValueAsString: '2024-01-01 00:00:00' }] })),
      'ValidationException', 400, /yyyy-MM-dd'T'HH:mm:ssZ or yyyy-MM-dd'T'HH:mm:ss.SSSZ/);
    await unchanged();
  });

  it('refuses an oversize record (350 KB) and an oversize value (the model’s 358,400 characters)', async () => {
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('1', t + 1, [{ FeatureName: 'name', ValueAsString: 'x'.repeat(358_395) }]) })),
      'ValidationException', 400, /^Validation Error: The record is 358\d{3} bytes; a record can be at most 358400 bytes \(350 KB\)\.$/);
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('1', t + 1, [{ FeatureName: 'name', ValueAsString: 'x'.repeat(358_401) }]) })),
      'ValidationException', 400, /Member must have length less than or equal to 358400/);
    await unchanged();
  });

  it('checks the model first: names, empty records, TTL values and store names', async () => {
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: [] })), 'ValidationException', 400, /Member must have length greater than or equal to 1/);
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('1'), TtlDuration: { Unit: 'Days', Value: 0 } })), 'ValidationException', 400, /Member must have value greater than or equal to 1/);
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('1'), TargetStores: ['Elsewhere' as 'OnlineStore'] })), 'ValidationException', 400, /Member must satisfy enum value set/);
    await assertAwsError(rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '1', FeatureNames: ['not a name'] })), 'ValidationException', 400, /Member must satisfy regular expression pattern/);
    await unchanged();
  });

  it('answers a missing group with ValidationError on PutRecord and ResourceNotFound on GetRecord', async () => {
    const msg = "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name ghost";
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'ghost', Record: rec('1') })), 'ValidationError', 400, msg);
    await assertAwsError(rt.send(new GetRecordCommand({ FeatureGroupName: 'ghost', RecordIdentifierValueAsString: '1' })), 'ResourceNotFound', 404, msg);
  });

  it('refuses a target store the group lacks', async () => {
    await assertAwsError(rt.send(new PutRecordCommand({ FeatureGroupName: 'events', Record: [{ FeatureName: 'id', ValueAsString: 'e' }, { FeatureName: 'ts', ValueAsString: '2024-01-01T00:00:00Z' }], TargetStores: ['OfflineStore'] })),
      'ValidationError', 400, 'Validation Error: TargetStores includes OfflineStore, but FeatureGroup events has no OfflineStore.');
  });

  it('expires a record at EventTime + its own TTL: hidden once the server’s clock passes ExpiresAt', async () => {
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('2', t), TtlDuration: { Unit: 'Seconds', Value: 60 } }));
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('3', t) }));
    const live = await rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '2', ExpirationTimeResponse: 'Enabled' }));
    assert.equal(live.ExpiresAt, new Date((t + 60) * 1000).toISOString());
    const group = await rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '3', ExpirationTimeResponse: 'Enabled' }));
    assert.equal(group.ExpiresAt, new Date((t + 3600) * 1000).toISOString(), 'the group’s one-hour TTL');
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '3' }))).ExpiresAt, undefined, 'only when asked for');

    const skip = Math.max(0, (t + 61) * 1000 - Date.now());
    await new AdminClient({ endpoint: server.url, credentials: server.operatorKey() }).call('AdvanceClock', { Milliseconds: skip });
    // The client's clock moves with the server's, so its signatures stay within the 15-minute skew.
    const later = client(skip);
    assert.deepEqual((await later.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '2' }))).Record, undefined);
    const batch = await later.send(new BatchGetRecordCommand({ Identifiers: [{ FeatureGroupName: 'customers', RecordIdentifiersValueAsString: ['2', '3'] }] }));
    assert.deepEqual(batch.Records!.map((r) => r.RecordIdentifierValueAsString), ['3']);
    // Expired means hard-deleted: a put with an event time before the expired record's is new again.
    await later.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: rec('2', t - 5, [{ FeatureName: 'name', ValueAsString: 'again' }]), TtlDuration: { Unit: 'Weeks', Value: 1 } }));
    assert.deepEqual((await later.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '2', FeatureNames: ['name'] }))).Record, [{ FeatureName: 'name', ValueAsString: 'again' }]);
  });
});
