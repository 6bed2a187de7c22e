import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DescribeFeatureGroupResponse } from '@aws-sdk/client-sagemaker';
import { TrainingSetBuilder } from './builder.js';

const customers = {
  FeatureGroupName: 'customers', RecordIdentifierFeatureName: 'cid', EventTimeFeatureName: 'created_at',
  FeatureDefinitions: [{ FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'age', FeatureType: 'Integral' }, { FeatureName: 'created_at', FeatureType: 'Fractional' }],
  OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b/p' }, DataCatalogConfig: { TableName: 'customers_1', Catalog: 'AwsDataCatalog', Database: 'sagemaker_featurestore' } },
} as DescribeFeatureGroupResponse;
const opts = { outputLocation: 's3://results/training/', tempName: { id: 'dataframe-base-t', table: 'dataframe_dataframe_base_t' } };

describe('TrainingSetBuilder: fluent options to SQL without calling AWS', () => {
  it('writes the SQL from DescribeFeatureGroup outputs, with the options set', () => {
    const sql = TrainingSetBuilder.fromFeatureGroup(customers, opts).withFeatureGroup(customers, { includedFeatureNames: ['age'] })
      .pointInTimeAccurateJoin().withNumberOfRecentRecordsByRecordIdentifier(2).withNumberOfRecordsFromQueryResults(5).toSql();
    assert.ok(sql.includes('SELECT "cid", "age", "created_at", "age.1"\n'), sql);
    assert.ok(sql.endsWith('WHERE row_recent <= 2\nLIMIT 5'), sql);
  });

  it('a joined group reads the feature its join compares, even when includedFeatureNames leaves it out (shown: only the included)', () => {
    const purchases = {
      FeatureGroupName: 'purchases', RecordIdentifierFeatureName: 'pid', EventTimeFeatureName: 'created_at',
      FeatureDefinitions: [{ FeatureName: 'pid', FeatureType: 'Integral' }, { FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'amount', FeatureType: 'Fractional' }, { FeatureName: 'created_at', FeatureType: 'Fractional' }],
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b/p' }, DataCatalogConfig: { TableName: 'purchases_1', Catalog: 'AwsDataCatalog', Database: 'sagemaker_featurestore' } },
    } as DescribeFeatureGroupResponse;
    const sql = TrainingSetBuilder.fromFeatureGroup(customers, opts)
      .withFeatureGroup(purchases, { targetFeatureNameInBase: 'cid', featureNameInTarget: 'cid', includedFeatureNames: ['amount'], joinType: 'LEFT_JOIN' }).toSql();
    assert.ok(sql.includes(',\nfg_0 AS (WITH table_0 AS ('), sql);
    assert.ok(sql.includes('SELECT table_0."amount", table_0."pid", table_0."created_at", table_0."cid"\n'), sql);
    assert.ok(sql.includes('LEFT JOIN fg_0\nON fg_base."cid" = fg_0."cid"'), sql);
    assert.ok(sql.includes('SELECT "cid", "age", "created_at", "amount.1"\n'), sql);
  });

  it('a rows base: the temporary table’s DDL at <outputLocation>/<id>/, and the query reads that table', () => {
    const b = TrainingSetBuilder.fromRows([{ cid: 1, label: 0.5, ts: '2024-01-01T00:00:00Z' }], { recordIdentifierFeatureName: 'cid', eventTimeFeatureName: 'ts' }, opts)
      .withFeatureGroup(customers).pointInTimeAccurateJoin();
    assert.equal(b.baseTableSql(), "CREATE EXTERNAL TABLE dataframe_dataframe_base_t (cid INT, label DOUBLE, ts STRING) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' "
      + 'WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "`", "escapeChar" = "\\\\") LOCATION \'s3://results/training/dataframe-base-t/\';');
    const sql = b.toSql();
    assert.ok(sql.includes('FROM "sagemaker_featurestore"."dataframe_dataframe_base_t" origin_base'), sql);
    assert.ok(sql.includes('AND from_iso8601_timestamp(fg_base."ts") >= from_unixtime(fg_0."created_at")'), sql);
  });

  it('asks for resolve() when a group is given by name, and refuses a non-S3 output location', () => {
    assert.throws(() => TrainingSetBuilder.fromFeatureGroup('customers', opts).toSql(), /Feature group customers is not described yet: call resolve\(\)/);
    assert.throws(() => TrainingSetBuilder.fromFeatureGroup(customers, { outputLocation: '/tmp/x' }), /outputLocation must be an S3 URI/);
  });

  it('withEventTimeRange with one end bounds that end only', () => {
    const sql = TrainingSetBuilder.fromFeatureGroup(customers, opts).withEventTimeRange(undefined, new Date(1_700_000_000_000)).toSql();
    assert.ok(sql.includes('<= from_unixtime(1700000000.0)'));
    assert.ok(!sql.includes('>= from_unixtime('));
  });
});
