import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatedTableName, offlineStoreTable, resolvedOutputS3Uri } from './glue-table.js';

describe('the offline store Feature Store describes in Glue', () => {
  const at = new Date(1_700_000_000_999);

  it('names the folder <name>-<epoch> and the table <name>_<epoch>, lower case, dashes as underscores', () => {
    assert.equal(resolvedOutputS3Uri('s3://sagemaker-b/fs/', '111122223333', 'eu-west-1', 'Customers-FG', at), 's3://sagemaker-b/fs/111122223333/sagemaker/eu-west-1/offline-store/Customers-FG-1700000000/data');
    assert.equal(resolvedOutputS3Uri('s3://sagemaker-b', '111122223333', 'us-east-1', 'c', at), 's3://sagemaker-b/111122223333/sagemaker/us-east-1/offline-store/c-1700000000/data');
    assert.equal(generatedTableName('Customers-FG_v2', at), 'customers_fg_v2_1700000000');
  });

  it('types the columns from the features, adds the three offline columns, and partitions hourly', () => {
    const t = offlineStoreTable('t', [
      { FeatureName: 'CID', FeatureType: 'Integral' },
      { FeatureName: 'amount', FeatureType: 'Fractional' },
      { FeatureName: 'name', FeatureType: 'String' },
      { FeatureName: 'tags', FeatureType: 'String', CollectionType: 'List' },
      { FeatureName: 'emb', FeatureType: 'Fractional', CollectionType: 'Vector', CollectionConfig: { VectorConfig: { Dimension: 2 } } },
    ], 's3://b/p/data');
    assert.deepEqual(t.StorageDescriptor?.Columns, [
      { Name: 'cid', Type: 'bigint' }, { Name: 'amount', Type: 'double' }, { Name: 'name', Type: 'string' },
      { Name: 'tags', Type: 'array<string>' }, { Name: 'emb', Type: 'array<double>' },
      { Name: 'write_time', Type: 'timestamp' }, { Name: 'api_invocation_time', Type: 'timestamp' }, { Name: 'is_deleted', Type: 'boolean' },
    ]);
    assert.deepEqual(t.PartitionKeys?.map((k) => `${k.Name}:${k.Type}`), ['year:string', 'month:string', 'day:string', 'hour:string']);
    assert.equal(t.StorageDescriptor?.Location, 's3://b/p/data');
    assert.equal(t.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    assert.equal(t.StorageDescriptor?.InputFormat, 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    assert.equal(t.StorageDescriptor?.OutputFormat, 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
    assert.equal(t.TableType, 'EXTERNAL_TABLE');
  });
});
