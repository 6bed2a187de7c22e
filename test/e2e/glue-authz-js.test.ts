import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDatabaseCommand, CreateTableCommand, GetDatabasesCommand, GetPartitionsCommand, GetTableCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const glue = (url: string, c: Creds) => new GlueClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('Glue Data Catalog: authorization on the catalog, database and table ARNs (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let inB: IAMClient;
  const arn = (rest: string) => `arn:aws:glue:us-east-1:${b.accountId}:${rest}`;

  async function userWith(name: string, document?: string): Promise<GlueClient> {
    await inB.send(new CreateUserCommand({ UserName: name }));
    if (document) await inB.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }));
    const key = (await inB.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return glue(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  }

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'glue-a');
    b = createAccount(server.dataDir, 'glue-b');
    inB = iamClient(server.url, b);
    const root = glue(server.url, b);
    for (const db of ['sales', 'hr']) await root.send(new CreateDatabaseCommand({ DatabaseInput: { Name: db } }));
    for (const t of ['orders', 'refunds']) await root.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: t, PartitionKeys: [{ Name: 'y', Type: 'string' }] } }));
  });
  after(() => server.stop());

  it('denies a user without glue permissions, naming the catalog ARN', async () => {
    const none = await userWith('nobody');
    await assertAwsError(none.send(new GetDatabasesCommand({})), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/nobody is not authorized to perform: glue:GetDatabases on resource: ${arn('catalog')} because no identity-based policy allows the glue:GetDatabases action`);
    await assertAwsError(none.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' })), 'AccessDeniedException', 400, /glue:GetTable on resource: .*:catalog /);
  });

  it('asks on the database and the table too', async () => {
    const catalogOnly = await userWith('catalog-only', policy({ Effect: 'Allow', Action: 'glue:GetTable', Resource: arn('catalog') }));
    await assertAwsError(catalogOnly.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' })), 'AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/catalog-only is not authorized to perform: glue:GetTable on resource: ${arn('database/sales')} because no identity-based policy allows the glue:GetTable action`);

    const oneTable = await userWith('orders-reader', policy({ Effect: 'Allow', Action: ['glue:GetTable', 'glue:GetPartitions'], Resource: [arn('catalog'), arn('database/sales'), arn('table/sales/orders')] }));
    assert.equal((await oneTable.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'ORDERS' }))).Table?.Name, 'orders');
    assert.deepEqual((await oneTable.send(new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'orders' }))).Partitions, []);
    await assertAwsError(oneTable.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'refunds' })), 'AccessDeniedException', 400,
      new RegExp(`glue:GetTable on resource: ${arn('table/sales/refunds')} because`));
    await assertAwsError(oneTable.send(new GetTablesCommand({ DatabaseName: 'sales' })), 'AccessDeniedException', 400, /glue:GetTables on resource: .*:catalog /);

    const allSales = await userWith('sales-reader', policy({ Effect: 'Allow', Action: 'glue:Get*', Resource: [arn('catalog'), arn('database/sales'), arn('table/sales/*')] }));
    assert.deepEqual((await allSales.send(new GetTablesCommand({ DatabaseName: 'sales' }))).TableList?.map((t) => t.Name), ['orders', 'refunds']);
    await assertAwsError(allSales.send(new GetTablesCommand({ DatabaseName: 'hr' })), 'AccessDeniedException', 400, new RegExp(`glue:GetTables on resource: ${arn('database/hr')} because`));

    const denied = await userWith('deny-refunds', policy(
      { Effect: 'Allow', Action: 'glue:*', Resource: '*' },
      { Effect: 'Deny', Action: 'glue:GetTable', Resource: arn('table/sales/refunds') },
    ));
    await assertAwsError(denied.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'refunds' })), 'AccessDeniedException', 400, /with an explicit deny in an identity-based policy/);
    await denied.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'scratch' } }));
  });

  it('lets another account name this catalog only through authorization: the resource is B\'s', async () => {
    const fromA = glue(server.url, a);
    await assertAwsError(fromA.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'sales', Name: 'orders' })), 'AccessDeniedException', 400,
      new RegExp(`^User: arn:aws:iam::${a.accountId}:root is not authorized to perform: glue:GetTable on resource: ${arn('catalog')}`));
    await assertAwsError(fromA.send(new GetDatabasesCommand({ CatalogId: b.accountId })), 'AccessDeniedException', 400, /glue:GetDatabases/);
    assert.deepEqual((await fromA.send(new GetDatabasesCommand({ CatalogId: a.accountId }))).DatabaseList, []);
    await assertAwsError(fromA.send(new GetDatabasesCommand({ CatalogId: 'not-an-account' })), 'InvalidInputException', 400, 'Invalid catalog id: not-an-account');
  });

  it('reaches B\'s catalog from A through a role of B, with the role\'s permissions', async () => {
    await inB.send(new CreateRoleCommand({ RoleName: 'catalog-reader', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${a.accountId}:root` }) }));
    await inB.send(new PutRolePolicyCommand({ RoleName: 'catalog-reader', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: ['glue:GetTable', 'glue:GetDatabases'], Resource: '*' }) }));
    const inA = iamClient(server.url, a);
    await inA.send(new CreateUserCommand({ UserName: 'analyst' }));
    await inA.send(new PutUserPolicyCommand({ UserName: 'analyst', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
    const key = (await inA.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${b.accountId}:role/catalog-reader`, RoleSessionName: 'from-a' }))).Credentials!;
    const asRole = glue(server.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    const { Table } = await asRole.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'sales', Name: 'orders' }));
    assert.deepEqual([Table?.CatalogId, Table?.Name], [b.accountId, 'orders']);
    assert.ok((await asRole.send(new GetDatabasesCommand({}))).DatabaseList?.some((d) => d.Name === 'sales'), 'the role\'s own catalog is B\'s');
    await assertAwsError(asRole.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'x' } })), 'AccessDeniedException', 400,
      new RegExp(`^User: arn:aws:sts::${b.accountId}:assumed-role/catalog-reader/from-a is not authorized to perform: glue:CreateDatabase on resource: ${arn('catalog')}`));
  });
});
