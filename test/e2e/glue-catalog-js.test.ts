import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchDeleteTableCommand, CreateDatabaseCommand, CreateTableCommand, DeleteDatabaseCommand, DeleteTableCommand, GetDatabaseCommand, GetDatabasesCommand, GetTableCommand,
  GetTablesCommand, GlueClient, UpdateDatabaseCommand, UpdateTableCommand, paginateGetDatabases, paginateGetTables, type TableInput,
} from '@aws-sdk/client-glue';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const glue = (url: string, c: Creds) => new GlueClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 });

const orders = (name = 'Orders'): TableInput => ({
  Name: name,
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'int' }],
  StorageDescriptor: {
    Columns: [{ Name: 'id', Type: 'bigint' }, { Name: 'amount', Type: 'decimal(10,2)' }, { Name: 'tags', Type: 'array<string>' }, { Name: 'addr', Type: 'struct<city:string,zip:int>' }],
    Location: 's3://data-b/orders/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
  },
});

describe('Glue Data Catalog: databases and tables (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let g: GlueClient;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'glue-a');
    b = createAccount(server.dataDir, 'glue-b');
    g = glue(server.url, b);
  });
  after(() => server.stop());

  it('creates, reads, pages, updates and deletes databases', async () => {
    await g.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'Sales', Description: 'orders', LocationUri: 's3://data-b/', Parameters: { team: 'x' } } }));
    const { Database } = await g.send(new GetDatabaseCommand({ Name: 'SALES' }));
    assert.equal(Database?.Name, 'sales');
    assert.equal(Database?.CatalogId, b.accountId);
    assert.equal(Database?.Description, 'orders');
    assert.deepEqual(Database?.Parameters, { team: 'x' });
    assert.ok(Database?.CreateTime instanceof Date);
    await assertAwsError(g.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } })), 'AlreadyExistsException', 400, 'Database already exists.');
    await assertAwsError(g.send(new GetDatabaseCommand({ Name: 'Nope' })), 'EntityNotFoundException', 400, 'Database nope not found.');
    await g.send(new UpdateDatabaseCommand({ Name: 'sales', DatabaseInput: { Name: 'sales', Description: 'all orders' } }));
    assert.equal((await g.send(new GetDatabaseCommand({ Name: 'sales' }))).Database?.Description, 'all orders');
    await assertAwsError(g.send(new UpdateDatabaseCommand({ Name: 'nope', DatabaseInput: { Name: 'nope' } })), 'EntityNotFoundException', 400, 'Database nope not found.');

    for (const n of ['db1', 'db2', 'db3', 'db4']) await g.send(new CreateDatabaseCommand({ DatabaseInput: { Name: n } }));
    const first = await g.send(new GetDatabasesCommand({ MaxResults: 2 }));
    assert.deepEqual(first.DatabaseList?.map((d) => d.Name), ['db1', 'db2']);
    assert.ok(first.NextToken);
    const names: string[] = [];
    for await (const page of paginateGetDatabases({ client: g, pageSize: 2 }, {})) names.push(...(page.DatabaseList ?? []).map((d) => d.Name!));
    assert.deepEqual(names, ['db1', 'db2', 'db3', 'db4', 'sales']);
    await assertAwsError(g.send(new GetDatabasesCommand({ NextToken: 'bogus' })), 'InvalidInputException', 400, 'Invalid pagination token');
    assert.deepEqual((await glue(server.url, a).send(new GetDatabasesCommand({}))).DatabaseList, [], 'each account has its own catalog');

    await g.send(new CreateTableCommand({ DatabaseName: 'db4', TableInput: { Name: 't' } }));
    await g.send(new DeleteDatabaseCommand({ Name: 'db4' }));
    await assertAwsError(g.send(new DeleteDatabaseCommand({ Name: 'db4' })), 'EntityNotFoundException', 400, 'Database db4 not found.');
    await g.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db4' } }));
    assert.deepEqual((await g.send(new GetTablesCommand({ DatabaseName: 'db4' }))).TableList, [], 'the tables went with the database');
  });

  it('creates, reads, filters, pages, updates and deletes tables', async () => {
    await g.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: orders() }));
    const { Table } = await g.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }));
    assert.equal(Table?.Name, 'orders');
    assert.equal(Table?.DatabaseName, 'sales');
    assert.equal(Table?.CatalogId, b.accountId);
    assert.equal(Table?.TableType, 'EXTERNAL_TABLE');
    assert.equal(Table?.VersionId, '0');
    assert.equal(Table?.CreatedBy, `arn:aws:iam::${b.accountId}:root`);
    assert.deepEqual(Table?.StorageDescriptor, orders().StorageDescriptor);
    assert.deepEqual(Table?.PartitionKeys, orders().PartitionKeys);
    assert.deepEqual(Table?.Parameters, { classification: 'parquet' });

    await assertAwsError(g.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: orders('ORDERS') })), 'AlreadyExistsException', 400, 'Table already exists.');
    await assertAwsError(g.send(new CreateTableCommand({ DatabaseName: 'nope', TableInput: orders() })), 'EntityNotFoundException', 400, 'Database nope not found.');
    await assertAwsError(g.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'Missing' })), 'EntityNotFoundException', 400, 'Table missing not found.');
    await assertAwsError(g.send(new GetTableCommand({ DatabaseName: 'nope', Name: 'orders' })), 'EntityNotFoundException', 400, 'Database nope not found.');

    const columns = [...orders().StorageDescriptor!.Columns!, { Name: 'note', Type: 'string', Comment: 'free text' }];
    await g.send(new UpdateTableCommand({ DatabaseName: 'sales', TableInput: { ...orders(), StorageDescriptor: { ...orders().StorageDescriptor, Columns: columns } } }));
    const updated = (await g.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
    assert.deepEqual([updated.VersionId, updated.StorageDescriptor?.Columns], ['1', columns]);
    await assertAwsError(g.send(new UpdateTableCommand({ DatabaseName: 'sales', TableInput: { Name: 'missing' } })), 'EntityNotFoundException', 400, 'Table missing not found.');

    for (const n of ['sales_2023', 'sales_2024', 'returns_2024', 'refunds']) await g.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: n } }));
    const list = async (Expression?: string) => ((await g.send(new GetTablesCommand({ DatabaseName: 'sales', Expression }))).TableList ?? []).map((t) => t.Name);
    assert.deepEqual(await list(), ['orders', 'refunds', 'returns_2024', 'sales_2023', 'sales_2024']);
    assert.deepEqual(await list('sales_*'), ['sales_2023', 'sales_2024']);
    assert.deepEqual(await list('*2024'), ['returns_2024', 'sales_2024']);
    assert.deepEqual(await list('orders|refunds'), ['orders', 'refunds']);
    assert.deepEqual(await list('SALES.*3'), ['sales_2023']);
    assert.deepEqual(await list('re.*'), ['refunds', 'returns_2024']);
    await assertAwsError(g.send(new GetTablesCommand({ DatabaseName: 'nope' })), 'EntityNotFoundException', 400, 'Database nope not found.');
    const paged: string[] = [];
    for await (const page of paginateGetTables({ client: g, pageSize: 2 }, { DatabaseName: 'sales' })) paged.push(...(page.TableList ?? []).map((t) => t.Name!));
    assert.deepEqual(paged, await list());

    await g.send(new DeleteTableCommand({ DatabaseName: 'sales', Name: 'Refunds' }));
    await assertAwsError(g.send(new DeleteTableCommand({ DatabaseName: 'sales', Name: 'refunds' })), 'EntityNotFoundException', 400, 'Table refunds not found.');
    const batch = await g.send(new BatchDeleteTableCommand({ DatabaseName: 'sales', TablesToDelete: ['sales_2023', 'gone'] }));
    assert.deepEqual(batch.Errors, [{ TableName: 'gone', ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Table not found' } }]);
    assert.deepEqual(await list(), ['orders', 'returns_2024', 'sales_2024']);
  });

  it('shows the offline-store table CreateFeatureGroup made in sagemaker_featurestore', async () => {
    const role = (await iamClient(server.url, b).send(new CreateRoleCommand({ RoleName: 'fs', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }))).Role!.Arn!;
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'customers', RecordIdentifierFeatureName: 'cid', EventTimeFeatureName: 'ts',
      FeatureDefinitions: [{ FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'city', FeatureType: 'String' }],
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://offline-b/fs' } }, RoleArn: role,
    }));
    const dc = (await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }))).OfflineStoreConfig!.DataCatalogConfig!;
    const { Table } = await g.send(new GetTableCommand({ DatabaseName: dc.Database, Name: dc.TableName }));
    assert.equal(Table?.DatabaseName, 'sagemaker_featurestore');
    assert.deepEqual(Table?.PartitionKeys?.map((k) => k.Name), ['year', 'month', 'day', 'hour']);
    assert.ok(Table?.StorageDescriptor?.Columns?.some((c) => c.Name === 'city' && c.Type === 'string'));
    assert.match(Table?.StorageDescriptor?.Location ?? '', /^s3:\/\/offline-b\/fs\//);
    assert.ok((await g.send(new GetDatabasesCommand({}))).DatabaseList?.some((d) => d.Name === 'sagemaker_featurestore'));
  });
});
