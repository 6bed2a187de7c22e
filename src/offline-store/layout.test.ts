import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchSuffix, eventTimeMs, fileTimestamp, objectLocation, parseS3Uri, partitionPath, resolvedOutputS3Uri } from './layout.js';

const group = {
  accountId: '111122223333',
  region: 'us-east-1',
  name: 'customer-purchase-history-patterns',
  createdAt: new Date(1593511200_000 + 456),
};

describe('offline store layout (SageMaker docs: feature-store-offline.html)', () => {
  it('derives ResolvedOutputS3Uri as <S3Uri>/<account>/sagemaker/<region>/offline-store/<name>-<creation epoch>/data', () => {
    const uri = resolvedOutputS3Uri({ ...group, offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://my-bucket/my-prefix/' } } });
    assert.equal(uri, 's3://my-bucket/my-prefix/111122223333/sagemaker/us-east-1/offline-store/customer-purchase-history-patterns-1593511200/data');
    assert.equal(resolvedOutputS3Uri({ ...group, offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b' } } }), 's3://b/111122223333/sagemaker/us-east-1/offline-store/customer-purchase-history-patterns-1593511200/data');
  });

  it('prefers the stored ResolvedOutputS3Uri and has none without an offline store', () => {
    assert.equal(resolvedOutputS3Uri({ ...group, offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b', ResolvedOutputS3Uri: 's3://b/x/data' } } }), 's3://b/x/data');
    assert.equal(resolvedOutputS3Uri(group), undefined);
  });

  it('splits s3:// URIs', () => {
    assert.deepEqual(parseS3Uri('s3://bucket/a/b/'), { bucket: 'bucket', key: 'a/b' });
    assert.deepEqual(parseS3Uri('s3://bucket'), { bucket: 'bucket', key: '' });
    assert.throws(() => parseS3Uri('https://bucket/x'));
  });

  it('reads event times: Fractional as Unix seconds, String as ISO-8601', () => {
    assert.equal(eventTimeMs('1593511200.5', 'Fractional'), 1593511200_500);
    assert.equal(eventTimeMs('1593511200', 'Integral'), 1593511200_000);
    assert.equal(eventTimeMs('2020-06-30T10:00:00Z', 'String'), Date.UTC(2020, 5, 30, 10));
    assert.equal(eventTimeMs('2020-06-30T10:00:00.123Z', 'String'), Date.UTC(2020, 5, 30, 10, 0, 0, 123));
    assert.equal(eventTimeMs('1593511200', undefined), 1593511200_000);
    assert.equal(eventTimeMs('not a time', 'String'), undefined);
    assert.equal(eventTimeMs('soon', 'Fractional'), undefined);
  });

  it('partitions by event-time hour in UTC, zero-padded', () => {
    assert.equal(partitionPath(Date.UTC(2020, 5, 3, 7, 59, 59)), 'year=2020/month=06/day=03/hour=07');
    assert.equal(partitionPath(Date.UTC(1999, 11, 31, 23)), 'year=1999/month=12/day=31/hour=23');
  });

  it('names files <yyyyMMddTHHmmssZ>_<16 alphanumerics>.parquet', () => {
    assert.equal(fileTimestamp(Date.UTC(2020, 5, 30, 6, 44, 1, 999)), '20200630T064401Z');
    const suffix = batchSuffix(['111122223333', 'us-east-1', 'g', 1593511200, 'year=2020/month=06/day=30/hour=06', 17, 1]);
    assert.match(suffix, /^[A-Za-z0-9]{16}$/);
    assert.equal(batchSuffix(['111122223333', 'us-east-1', 'g', 1593511200, 'year=2020/month=06/day=30/hour=06', 17, 1]), suffix, 'deterministic');
    assert.notEqual(batchSuffix(['111122223333', 'us-east-1', 'g', 1593511200, 'year=2020/month=06/day=30/hour=06', 18, 1]), suffix);
    const loc = objectLocation({ resolvedUri: 's3://b/p/111122223333/sagemaker/us-east-1/offline-store/g-1593511200/data', partitionMs: Date.UTC(2020, 5, 30, 6, 44, 1), fileMs: Date.UTC(2020, 5, 30, 6, 44, 1), suffix });
    assert.equal(loc.bucket, 'b');
    assert.equal(loc.key, `p/111122223333/sagemaker/us-east-1/offline-store/g-1593511200/data/year=2020/month=06/day=30/hour=06/20200630T064401Z_${suffix}.parquet`);
  });
});
