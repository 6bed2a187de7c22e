import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRecordCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { createAccount, ServerProcess, TEST_SHAPE, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';
import { READS_NUL_WHOLE } from '../../src/storage/sqlite/node-sqlite.js';

/**
 * U+0000 in values a store keeps: SQLite keeps it (the embedded shape round-trips it on Node 24);
 * PostgreSQL's text cannot, and Node 22's node:sqlite reads it back cut short, so those refuse an
 * object key with it, with the service's validation error saying why (docs/DEPLOYMENT.md), never
 * a 500 and never a key listed as another. Values kept as JSON text (records) are escaped and kept
 * everywhere. The server runs on the Node running the tests, so READS_NUL_WHOLE is the server's.
 */
describe('U+0000 in an object key and a record value, in each deployment shape (JS SDK v3)', () => {
  let server: ServerProcess;
  let keys: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    keys = createAccount(server.dataDir);
  });
  after(() => server.stop());
  const store = TEST_SHAPE === 'postgres' ? 'PostgreSQL' : `SQLite on Node ${process.versions.node}`;
  const NUL_MESSAGE = `The request contains the character U+0000, which this sagelite deployment (state in ${store}) cannot store.`;

  it('an object key with U+0000', async () => {
    const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: keys, forcePathStyle: true, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'nul-keys' }));
    const put = s3.send(new PutObjectCommand({ Bucket: 'nul-keys', Key: 'a\u0000b', Body: 'x' }));
    if (TEST_SHAPE === 'sqlite' && READS_NUL_WHOLE) {
      await put;
      assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'nul-keys', Key: 'a\u0000b' }))).Body!.transformToString(), 'x');
      assert.deepEqual((await s3.send(new ListObjectsV2Command({ Bucket: 'nul-keys', Prefix: 'a\u0000' }))).Contents?.map((c) => c.Key), ['a\u0000b']);
    } else {
      await assertAwsError(put, 'InvalidArgument', 400, NUL_MESSAGE);
      await assertAwsError(s3.send(new ListObjectsV2Command({ Bucket: 'nul-keys', Prefix: 'a\u0000' })), 'InvalidArgument', 400, NUL_MESSAGE);
    }
  });

  it('a record value with U+0000: kept in both shapes', async () => {
    const config = { endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 };
    await new SageMakerClient(config).send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'nul', RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 't',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 't', FeatureType: 'Fractional' }, { FeatureName: 'note', FeatureType: 'String' }],
      OnlineStoreConfig: { EnableOnlineStore: true },
    }));
    const rt = new SageMakerFeatureStoreRuntimeClient(config);
    const record = [{ FeatureName: 'id', ValueAsString: 'r1' }, { FeatureName: 't', ValueAsString: '1700000000' }, { FeatureName: 'note', ValueAsString: 'x\u0000y' }];
    // Records are kept as JSON text in both stores, where U+0000 is written escaped: both keep it.
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'nul', Record: record }));
    assert.deepEqual((await rt.send(new GetRecordCommand({ FeatureGroupName: 'nul', RecordIdentifierValueAsString: 'r1' }))).Record, record);
  });
});
