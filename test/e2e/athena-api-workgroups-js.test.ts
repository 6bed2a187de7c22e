import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateWorkGroupCommand, DeleteWorkGroupCommand, GetDataCatalogCommand, GetDatabaseCommand, GetQueryExecutionCommand, GetTableMetadataCommand, GetWorkGroupCommand,
  ListDatabasesCommand, ListDataCatalogsCommand, ListQueryExecutionsCommand, ListTableMetadataCommand, ListTagsForResourceCommand, ListWorkGroupsCommand,
  StartQueryExecutionCommand, TagResourceCommand, UntagResourceCommand, UpdateWorkGroupCommand, type AthenaClient,
} from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';
import { athenaClient, createBucket, userWith } from './athena-api-helpers.js';

describe('Athena API: work groups, tags, data catalogs, metadata and start errors (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let athena: AthenaClient;
  const wgArn = (name: string) => `arn:aws:athena:us-east-1:${b.accountId}:workgroup/${name}`;

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'athena-b');
    athena = athenaClient(server.url, b);
    await createBucket(server.url, b, 'results-b');
  });
  after(() => server.stop());

  it('has primary in every account: enabled, not enforcing, without an output location', async () => {
    const list = await athena.send(new ListWorkGroupsCommand({}));
    assert.deepEqual(list.WorkGroups?.map((w) => [w.Name, w.State]), [['primary', 'ENABLED']]);
    const { WorkGroup } = await athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }));
    assert.equal(WorkGroup?.Configuration?.EnforceWorkGroupConfiguration, false);
    assert.equal(WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation, undefined);
    assert.equal(WorkGroup?.Configuration?.EngineVersion?.EffectiveEngineVersion, 'Athena engine version 3');
    assert.ok(WorkGroup?.CreationTime instanceof Date);
    await assertAwsError(athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'primary' })), 'InvalidRequestException', 400, 'Cannot delete primary workgroup');
  });

  it('creates, reads, updates, pages and deletes work groups, with Athena\'s errors', async () => {
    await athena.send(new CreateWorkGroupCommand({
      Name: 'analysts',
      Description: 'the analysts',
      Configuration: { ResultConfiguration: { OutputLocation: 's3://results-b/analysts/', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } }, BytesScannedCutoffPerQuery: 10_000_000 },
      Tags: [{ Key: 'team', Value: 'ml' }],
    }));
    const { WorkGroup } = await athena.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' }));
    assert.equal(WorkGroup?.Description, 'the analysts');
    assert.equal(WorkGroup?.State, 'ENABLED');
    assert.equal(WorkGroup?.Configuration?.EnforceWorkGroupConfiguration, true, 'a work group made through the API overrides client-side settings by default');
    assert.equal(WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation, 's3://results-b/analysts/');
    assert.equal(WorkGroup?.Configuration?.BytesScannedCutoffPerQuery, 10_000_000);
    await assertAwsError(athena.send(new CreateWorkGroupCommand({ Name: 'analysts' })), 'InvalidRequestException', 400, 'WorkGroup is already created');
    await assertAwsError(athena.send(new GetWorkGroupCommand({ WorkGroup: 'nope' })), 'InvalidRequestException', 400, 'WorkGroup nope is not found.');
    await assertAwsError(athena.send(new CreateWorkGroupCommand({ Name: 'bad', Configuration: { ResultConfiguration: { OutputLocation: 'https://x/' } } })), 'InvalidRequestException', 400, 'outputLocation is not a valid S3 path. Provided: https://x/');

    await athena.send(new UpdateWorkGroupCommand({
      WorkGroup: 'analysts',
      Description: 'renamed',
      State: 'DISABLED',
      ConfigurationUpdates: { ResultConfigurationUpdates: { RemoveOutputLocation: true, ExpectedBucketOwner: b.accountId }, EnforceWorkGroupConfiguration: false, RemoveBytesScannedCutoffPerQuery: true },
    }));
    const updated = (await athena.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' }))).WorkGroup!;
    assert.equal(updated.State, 'DISABLED');
    assert.equal(updated.Description, 'renamed');
    assert.deepEqual(updated.Configuration?.ResultConfiguration, { ExpectedBucketOwner: b.accountId, AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } });
    assert.equal(updated.Configuration?.EnforceWorkGroupConfiguration, false);
    assert.equal(updated.Configuration?.BytesScannedCutoffPerQuery, undefined);
    await assertAwsError(
      athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'analysts', ResultConfiguration: { OutputLocation: 's3://results-b/x/' } })),
      'InvalidRequestException', 400, 'WorkGroup analysts is disabled.',
    );
    await assertAwsError(athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'nope', State: 'ENABLED' })), 'InvalidRequestException', 400, 'WorkGroup nope is not found.');

    for (const n of ['wg-1', 'wg-2']) await athena.send(new CreateWorkGroupCommand({ Name: n }));
    const first = await athena.send(new ListWorkGroupsCommand({ MaxResults: 2 }));
    assert.deepEqual(first.WorkGroups?.map((w) => w.Name), ['analysts', 'primary']);
    const second = await athena.send(new ListWorkGroupsCommand({ MaxResults: 2, NextToken: first.NextToken! }));
    assert.deepEqual(second.WorkGroups?.map((w) => w.Name), ['wg-1', 'wg-2']);
    assert.equal(second.NextToken, undefined);
    await assertAwsError(athena.send(new ListWorkGroupsCommand({ NextToken: 'bogus' })), 'InvalidRequestException', 400, 'The specified NextToken is invalid.');

    await athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'wg-2', RecursiveDeleteOption: true }));
    await assertAwsError(athena.send(new GetWorkGroupCommand({ WorkGroup: 'wg-2' })), 'InvalidRequestException', 400, 'WorkGroup wg-2 is not found.');
    await assertAwsError(athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'wg-2' })), 'InvalidRequestException', 400, 'WorkGroup wg-2 is not found.');
    await assertAwsError(athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'wg-2' })), 'InvalidRequestException', 400, 'WorkGroup wg-2 is not found.');
  });

  it('tags work groups', async () => {
    await athena.send(new TagResourceCommand({ ResourceARN: wgArn('wg-1'), Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await athena.send(new TagResourceCommand({ ResourceARN: wgArn('wg-1'), Tags: [{ Key: 'a', Value: 'one' }] }));
    await athena.send(new UntagResourceCommand({ ResourceARN: wgArn('wg-1'), TagKeys: ['b', 'never-there'] }));
    assert.deepEqual((await athena.send(new ListTagsForResourceCommand({ ResourceARN: wgArn('wg-1') }))).Tags, [{ Key: 'a', Value: 'one' }]);
    assert.deepEqual((await athena.send(new ListTagsForResourceCommand({ ResourceARN: wgArn('analysts') }))).Tags, [{ Key: 'team', Value: 'ml' }], 'tags given at creation');
    await assertAwsError(athena.send(new ListTagsForResourceCommand({ ResourceARN: wgArn('missing') })), 'ResourceNotFoundException', 400, 'WorkGroup missing is not found.');
    await assertAwsError(athena.send(new TagResourceCommand({ ResourceARN: wgArn('wg-1'), Tags: [{ Key: 'aws:x', Value: '1' }] })), 'InvalidRequestException', 400, /reserved/);
  });

  it('lists the AwsDataCatalog and reads Glue metadata as the caller', async () => {
    assert.deepEqual((await athena.send(new ListDataCatalogsCommand({}))).DataCatalogsSummary, [{ CatalogName: 'AwsDataCatalog', Type: 'GLUE' }]);
    const { DataCatalog } = await athena.send(new GetDataCatalogCommand({ Name: 'AwsDataCatalog' }));
    assert.equal(DataCatalog?.Type, 'GLUE');
    assert.deepEqual(DataCatalog?.Parameters, { 'catalog-id': b.accountId });
    await assertAwsError(athena.send(new GetDataCatalogCommand({ Name: 'other' })), 'InvalidRequestException', 400, 'DataCatalog other was not found.');

    const glue = new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales', Description: 'orders', Parameters: { team: 'x' } } }));
    for (const t of ['orders', 'order_lines', 'customers']) {
      await glue.send(new CreateTableCommand({
        DatabaseName: 'sales',
        TableInput: {
          Name: t,
          TableType: 'EXTERNAL_TABLE',
          Parameters: { classification: 'parquet' },
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          StorageDescriptor: {
            Columns: [{ Name: 'id', Type: 'bigint', Comment: 'the id' }, { Name: 'amount', Type: 'decimal(10,2)' }],
            Location: `s3://data-b/${t}/`,
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
          },
        },
      }));
    }
    assert.deepEqual((await athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }))).DatabaseList, [{ Name: 'sales', Description: 'orders', Parameters: { team: 'x' } }]);
    assert.equal((await athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales' }))).Database?.Name, 'sales');
    const filtered = await athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales', Expression: 'order*' }));
    assert.deepEqual(filtered.TableMetadataList?.map((t) => t.Name), ['order_lines', 'orders']);
    const page = await athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales', MaxResults: 2 }));
    assert.equal(page.TableMetadataList?.length, 2);
    const rest = await athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales', MaxResults: 2, NextToken: page.NextToken! }));
    assert.deepEqual(rest.TableMetadataList?.map((t) => t.Name), ['orders']);
    const { TableMetadata } = await athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales', TableName: 'orders' }));
    assert.deepEqual(TableMetadata?.Columns, [{ Name: 'id', Type: 'bigint', Comment: 'the id' }, { Name: 'amount', Type: 'decimal(10,2)' }]);
    assert.deepEqual(TableMetadata?.PartitionKeys, [{ Name: 'dt', Type: 'string' }]);
    assert.equal(TableMetadata?.TableType, 'EXTERNAL_TABLE');
    assert.equal(TableMetadata?.Parameters?.['location'], 's3://data-b/orders/');
    assert.equal(TableMetadata?.Parameters?.['classification'], 'parquet');
    assert.equal(TableMetadata?.Parameters?.['serde.param.serialization.format'], '1');
    assert.ok(TableMetadata?.CreateTime instanceof Date);
    await assertAwsError(
      athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales', TableName: 'missing' })),
      'MetadataException', 400, /^Table missing not found\. \(Service: AWSGlue; Status Code: 400; Error Code: EntityNotFoundException; Request ID: /,
    );

    // Athena allowed, Glue not: the metadata operations fail with Glue's denial.
    const analyst = athenaClient(server.url, await userWith(server.url, b, 'athena-only', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'athena:*', Resource: '*' }] })));
    await assertAwsError(
      analyst.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' })),
      'MetadataException', 400,
      new RegExp(`^User: arn:aws:iam::${b.accountId}:user/athena-only is not authorized to perform: glue:GetDatabases on resource: arn:aws:glue:us-east-1:${b.accountId}:catalog because no identity-based policy allows the glue:GetDatabases action \\(Service: AWSGlue; Status Code: 400; Error Code: AccessDeniedException; Request ID: `),
    );
  });

  it('refuses to start a query without an output location, to a bucket that does not exist, or without athena:StartQueryExecution', async () => {
    await assertAwsError(
      athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })),
      'InvalidRequestException', 400,
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
    );
    await assertAwsError(
      athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://no-such-bucket-b/' } })),
      'InvalidRequestException', 400, 'Unable to verify/create output bucket no-such-bucket-b',
    );
    await assertAwsError(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'nope' })), 'InvalidRequestException', 400, 'WorkGroup is not found');
    await assertAwsError(athena.send(new GetQueryExecutionCommand({ QueryExecutionId: 'f00' })), 'InvalidRequestException', 400, 'QueryExecution f00 was not found');
    const nobody = athenaClient(server.url, await userWith(server.url, b, 'nobody'));
    await assertAwsError(
      nobody.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://results-b/' } })),
      'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/nobody is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:${b.accountId}:workgroup/primary because no identity-based policy allows the athena:StartQueryExecution action`,
    );
    await assertAwsError(
      nobody.send(new ListWorkGroupsCommand({})),
      'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/nobody is not authorized to perform: athena:ListWorkGroups on resource: * because no identity-based policy allows the athena:ListWorkGroups action`,
    );
  });
});
