import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateFeatureGroupCommand, DeleteFeatureGroupCommand, DescribeFeatureGroupCommand, ListModelsCommand, SageMakerClient, UpdateFeatureGroupCommand,
  type CreateFeatureGroupCommandInput,
} from '@aws-sdk/client-sagemaker';
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

const sagemaker = (url: string, c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 });

/** The sample's customers features (data/cross-account-sample/schema/customers.json), bigint → Integral, double → Fractional. */
const CUSTOMER_FEATURES = [
  ['cid', 'Integral'], ['name', 'String'], ['age', 'Integral'], ['marital_status', 'String'], ['sex', 'String'], ['city', 'String'], ['state', 'String'], ['created_at', 'Fractional'],
].map(([FeatureName, FeatureType]) => ({ FeatureName: FeatureName!, FeatureType: FeatureType as 'Integral' | 'Fractional' | 'String' }));

describe('SageMaker feature groups: create, describe, update, delete and the Glue table (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let sm: SageMakerClient;
  let roleArn: string;
  const input = (name: string, over: Partial<CreateFeatureGroupCommandInput> = {}): CreateFeatureGroupCommandInput => ({
    FeatureGroupName: name, RecordIdentifierFeatureName: 'cid', EventTimeFeatureName: 'created_at', FeatureDefinitions: CUSTOMER_FEATURES,
    OnlineStoreConfig: { EnableOnlineStore: true }, OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/feature-store' } }, RoleArn: roleArn, ...over,
  });
  /** The Glue table as B reads it through Glue's API (undefined when there is none). */
  const glueTable = async (database: string, table: string) => {
    try {
      return (await new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 }).send(new GetTableCommand({ DatabaseName: database, Name: table }))).Table;
    } catch (e) {
      if ((e as { name?: string }).name === 'EntityNotFoundException') return undefined;
      throw e;
    }
  };

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'feature-store-b');
    roleArn = (await iamClient(server.url, b).send(new CreateRoleCommand({ RoleName: 'feature-store-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }))).Role!.Arn!;
    sm = sagemaker(server.url, b);
  });
  after(() => server.stop());

  it('creates a group that is Created at once, with the offline location, Glue entry and defaults AWS shows', async () => {
    const before = Math.floor(Date.now() / 1000);
    const out = await sm.send(new CreateFeatureGroupCommand(input('Customers-FG', { Description: 'Customer profile features', Tags: [{ Key: 'Environment', Value: 'DEV' }] })));
    assert.equal(out.FeatureGroupArn, `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers-fg`);
    const d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers-fg' }));
    const epoch = Math.floor(d.CreationTime!.getTime() / 1000);
    assert.ok(epoch >= before && epoch <= before + 5);
    assert.equal(d.FeatureGroupName, 'Customers-FG');
    assert.equal(d.FeatureGroupStatus, 'Created');
    assert.deepEqual(d.FeatureDefinitions, CUSTOMER_FEATURES);
    assert.deepEqual(d.OnlineStoreConfig, { EnableOnlineStore: true, StorageType: 'Standard' });
    assert.deepEqual(d.OfflineStoreConfig, {
      S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/feature-store', ResolvedOutputS3Uri: `s3://sagemaker-offline-b/feature-store/${b.accountId}/sagemaker/us-east-1/offline-store/Customers-FG-${epoch}/data` },
      DisableGlueTableCreation: false,
      DataCatalogConfig: { TableName: `customers_fg_${epoch}`, Catalog: 'AwsDataCatalog', Database: 'sagemaker_featurestore' },
      TableFormat: 'Glue',
    });
    assert.deepEqual(d.OfflineStoreStatus, { Status: 'Active' });
    assert.deepEqual(d.ThroughputConfig, { ThroughputMode: 'OnDemand' });
    assert.equal(d.RoleArn, roleArn);
    assert.equal(d.Description, 'Customer profile features');
    assert.equal(d.NextToken, '');
    assert.equal(d.LastUpdateStatus, undefined);

    const table = (await glueTable('sagemaker_featurestore', `customers_fg_${epoch}`))!;
    assert.equal(table.StorageDescriptor?.Location, d.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri);
    assert.deepEqual(table.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`), [
      'cid bigint', 'name string', 'age bigint', 'marital_status string', 'sex string', 'city string', 'state string', 'created_at double',
      'write_time timestamp', 'api_invocation_time timestamp', 'is_deleted boolean',
    ]);
    assert.deepEqual(table.PartitionKeys?.map((c) => c.Name), ['year', 'month', 'day', 'hour']);
    assert.equal(table.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  });

  it('answers ResourceInUse for the same name in any case, and ResourceNotFound for a missing group', async () => {
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(input('CUSTOMERS-fg'))), 'ResourceInUse', 400,
      'Resource Already Exists: FeatureGroup with name CUSTOMERS-fg already exists. Choose a different name.');
    await assertAwsError(sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'nope' })), 'ResourceNotFound', 400, "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name nope");
    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'nope', FeatureAdditions: [{ FeatureName: 'x', FeatureType: 'String' }] })), 'ResourceNotFound', 400, /can't find a FeatureGroup with name nope$/);
    await assertAwsError(sm.send(new DeleteFeatureGroupCommand({ FeatureGroupName: 'nope' })), 'ResourceNotFound', 400, /can't find a FeatureGroup with name nope$/);
    const arn = `arn:aws:sagemaker:eu-west-1:${b.accountId}:feature-group/customers-fg`;
    await assertAwsError(sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: arn })), 'ResourceNotFound', 400, /can't find a FeatureGroup with name arn:aws:sagemaker:eu-west-1:/);
  });

  it('refuses invalid definitions with ValidationException and says why', async () => {
    const cases: Array<[Partial<CreateFeatureGroupCommandInput>, RegExp]> = [
      [{ FeatureDefinitions: [...CUSTOMER_FEATURES, { FeatureName: 'is_deleted', FeatureType: 'String' }] }, /The feature name is_deleted is reserved/],
      [{ FeatureDefinitions: [...CUSTOMER_FEATURES, { FeatureName: 'AGE', FeatureType: 'Integral' }] }, /The feature name AGE is used more than once/],
      [{ RecordIdentifierFeatureName: 'customer' }, /RecordIdentifierFeatureName customer must be the name of one of the FeatureDefinitions/],
      [{ EventTimeFeatureName: 'age' }, /EventTimeFeatureName age must be a feature of type Fractional or String, not Integral/],
      [{ OnlineStoreConfig: undefined, OfflineStoreConfig: undefined }, /at least one of OnlineStoreConfig .* and OfflineStoreConfig/],
      [{ OnlineStoreConfig: { EnableOnlineStore: true, StorageType: 'InMemory' } }, /InMemory cannot be combined with an OfflineStoreConfig/],
      [{ FeatureDefinitions: [...CUSTOMER_FEATURES, { FeatureName: 'tags', FeatureType: 'String', CollectionType: 'List' }] }, /collection types are supported only by an online store with StorageType InMemory/],
      [{ OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/x' }, TableFormat: 'Iceberg' } }, /TableFormat Iceberg is not supported by sagelite yet/],
      [{ OfflineStoreConfig: { S3StorageConfig: { S3Uri: 'https://sagemaker-offline-b.s3.amazonaws.com/x' } } }, /S3Uri must be an Amazon S3 URI of the form s3:\/\/bucket\/prefix/],
      [{ RoleArn: undefined }, /RoleArn is required when OfflineStoreConfig is specified/],
      [{ OnlineStoreConfig: { EnableOnlineStore: true, TtlDuration: { Unit: 'Days' } } }, /TtlDuration requires both Unit and Value/],
      [{ Tags: [{ Key: 'aws:x', Value: 'y' }] }, /'aws:' are reserved/],
    ];
    for (const [over, message] of cases) {
      await assertAwsError(sm.send(new CreateFeatureGroupCommand(input('invalid', over))), 'ValidationException', 400, new RegExp(`^Validation Error: .*${message.source}`));
    }
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(input('bad_name!'))), 'ValidationException', 400,
      "1 validation error detected: Value 'bad_name!' at 'featureGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}");
    await assertAwsError(sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'invalid' })), 'ResourceNotFound', 400, /invalid$/);
  });

  it('creates under the given Glue names, only associates them when creation is off, and refuses to overwrite a table', async () => {
    const dc = { Catalog: 'AwsDataCatalog', Database: 'Team_DB', TableName: 'Purchases' };
    await sm.send(new CreateFeatureGroupCommand(input('given-names', { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/p/' }, DataCatalogConfig: dc } })));
    const d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'given-names' }));
    assert.deepEqual(d.OfflineStoreConfig?.DataCatalogConfig, dc);
    assert.match(d.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!, new RegExp(`^s3://sagemaker-offline-b/p/${b.accountId}/sagemaker/us-east-1/offline-store/given-names-\\d+/data$`));
    assert.ok(await glueTable('team_db', 'purchases'), 'the table is created under the given (lower-cased) names');
    await assertAwsError(sm.send(new CreateFeatureGroupCommand(input('given-again', { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/p' }, DataCatalogConfig: dc } }))),
      'ValidationException', 400, /^Validation Error: The Glue table Team_DB.Purchases already exists/);
    await assertAwsError(sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'given-again' })), 'ResourceNotFound', 400, /given-again$/);

    const associated = { Catalog: 'OtherCatalog', Database: 'db', TableName: 'existing' };
    await sm.send(new CreateFeatureGroupCommand(input('associated', { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/a' }, DisableGlueTableCreation: true, DataCatalogConfig: associated } })));
    assert.deepEqual((await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'associated' }))).OfflineStoreConfig?.DataCatalogConfig, associated);
    assert.equal(await glueTable('db', 'existing'), undefined);
    await sm.send(new CreateFeatureGroupCommand(input('no-table', { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://sagemaker-offline-b/n' }, DisableGlueTableCreation: true } })));
    const noTable = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'no-table' }));
    assert.equal(noTable.OfflineStoreConfig?.DataCatalogConfig, undefined);
    assert.equal(noTable.OfflineStoreConfig?.DisableGlueTableCreation, true);
  });

  it('adds features (to the Glue table too), sets and removes the TTL, changes throughput, one change per call', async () => {
    const name = 'Customers-FG';
    await sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name, FeatureAdditions: [{ FeatureName: 'email', FeatureType: 'String' }, { FeatureName: 'score', FeatureType: 'Fractional' }] }));
    let d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
    assert.deepEqual(d.FeatureDefinitions?.slice(-2), [{ FeatureName: 'email', FeatureType: 'String' }, { FeatureName: 'score', FeatureType: 'Fractional' }]);
    assert.deepEqual(d.LastUpdateStatus, { Status: 'Successful' });
    assert.ok(d.LastModifiedTime! >= d.CreationTime!);
    const cols = (await glueTable('sagemaker_featurestore', d.OfflineStoreConfig!.DataCatalogConfig!.TableName!))!.StorageDescriptor!.Columns!.map((c) => c.Name);
    assert.deepEqual(cols.slice(-5), ['email', 'score', 'write_time', 'api_invocation_time', 'is_deleted']);

    await sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name, OnlineStoreConfig: { TtlDuration: { Unit: 'Hours', Value: 12 } } }));
    d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
    assert.deepEqual(d.OnlineStoreConfig, { EnableOnlineStore: true, StorageType: 'Standard', TtlDuration: { Unit: 'Hours', Value: 12 } });
    await sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name, OnlineStoreConfig: { TtlDuration: {} } }));
    assert.deepEqual((await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }))).OnlineStoreConfig, { EnableOnlineStore: true, StorageType: 'Standard' });

    await sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name, ThroughputConfig: { ThroughputMode: 'Provisioned', ProvisionedReadCapacityUnits: 10, ProvisionedWriteCapacityUnits: 5 } }));
    assert.deepEqual((await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }))).ThroughputConfig, { ThroughputMode: 'Provisioned', ProvisionedReadCapacityUnits: 10, ProvisionedWriteCapacityUnits: 5 });

    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name })), 'ValidationException', 400, /Use exactly one of FeatureAdditions, OnlineStoreConfig and ThroughputConfig/);
    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name, FeatureAdditions: [{ FeatureName: 'x', FeatureType: 'String' }], ThroughputConfig: { ThroughputMode: 'OnDemand' } })),
      'ValidationException', 400, /Use exactly one of/);
    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: name, FeatureAdditions: [{ FeatureName: 'Email', FeatureType: 'String' }] })), 'ValidationException', 400, /The feature Email already exists/);
    await sm.send(new CreateFeatureGroupCommand(input('offline-only', { OnlineStoreConfig: undefined })));
    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'offline-only', OnlineStoreConfig: { TtlDuration: { Unit: 'Days', Value: 1 } } })), 'ValidationException', 400, /only for a feature group with an online store/);
  });

  it('deletes a group at once; its Glue table stays and its name can be used again', async () => {
    const d = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'Customers-FG' }));
    await sm.send(new DeleteFeatureGroupCommand({ FeatureGroupName: 'customers-FG' }));
    await assertAwsError(sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'Customers-FG' })), 'ResourceNotFound', 400, /Customers-FG$/);
    assert.ok(await glueTable('sagemaker_featurestore', d.OfflineStoreConfig!.DataCatalogConfig!.TableName!), 'the offline store’s table is kept, as on AWS');
    await sm.send(new CreateFeatureGroupCommand(input('Customers-FG', { OfflineStoreConfig: undefined })));
    assert.equal((await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'Customers-FG' }))).OfflineStoreConfig, undefined);
  });

  it('answers NotImplemented for the SageMaker operations sagelite does not have', async () => {
    await assertAwsError(sm.send(new ListModelsCommand({})), 'NotImplemented', 501, 'The operation ListModels of service SageMaker is not implemented in sagelite yet.');
  });
});
