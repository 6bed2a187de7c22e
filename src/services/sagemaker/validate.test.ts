import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsError } from '../../core/errors.js';
import type { FeatureDefinition } from '../../storage/feature-store.js';
import { checkFeatureDefinitions, checkKeyFeatures } from './validate-features.js';
import { checkStores, checkThroughput, checkTtl, parseOfflineS3Uri } from './validate-stores.js';

const f = (FeatureName: string, FeatureType: FeatureDefinition['FeatureType'] = 'String', extra: Partial<FeatureDefinition> = {}): FeatureDefinition => ({ FeatureName, FeatureType, ...extra });

function fails(run: () => unknown, message: RegExp): void {
  assert.throws(run, (e: AwsError) => {
    assert.equal(e.code, 'ValidationException');
    assert.equal(e.status, 400);
    assert.match(e.message, /^Validation Error: /);
    assert.match(e.message, message);
    return true;
  });
}

const offline = { S3StorageConfig: { S3Uri: 's3://sagemaker-b/fs' } };
const role = 'arn:aws:iam::111122223333:role/r';

describe('feature definition rules', () => {
  it('refuses reserved names in any case, and names used twice without regard to case', () => {
    for (const name of ['is_deleted', 'WRITE_TIME', 'api_invocation_time']) fails(() => checkFeatureDefinitions([f(name)], { inMemory: false }), /is reserved/);
    fails(() => checkFeatureDefinitions([f('Age'), f('age')], { inMemory: false }), /age is used more than once/);
    fails(() => checkFeatureDefinitions([f('age')], { inMemory: false, existing: [f('AGE')] }), /feature age already exists/);
    checkFeatureDefinitions([f('age'), f('name')], { inMemory: false, existing: [f('id')] });
  });

  it('allows collection types only with an InMemory online store, and CollectionConfig only for vectors', () => {
    fails(() => checkFeatureDefinitions([f('tags', 'String', { CollectionType: 'List' })], { inMemory: false }), /supported only by an online store with StorageType InMemory/);
    checkFeatureDefinitions([f('tags', 'String', { CollectionType: 'Set' })], { inMemory: true });
    fails(() => checkFeatureDefinitions([f('v', 'Fractional', { CollectionType: 'Vector' })], { inMemory: true }), /requires CollectionConfig.VectorConfig.Dimension/);
    checkFeatureDefinitions([f('v', 'Fractional', { CollectionType: 'Vector', CollectionConfig: { VectorConfig: { Dimension: 3 } } })], { inMemory: true });
    fails(() => checkFeatureDefinitions([f('l', 'String', { CollectionType: 'List', CollectionConfig: { VectorConfig: { Dimension: 3 } } })], { inMemory: true }), /only with CollectionType Vector/);
    fails(() => checkFeatureDefinitions([f('s', 'String', { CollectionConfig: { VectorConfig: { Dimension: 3 } } })], { inMemory: true }), /no CollectionType/);
  });

  it('needs the record identifier and a Fractional or String event time among the features', () => {
    const defs = [f('id', 'Integral'), f('ts', 'Fractional'), f('iso'), f('n', 'Integral'), f('l', 'String', { CollectionType: 'List' })];
    checkKeyFeatures(defs, 'id', 'ts');
    checkKeyFeatures(defs, 'iso', 'iso');
    fails(() => checkKeyFeatures(defs, 'missing', 'ts'), /RecordIdentifierFeatureName missing must be the name of one of the FeatureDefinitions/);
    fails(() => checkKeyFeatures(defs, 'id', 'missing'), /EventTimeFeatureName missing must be the name/);
    fails(() => checkKeyFeatures(defs, 'id', 'n'), /EventTimeFeatureName n must be a feature of type Fractional or String, not Integral/);
    fails(() => checkKeyFeatures(defs, 'l', 'ts'), /must be a scalar feature, not a List/);
    fails(() => checkKeyFeatures(defs, 'id', 'ID'), /EventTimeFeatureName ID must be the name/); // names are exact here
  });
});

describe('store rules', () => {
  it('needs a store, an enabled online store for online settings, and no offline store beside InMemory', () => {
    fails(() => checkStores(undefined, undefined, undefined), /at least one of OnlineStoreConfig/);
    fails(() => checkStores({ EnableOnlineStore: false }, undefined, undefined), /at least one of OnlineStoreConfig/);
    fails(() => checkStores({ StorageType: 'Standard' }, offline, role), /require EnableOnlineStore to be true/);
    fails(() => checkStores({ EnableOnlineStore: true, StorageType: 'InMemory' }, offline, role), /InMemory cannot be combined with an OfflineStoreConfig/);
    checkStores({ EnableOnlineStore: true, StorageType: 'InMemory' }, undefined, undefined);
    checkStores({ EnableOnlineStore: true }, undefined, undefined);
  });

  it('needs s3:// URIs, a RoleArn, the Glue format and AwsDataCatalog when the table is created', () => {
    fails(() => checkStores(undefined, { S3StorageConfig: { S3Uri: 'https://b.s3.amazonaws.com/p' } }, role), /form s3:\/\/bucket\/prefix, not https/);
    fails(() => checkStores(undefined, offline, undefined), /RoleArn is required/);
    fails(() => checkStores(undefined, { ...offline, TableFormat: 'Iceberg' }, role), /Iceberg is not supported by sagelite yet/);
    fails(() => checkStores(undefined, { ...offline, DataCatalogConfig: { Catalog: 'Other', Database: 'd', TableName: 't' } }, role), /Catalog must be AwsDataCatalog/);
    checkStores(undefined, { ...offline, DisableGlueTableCreation: true, DataCatalogConfig: { Catalog: 'Other', Database: 'd', TableName: 't' } }, role);
    assert.deepEqual(parseOfflineS3Uri('s3://sagemaker-b/a/b/'), { bucket: 'sagemaker-b', prefix: 'a/b' });
    assert.deepEqual(parseOfflineS3Uri('s3://sagemaker-b'), { bucket: 'sagemaker-b', prefix: '' });
  });

  it('needs both TTL members (none removes it) and consistent throughput', () => {
    assert.equal(checkTtl({}, 'OnlineStoreConfig'), undefined);
    assert.deepEqual(checkTtl({ Unit: 'Days', Value: 2 }, 'X'), { Unit: 'Days', Value: 2 });
    fails(() => checkTtl({ Unit: 'Days' }, 'OnlineStoreConfig'), /OnlineStoreConfig.TtlDuration requires both Unit and Value/);
    fails(() => checkThroughput({ ThroughputMode: 'OnDemand', ProvisionedWriteCapacityUnits: 1 }, { online: true, inMemory: false }), /only with ThroughputMode Provisioned/);
    fails(() => checkThroughput({ ThroughputMode: 'Provisioned', ProvisionedWriteCapacityUnits: 1 }, { online: true, inMemory: false }), /requires ProvisionedReadCapacityUnits/);
    fails(() => checkThroughput({ ThroughputMode: 'Provisioned', ProvisionedWriteCapacityUnits: 1, ProvisionedReadCapacityUnits: 1 }, { online: true, inMemory: true }), /not supported for an online store with StorageType InMemory/);
    fails(() => checkThroughput({ ThroughputMode: 'Provisioned', ProvisionedWriteCapacityUnits: 1, ProvisionedReadCapacityUnits: 1 }, { online: false, inMemory: false }), /online store only/);
    checkThroughput({ ThroughputMode: 'Provisioned', ProvisionedWriteCapacityUnits: 5 }, { online: false, inMemory: false });
  });
});
