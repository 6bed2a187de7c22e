import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DescribeFeatureGroupResponse } from '@aws-sdk/client-sagemaker';
import { sourceFromFeatureGroup, sourceFromTable } from './source.js';
import { trainingSetSql, unixSeconds, type JoinedSource } from './sql.js';

function group(name: string, table: string, features: Array<[string, 'Integral' | 'Fractional' | 'String']>, recordId: string, eventTime: string): DescribeFeatureGroupResponse {
  return {
    FeatureGroupName: name, FeatureGroupArn: `arn:aws:sagemaker:us-east-1:222222222222:feature-group/${name}`,
    RecordIdentifierFeatureName: recordId, EventTimeFeatureName: eventTime,
    FeatureDefinitions: features.map(([FeatureName, FeatureType]) => ({ FeatureName, FeatureType })),
    OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b/p' }, DataCatalogConfig: { TableName: table, Catalog: 'AwsDataCatalog', Database: 'sagemaker_featurestore' } },
    CreationTime: new Date(0), FeatureGroupStatus: 'Created',
  } as DescribeFeatureGroupResponse;
}
const customers = group('customers', 'customers_1700000000', [['cid', 'Integral'], ['name', 'String'], ['created_at', 'Fractional']], 'cid', 'created_at');
const purchases = group('purchases', 'purchases_1700000001', [['pid', 'Integral'], ['cid', 'Integral'], ['amount', 'Fractional'], ['created_at', 'Fractional']], 'pid', 'created_at');
const joinPurchases = (over: Partial<JoinedSource> = {}, included?: string[]): JoinedSource => ({
  ...sourceFromFeatureGroup(purchases, included), targetFeatureNameInBase: 'cid', featureNameInTarget: 'cid', joinComparator: 'EQUALS', joinType: 'INNER_JOIN', ...over,
});

/** The Python SDK's default query for a feature-group base alone, written out by hand from its source. */
const CUSTOMERS_ALONE = `WITH fg_base AS (WITH table_base AS (
SELECT *
FROM (
SELECT *, row_number() OVER (
PARTITION BY origin_base."cid", origin_base."created_at"
ORDER BY origin_base."api_invocation_time" DESC, origin_base."write_time" DESC
) AS dedup_row_base
FROM "sagemaker_featurestore"."customers_1700000000" origin_base
)
WHERE dedup_row_base = 1
),
deleted_base AS (
SELECT *
FROM (
SELECT *, row_number() OVER (
PARTITION BY origin_base."cid"
ORDER BY origin_base."created_at" DESC, origin_base."api_invocation_time" DESC, origin_base."write_time" DESC
) AS deleted_row_base
FROM "sagemaker_featurestore"."customers_1700000000" origin_base
WHERE is_deleted
)
WHERE deleted_row_base = 1
)
SELECT table_base."cid", table_base."name", table_base."created_at"
FROM (
SELECT table_base."cid", table_base."name", table_base."created_at", table_base."write_time"
FROM table_base
LEFT JOIN deleted_base
ON table_base."cid" = deleted_base."cid"
WHERE deleted_base."cid" IS NULL
UNION ALL
SELECT table_base."cid", table_base."name", table_base."created_at", table_base."write_time"
FROM deleted_base
JOIN table_base
ON table_base."cid" = deleted_base."cid"
AND (
table_base."created_at" > deleted_base."created_at"
OR (table_base."created_at" = deleted_base."created_at" AND table_base."api_invocation_time" > deleted_base."api_invocation_time")
OR (table_base."created_at" = deleted_base."created_at" AND table_base."api_invocation_time" = deleted_base."api_invocation_time" AND table_base."write_time" > deleted_base."write_time")
)
) AS table_base
)
SELECT "cid", "name", "created_at"
FROM (
SELECT fg_base."cid", fg_base."name", fg_base."created_at", row_number() OVER (
PARTITION BY fg_base."cid"
ORDER BY fg_base."created_at" DESC
) AS row_recent
FROM fg_base
)
`;

describe('trainingSetSql: DatasetBuilder-shaped Athena SQL', () => {
  it('a feature group alone: de-duplicated, soft deletes removed, ranked per record', () => {
    assert.equal(trainingSetSql({ base: sourceFromFeatureGroup(customers), joins: [] }), CUSTOMERS_ALONE);
  });

  it('joins a second group on a chosen feature, point in time, newest first, with recent-records and limit clauses', () => {
    const sql = trainingSetSql({
      base: sourceFromFeatureGroup(customers), joins: [joinPurchases({}, ['amount'])], pointInTimeAccurateJoin: true, numberOfRecentRecords: 1, numberOfRecords: 10,
    });
    assert.ok(sql.includes(',\nfg_0 AS (WITH table_0 AS (\n'));
    assert.ok(sql.includes('SELECT table_0."amount", table_0."pid", table_0."created_at"\nFROM (\n'), 'the identifier and event time are read, not shown');
    assert.ok(sql.endsWith(`SELECT "cid", "name", "created_at", "amount.1"
FROM (
SELECT fg_base."cid", fg_base."name", fg_base."created_at", fg_0."amount" as "amount.1", row_number() OVER (
PARTITION BY fg_base."cid"
ORDER BY fg_base."created_at" DESC, fg_0."created_at" DESC
) AS row_recent
FROM fg_base
JOIN fg_0
ON fg_base."cid" = fg_0."cid"
AND from_unixtime(fg_base."created_at") >= from_unixtime(fg_0."created_at")
)
WHERE row_recent <= 1
LIMIT 10`), sql);
  });

  it('as_of and an event-time range bound every read of the table and the deletions', () => {
    const sql = trainingSetSql({
      base: sourceFromFeatureGroup(customers), joins: [],
      writeTimeEnding: new Date('2024-03-01T12:30:45.678Z'), eventTimeStarting: new Date('2024-01-01T00:00:00Z'), eventTimeEnding: new Date('2024-02-01T00:00:00.5Z'),
    });
    const asOf = `"write_time" <= to_timestamp('2024-03-01 12:30:45', 'yyyy-mm-dd hh24:mi:ss')`;
    assert.ok(sql.includes(`FROM "sagemaker_featurestore"."customers_1700000000" origin_base\nWHERE origin_base.${asOf}\nAND from_unixtime(origin_base."created_at") >= from_unixtime(1704067200.0)\nAND from_unixtime(origin_base."created_at") <= from_unixtime(1706745600.5)\n)\nWHERE dedup_row_base = 1`), sql);
    assert.ok(sql.includes(`WHERE is_deleted\nAND origin_base.${asOf}\nAND from_unixtime(origin_base."created_at") >= from_unixtime(1704067200.0)\n`), sql);
    assert.ok(sql.includes(`) AS table_base\nWHERE table_base.${asOf}\nAND from_unixtime(table_base."created_at") >= from_unixtime(1704067200.0)\nAND from_unixtime(table_base."created_at") <= from_unixtime(1706745600.5))\nSELECT`), sql);
  });

  it('include deleted / duplicated records change the base table query as the SDK does', () => {
    const both = trainingSetSql({ base: sourceFromFeatureGroup(customers), joins: [], includeDeletedRecords: true, includeDuplicatedRecords: true });
    assert.ok(both.startsWith('WITH fg_base AS (SELECT table_base."cid", table_base."name", table_base."created_at"\nFROM "sagemaker_featurestore"."customers_1700000000" table_base\nWHERE NOT is_deleted)'), both);
    const deleted = trainingSetSql({ base: sourceFromFeatureGroup(customers), joins: [], includeDeletedRecords: true });
    assert.ok(deleted.includes('WHERE NOT is_deleted) AS table_base\nWHERE row_base = 1)'), deleted);
    const duplicated = trainingSetSql({ base: sourceFromFeatureGroup(customers), joins: [], includeDuplicatedRecords: true });
    assert.ok(duplicated.startsWith('WITH fg_base AS (WITH deleted_base AS ('), duplicated);
    assert.ok(duplicated.includes('FROM "sagemaker_featurestore"."customers_1700000000" table_base\nLEFT JOIN deleted_base'), duplicated);
    assert.ok(!duplicated.includes('dedup_row_base'));
  });

  it('a plain-table base with an ISO 8601 event time: read as is, compared with from_iso8601_timestamp', () => {
    const base = sourceFromTable({ table: 'dataframe_base_1', columns: ['cid', 'label', 'ts'], recordIdentifierFeatureName: 'cid', eventTimeFeatureName: 'ts', eventTimeType: 'String' });
    const sql = trainingSetSql({ base, joins: [joinPurchases({ joinType: 'LEFT_JOIN', joinComparator: 'GREATER_THAN_OR_EQUAL_TO' })], pointInTimeAccurateJoin: true });
    assert.ok(sql.startsWith(`WITH fg_base AS (WITH table_base AS (
SELECT *
FROM (
SELECT *, row_number() OVER (
PARTITION BY origin_base."cid", origin_base."ts"
) AS dedup_row_base
FROM "sagemaker_featurestore"."dataframe_base_1" origin_base
)
)
SELECT table_base."cid", table_base."label", table_base."ts"
FROM (
SELECT table_base."cid", table_base."label", table_base."ts"
FROM table_base
) AS table_base
)`), sql);
    assert.ok(sql.includes('LEFT JOIN fg_0\nON fg_base."cid" >= fg_0."cid"\nAND from_iso8601_timestamp(fg_base."ts") >= from_unixtime(fg_0."created_at")'), sql);
  });

  it('refuses what the SDK refuses, with its messages', () => {
    const base = sourceFromFeatureGroup(customers);
    const table = sourceFromTable({ table: 't', columns: ['id', 'ts'], recordIdentifierFeatureName: 'id', eventTimeFeatureName: 'ts', eventTimeType: 'Fractional' });
    assert.throws(() => trainingSetSql({ base, joins: [], pointInTimeAccurateJoin: true }), /only works when there is more than one feature group to join/);
    assert.throws(() => trainingSetSql({ base, joins: [], numberOfRecentRecords: -1 }), /non-negative integer for number_of_recent_records/);
    assert.throws(() => trainingSetSql({ base, joins: [joinPurchases({ targetFeatureNameInBase: 'nope' })] }), /Feature nope not found in base/);
    assert.throws(() => trainingSetSql({ base: table, joins: [], includeDeletedRecords: true }), /include_deleted_records\(\) only works for FeatureGroup/);
    assert.throws(() => trainingSetSql({ base: table, joins: [], writeTimeEnding: new Date() }), /as_of\(\) only works for FeatureGroup/);
    assert.throws(() => sourceFromFeatureGroup(purchases, ['nope']), /Feature nope not found in FeatureGroup purchases/);
    assert.throws(() => sourceFromFeatureGroup({ ...customers, OfflineStoreConfig: undefined }), /No metastore is configured with FeatureGroup customers/);
  });

  it('prints epoch seconds as Python prints a float', () => {
    assert.equal(unixSeconds(new Date(1704067200000)), '1704067200.0');
    assert.equal(unixSeconds(new Date(1704067200250)), '1704067200.25');
  });
});
