import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDataCatalogCommand, DeleteDataCatalogCommand, GetDataCatalogCommand, GetQueryResultsCommand, GetTableMetadataCommand, ListDataCatalogsCommand, ListDatabasesCommand,
  StartQueryExecutionCommand, UpdateDataCatalogCommand, type AthenaClient,
} from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient, PutResourcePolicyCommand } from '@aws-sdk/client-glue';
import { PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';
import { athenaClient, createBucket, finished, s3Client, userWith, type Creds } from './athena-api-helpers.js';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
/** CreateTable of a comma-separated text table (`columns` as `name type`) at `location`. */
function csvTable(database: string, name: string, columns: string[], location: string): CreateTableCommand {
  return new CreateTableCommand({
    DatabaseName: database,
    TableInput: {
      Name: name, TableType: 'EXTERNAL_TABLE',
      StorageDescriptor: {
        Columns: columns.map((c) => ({ Name: c.split(' ')[0]!, Type: c.split(' ')[1]! })), Location: location,
        InputFormat: 'org.apache.hadoop.mapred.TextInputFormat', OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: { 'field.delim': ',' } },
      },
    },
  });
}
const everything = policy({ Effect: 'Allow', Action: ['athena:*', 'glue:*', 's3:*'], Resource: '*' });

/**
 * Querying another account's offline store with one's own identity (issue 15): A registers B's
 * Glue Data Catalog as a GLUE data catalog and queries it; every Glue and S3 read is made as A's
 * caller, so B's Glue resource policy and B's bucket policy must both let A in (JS SDK v3).
 */
describe('Athena data catalogs: A queries B’s Glue Data Catalog as itself, allowed and refused by each of B’s policies (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let c: AccountKeys;
  let analyst: AthenaClient;
  const arnB = (rest: string) => `arn:aws:glue:us-east-1:${b.accountId}:${rest}`;

  async function query(client: AthenaClient, sql: string, catalog: string, bucket: string) {
    const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand({
      QueryString: sql, QueryExecutionContext: { Catalog: catalog, Database: 'shared' }, ResultConfiguration: { OutputLocation: `s3://${bucket}/q/` },
    }));
    const q = await finished(client, QueryExecutionId!, 120_000);
    return { q, id: QueryExecutionId! };
  }

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0'] });
    a = createAccount(server.dataDir, 'catalog-a');
    b = createAccount(server.dataDir, 'catalog-b');
    c = createAccount(server.dataDir, 'catalog-c');
    await createBucket(server.url, b, 'b-data');
    await s3Client(server.url, b).send(new PutObjectCommand({ Bucket: 'b-data', Key: 'nums/part-0.csv', Body: '1,one\n2,two\n' }));
    const glueB = new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await glueB.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shared' } }));
    await glueB.send(csvTable('shared', 'nums', ['n bigint', 'word string'], 's3://b-data/nums/'));
    await createBucket(server.url, a, 'a-results');
    await createBucket(server.url, c, 'c-results');
    analyst = athenaClient(server.url, await userWith(server.url, a, 'analyst', everything));
    await analyst.send(new CreateDataCatalogCommand({ Name: 'b_offline', Type: 'GLUE', Description: 'B’s feature store', Parameters: { 'catalog-id': b.accountId } }));
  });
  after(() => server.stop());

  it('registers, reads, lists, updates and deletes GLUE data catalogs, with Athena’s errors', async () => {
    const got = await analyst.send(new GetDataCatalogCommand({ Name: 'B_OFFLINE' }));
    assert.deepEqual(got.DataCatalog, { Name: 'b_offline', Type: 'GLUE', Description: 'B’s feature store', Parameters: { 'catalog-id': b.accountId }, Status: 'CREATE_COMPLETE' });
    await analyst.send(new CreateDataCatalogCommand({ Name: 'scratch', Type: 'GLUE', Parameters: { 'catalog-id': a.accountId } }));
    assert.deepEqual((await analyst.send(new ListDataCatalogsCommand({}))).DataCatalogsSummary!.map((s) => s.CatalogName), ['AwsDataCatalog', 'b_offline', 'scratch']);
    await assertAwsError(analyst.send(new CreateDataCatalogCommand({ Name: 'Scratch', Type: 'GLUE', Parameters: { 'catalog-id': a.accountId } })), 'InvalidRequestException', 400, 'DataCatalog Scratch already exists.');
    await assertAwsError(analyst.send(new CreateDataCatalogCommand({ Name: 'lam', Type: 'LAMBDA', Parameters: { function: 'f' } })), 'InvalidRequestException', 400, /only GLUE/);
    await assertAwsError(analyst.send(new CreateDataCatalogCommand({ Name: 'nocat', Type: 'GLUE' })), 'InvalidRequestException', 400, /needs the parameter catalog-id/);
    await assertAwsError(analyst.send(new CreateDataCatalogCommand({ Name: 'AwsDataCatalog', Type: 'GLUE', Parameters: { 'catalog-id': a.accountId } })), 'InvalidRequestException', 400, /cannot be created, changed or deleted/);
    await analyst.send(new UpdateDataCatalogCommand({ Name: 'scratch', Type: 'GLUE', Description: 'now described', Parameters: { 'catalog-id': b.accountId } }));
    assert.equal((await analyst.send(new GetDataCatalogCommand({ Name: 'scratch' }))).DataCatalog!.Description, 'now described');
    assert.equal((await analyst.send(new DeleteDataCatalogCommand({ Name: 'scratch' }))).DataCatalog!.Status, 'DELETE_COMPLETE');
    await assertAwsError(analyst.send(new GetDataCatalogCommand({ Name: 'scratch' })), 'InvalidRequestException', 400, 'DataCatalog scratch was not found.');
    await assertAwsError(analyst.send(new DeleteDataCatalogCommand({ Name: 'AwsDataCatalog' })), 'InvalidRequestException', 400, /cannot be created, changed or deleted/);
    await assertAwsError(athenaClient(server.url, c).send(new GetDataCatalogCommand({ Name: 'b_offline' })), 'InvalidRequestException', 400, 'DataCatalog b_offline was not found.');
  });

  it('a query of B’s catalog fails until B’s Glue policy lets A in, then until B’s bucket policy does; then it returns B’s rows', async () => {
    const sql = 'SELECT n, word FROM nums ORDER BY n';
    const noGlue = await query(analyst, sql, 'b_offline', 'a-results');
    assert.equal(noGlue.q.Status!.State, 'FAILED');
    assert.match(noGlue.q.Status!.StateChangeReason!, /glue:GetTable .*because no resource-based policy allows/);
    await new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 }).send(new PutResourcePolicyCommand({
      PolicyInJson: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'glue:Get*', Resource: [arnB('catalog'), arnB('database/shared'), arnB('table/shared/*')] }),
    }));
    const noBucket = await query(analyst, sql, 'b_offline', 'a-results');
    assert.equal(noBucket.q.Status!.State, 'FAILED');
    assert.match(noBucket.q.Status!.StateChangeReason!, /Access Denied|AccessDenied/);
    await s3Client(server.url, b).send(new PutBucketPolicyCommand({
      Bucket: 'b-data',
      Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b-data', 'arn:aws:s3:::b-data/*'] }),
    }));
    const ok = await query(analyst, sql, 'b_offline', 'a-results');
    assert.equal(ok.q.Status!.State, 'SUCCEEDED', ok.q.Status!.StateChangeReason);
    const rows = (await analyst.send(new GetQueryResultsCommand({ QueryExecutionId: ok.id }))).ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue));
    assert.deepEqual(rows, [['n', 'word'], ['1', 'one'], ['2', 'two']]);
    // Athena's metadata operations read the same catalog as the caller: B's policy covers one
    // database, so listing them all (glue:GetDatabases on database/*) is refused.
    await assertAwsError(analyst.send(new ListDatabasesCommand({ CatalogName: 'b_offline' })), 'MetadataException', 400, /glue:GetDatabases on resource: .*:database\/\* because no resource-based policy allows/);
    assert.deepEqual((await analyst.send(new GetTableMetadataCommand({ CatalogName: 'b_offline', DatabaseName: 'shared', TableName: 'nums' }))).TableMetadata!.Columns!.map((col) => col.Name), ['n', 'word']);
  });

  it('three-part names reach another catalog from any context: A joins its own table with b_offline.shared.nums, and awsdatacatalog names A’s own from B’s context', async () => {
    await createBucket(server.url, a, 'a-data');
    await s3Client(server.url, a).send(new PutObjectCommand({ Bucket: 'a-data', Key: 'labels/part-0.csv', Body: '1,small\n2,even\n' }));
    const glueA = new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: a, maxAttempts: 1 });
    await glueA.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shared' } }));
    await glueA.send(csvTable('shared', 'nums', ['n bigint', 'label string'], 's3://a-data/labels/'));
    const rowsOf = async (id: string) => (await analyst.send(new GetQueryResultsCommand({ QueryExecutionId: id }))).ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue));
    // The same database and table name in both catalogs: each name reads its own catalog's table.
    const joined = await query(analyst, 'SELECT a.n, a.label, b.word FROM nums a JOIN "B_Offline".shared.nums b ON a.n = b.n ORDER BY a.n', 'AwsDataCatalog', 'a-results');
    assert.equal(joined.q.Status!.State, 'SUCCEEDED', joined.q.Status!.StateChangeReason);
    assert.deepEqual(await rowsOf(joined.id), [['n', 'label', 'word'], ['1', 'small', 'one'], ['2', 'even', 'two']]);
    const fromB = await query(analyst, 'SELECT b.word, a.label FROM nums b JOIN awsdatacatalog.shared.nums a ON a.n = b.n WHERE b.n = 2', 'b_offline', 'a-results');
    assert.equal(fromB.q.Status!.State, 'SUCCEEDED', fromB.q.Status!.StateChangeReason);
    assert.deepEqual(await rowsOf(fromB.id), [['word', 'label'], ['two', 'even']]);
    const unknown = await query(analyst, 'SELECT *\nFROM  nope.shared.nums', 'AwsDataCatalog', 'a-results');
    assert.equal(unknown.q.Status!.StateChangeReason, "CATALOG_NOT_FOUND: line 2:7: Catalog 'nope' does not exist");
    const missing = await query(analyst, 'SELECT * FROM b_offline.shared.absent', 'AwsDataCatalog', 'a-results');
    assert.equal(missing.q.Status!.StateChangeReason, "TABLE_NOT_FOUND: line 1:15: Table 'b_offline.shared.absent' does not exist");
    const system = await query(analyst, 'SELECT * FROM system.main.duckdb_settings', 'AwsDataCatalog', 'a-results');
    assert.match(system.q.Status!.StateChangeReason!, /^CATALOG_NOT_FOUND: line 1:15: Catalog 'system' does not exist/);
  });

  it('a third account registering B’s catalog is refused by B’s policies; an unknown catalog fails the query', async () => {
    const third: Creds = await userWith(server.url, c, 'other', everything);
    const other = athenaClient(server.url, third);
    await other.send(new CreateDataCatalogCommand({ Name: 'b_too', Type: 'GLUE', Parameters: { 'catalog-id': b.accountId } }));
    const refused = await query(other, 'SELECT * FROM nums', 'b_too', 'c-results');
    assert.equal(refused.q.Status!.State, 'FAILED');
    assert.match(refused.q.Status!.StateChangeReason!, /because no resource-based policy allows/);
    const byName = await query(other, 'SELECT * FROM b_too.shared.nums', 'AwsDataCatalog', 'c-results');
    assert.equal(byName.q.Status!.State, 'FAILED');
    assert.match(byName.q.Status!.StateChangeReason!, /glue:GetTable .*because no resource-based policy allows/, 'a three-part name is read as the caller, as the context catalog is');
    const unknown = await query(analyst, 'SELECT 1', 'no_such_catalog', 'a-results');
    assert.equal(unknown.q.Status!.State, 'FAILED');
    assert.equal(unknown.q.Status!.StateChangeReason, "CATALOG_NOT_FOUND: Catalog 'no_such_catalog' does not exist");
  });
});
