import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planBatches } from './batches.js';
import { testGroup, testRows } from '../../test/support/offline-store-fixtures.js';

const group = testGroup({ accountId: '111122223333' });
const prefix = 'fs/111122223333/sagemaker/us-east-1/offline-store/customers-1704164645/data';
const h10 = Date.UTC(2024, 0, 5, 10) / 1000;
const h11 = Date.UTC(2024, 0, 5, 11) / 1000;

describe('offline store batches', () => {
  it('makes one object per event-time hour, rows in sequence order, named from the first row', () => {
    const rows = testRows(group, [
      { sequence: 5, eventTime: h11 + 7 },
      { sequence: 1, eventTime: h10 + 1800 },
      { sequence: 3, eventTime: h10 + 60 },
      { sequence: 9, eventTime: h10 - 3600 * 24 * 365 }, // historic: a year earlier, its own partition
    ]);
    const batches = planBatches(group, rows, 100);
    assert.deepEqual(batches.map((b) => [b.partition, b.rows.map((r) => r.sequence)]), [
      ['year=2024/month=01/day=05/hour=10', [1, 3]],
      ['year=2024/month=01/day=05/hour=11', [5]],
      ['year=2023/month=01/day=05/hour=10', [9]],
    ]);
    for (const b of batches) {
      assert.equal(b.location.bucket, 'offline-b');
      assert.ok(b.location.key.startsWith(`${prefix}/${b.partition}/`), b.location.key);
      assert.match(b.location.key, /\/\d{8}T\d{6}Z_[A-Za-z0-9]{16}\.parquet$/);
    }
    assert.match(batches[0]!.location.key, /\/20240105T103000Z_/, 'the first row’s event time');
  });

  it('names a retried batch the same even when it holds more or fewer rows (crash between PutObject and acknowledge)', () => {
    const first = planBatches(group, testRows(group, [{ sequence: 1, eventTime: h10 }, { sequence: 2, eventTime: h10 + 5 }]), 100);
    const more = planBatches(group, testRows(group, [{ sequence: 1, eventTime: h10 }, { sequence: 2, eventTime: h10 + 5 }, { sequence: 7, eventTime: h10 + 3000 }]), 100);
    const fewer = planBatches(group, testRows(group, [{ sequence: 1, eventTime: h10 }]), 100);
    assert.equal(more[0]!.location.key, first[0]!.location.key);
    assert.equal(fewer[0]!.location.key, first[0]!.location.key);
    const other = planBatches(group, testRows(group, [{ sequence: 2, eventTime: h10 + 5 }]), 100);
    assert.notEqual(other[0]!.location.key, first[0]!.location.key);
  });

  it('splits a large partition into files of at most maxRowsPerFile, each named from its own first row', () => {
    const rows = testRows(group, Array.from({ length: 7 }, (_, i) => ({ sequence: i + 1, eventTime: h10 + i })));
    const batches = planBatches(group, rows, 3);
    assert.deepEqual(batches.map((b) => b.rows.map((r) => r.sequence)), [[1, 2, 3], [4, 5, 6], [7]]);
    assert.equal(new Set(batches.map((b) => b.location.key)).size, 3);
    // After the first file is acknowledged, the retry's first file is the old second file.
    assert.equal(planBatches(group, rows.slice(3), 3)[0]!.location.key, batches[1]!.location.key);
  });

  it('partitions String event times, and keeps a group’s own ResolvedOutputS3Uri', () => {
    const g = testGroup({
      accountId: '111122223333',
      featureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'event_time', FeatureType: 'String' }],
      offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://x', ResolvedOutputS3Uri: 's3://other/base/data' } },
    });
    const rows = testRows(g, [{ sequence: 1, eventTime: 0 }]);
    rows[0]!.eventTime = '2021-03-04T05:06:07Z';
    const [b] = planBatches(g, rows, 10);
    assert.equal(b!.location.bucket, 'other');
    assert.match(b!.location.key, /^base\/data\/year=2021\/month=03\/day=04\/hour=05\/20210304T050607Z_[A-Za-z0-9]{16}\.parquet$/);
  });

  it('falls back to the invocation time for an unreadable event time, and plans nothing without an offline store', () => {
    const rows = testRows(group, [{ sequence: 1, eventTime: 0 }]);
    rows[0]!.eventTime = 'garbage';
    assert.equal(planBatches(group, rows, 10)[0]!.partition, 'year=2024/month=06/day=01/hour=00');
    assert.deepEqual(planBatches({ ...group, offlineStoreConfig: undefined }, rows, 10), []);
  });
});
