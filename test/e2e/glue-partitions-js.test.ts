import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchCreatePartitionCommand, BatchDeletePartitionCommand, BatchGetPartitionCommand, CreateDatabaseCommand, CreatePartitionCommand, CreateTableCommand, DeletePartitionCommand, DeleteTableCommand,
  GetPartitionCommand, GetPartitionsCommand, GlueClient, UpdatePartitionCommand, paginateGetPartitions, type PartitionInput,
} from '@aws-sdk/client-glue';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';

const sd = (path: string) => ({ Columns: [{ Name: 'id', Type: 'bigint' }], Location: `s3://data-b/events/${path}`, SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' } });
const part = (year: string, month: string): PartitionInput => ({ Values: [year, month], StorageDescriptor: sd(`year=${year}/month=${month}/`), Parameters: { n: `${year}${month}` } });

describe('Glue Data Catalog: partitions (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let g: GlueClient;
  const on = { DatabaseName: 'logs', TableName: 'events' };

  before(async () => {
    server = await ServerProcess.start();
    b = createAccount(server.dataDir, 'glue-b');
    g = new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await g.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'logs' } }));
    await g.send(new CreateTableCommand({
      DatabaseName: 'logs',
      TableInput: { Name: 'Events', PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'int' }], StorageDescriptor: sd('') },
    }));
  });
  after(() => server.stop());

  it('creates one and in batches, reports each failure, reads it back', async () => {
    await g.send(new CreatePartitionCommand({ ...on, PartitionInput: part('2023', '12') }));
    const { Partition } = await g.send(new GetPartitionCommand({ ...on, PartitionValues: ['2023', '12'] }));
    assert.deepEqual(Partition?.Values, ['2023', '12']);
    assert.equal(Partition?.DatabaseName, 'logs');
    assert.equal(Partition?.TableName, 'events');
    assert.equal(Partition?.CatalogId, b.accountId);
    assert.equal(Partition?.StorageDescriptor?.Location, 's3://data-b/events/year=2023/month=12/');
    assert.deepEqual(Partition?.Parameters, { n: '202312' });
    assert.ok(Partition?.CreationTime instanceof Date);

    await assertAwsError(g.send(new CreatePartitionCommand({ ...on, PartitionInput: part('2023', '12') })), 'AlreadyExistsException', 400, 'Partition already exists.');
    await assertAwsError(g.send(new CreatePartitionCommand({ ...on, PartitionInput: { Values: ['2023'] } })), 'InvalidInputException', 400, 'The number of partition keys do not match the number of partition values.');
    await assertAwsError(g.send(new CreatePartitionCommand({ ...on, TableName: 'nope', PartitionInput: part('2023', '1') })), 'EntityNotFoundException', 400, 'Table nope not found.');
    await assertAwsError(g.send(new CreatePartitionCommand({ ...on, DatabaseName: 'nope', PartitionInput: part('2023', '1') })), 'EntityNotFoundException', 400, 'Database nope not found.');
    await assertAwsError(g.send(new GetPartitionCommand({ ...on, PartitionValues: ['2023', '11'] })), 'EntityNotFoundException', 400, 'Cannot find partition.');

    const inputs = ['1', '2', '3', '10', '11', '12'].map((m) => part('2024', m));
    const batch = await g.send(new BatchCreatePartitionCommand({ ...on, PartitionInputList: [...inputs, part('2023', '12'), { Values: ['x'] }] }));
    assert.deepEqual(batch.Errors, [
      { PartitionValues: ['2023', '12'], ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' } },
      { PartitionValues: ['x'], ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: 'The number of partition keys do not match the number of partition values.' } },
    ]);
  });

  it('filters by an expression on the partition keys and pages', async () => {
    const values = async (Expression?: string) => ((await g.send(new GetPartitionsCommand({ ...on, Expression }))).Partitions ?? []).map((p) => p.Values!.join('-'));
    assert.equal((await values()).length, 7);
    assert.deepEqual(await values("year = '2023'"), ['2023-12']);
    assert.deepEqual(await values("year='2024' AND month > 9"), ['2024-10', '2024-11', '2024-12'], 'int keys compare as numbers');
    assert.deepEqual(await values("year > '2023' and month <= 2"), ['2024-1', '2024-2']);
    assert.deepEqual(await values("month IN (3, 12)"), ['2023-12', '2024-3', '2024-12']);
    assert.deepEqual(await values("month BETWEEN 2 AND 3 OR (year = '2023' AND NOT month = 1)"), ['2023-12', '2024-2', '2024-3']);
    assert.deepEqual(await values("year LIKE '202%' AND month <> 1 AND month NOT IN (2, 3, 10, 11)"), ['2023-12', '2024-12']);
    await assertAwsError(g.send(new GetPartitionsCommand({ ...on, Expression: "day = '1'" })), 'InvalidInputException', 400, "Unknown column 'day'");
    await assertAwsError(g.send(new GetPartitionsCommand({ ...on, Expression: "year = = '1'" })), 'InvalidInputException', 400, "Unsupported expression 'year = = '1''");

    const first = await g.send(new GetPartitionsCommand({ ...on, MaxResults: 3 }));
    assert.equal(first.Partitions?.length, 3);
    assert.ok(first.NextToken);
    const all: string[] = [];
    for await (const page of paginateGetPartitions({ client: g, pageSize: 2 }, { ...on, ExcludeColumnSchema: true })) {
      for (const p of page.Partitions ?? []) {
        assert.equal(p.StorageDescriptor?.Columns, undefined, 'ExcludeColumnSchema leaves the columns out');
        all.push(p.Values!.join('-'));
      }
    }
    assert.deepEqual(all, await values());

    const got = await g.send(new BatchGetPartitionCommand({ ...on, PartitionsToGet: [{ Values: ['2024', '10'] }, { Values: ['1999', '1'] }, { Values: ['2023', '12'] }] }));
    assert.deepEqual(got.Partitions?.map((p) => p.Values), [['2024', '10'], ['2023', '12']]);
    assert.deepEqual(got.UnprocessedKeys, []);
  });

  it('updates one, keeping its creation time; its values may change', async () => {
    const before = (await g.send(new GetPartitionCommand({ ...on, PartitionValues: ['2024', '11'] }))).Partition!;
    await g.send(new UpdatePartitionCommand({ ...on, PartitionValueList: ['2024', '11'], PartitionInput: { ...part('2024', '11'), Parameters: { n: 'changed' } } }));
    const after = (await g.send(new GetPartitionCommand({ ...on, PartitionValues: ['2024', '11'] }))).Partition!;
    assert.deepEqual([after.Parameters, after.CreationTime], [{ n: 'changed' }, before.CreationTime]);
    await assertAwsError(g.send(new UpdatePartitionCommand({ ...on, PartitionValueList: ['2024', '11'], PartitionInput: part('2024', '12') })), 'AlreadyExistsException', 400, 'Partition already exists.');
    await assertAwsError(g.send(new UpdatePartitionCommand({ ...on, PartitionValueList: ['1999', '1'], PartitionInput: part('1999', '2') })), 'EntityNotFoundException', 400, 'Cannot find partition.');
    await g.send(new UpdatePartitionCommand({ ...on, PartitionValueList: ['2024', '11'], PartitionInput: part('2024', '9') }));
    await g.send(new UpdatePartitionCommand({ ...on, PartitionValueList: ['2024', '9'], PartitionInput: part('2024', '11') }));
    await assertAwsError(g.send(new GetPartitionCommand({ ...on, PartitionValues: ['2024', '9'] })), 'EntityNotFoundException', 400, 'Cannot find partition.');
  });

  it('deletes one and in batches; partitions go with their table', async () => {
    await g.send(new DeletePartitionCommand({ ...on, PartitionValues: ['2023', '12'] }));
    await assertAwsError(g.send(new DeletePartitionCommand({ ...on, PartitionValues: ['2023', '12'] })), 'EntityNotFoundException', 400, 'Cannot find partition.');
    const batch = await g.send(new BatchDeletePartitionCommand({ ...on, PartitionsToDelete: [{ Values: ['2024', '1'] }, { Values: ['1999', '1'] }] }));
    assert.deepEqual(batch.Errors, [{ PartitionValues: ['1999', '1'], ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Cannot find partition.' } }]);
    assert.equal((await g.send(new GetPartitionsCommand(on))).Partitions?.length, 5);

    await g.send(new DeleteTableCommand({ DatabaseName: 'logs', Name: 'events' }));
    await g.send(new CreateTableCommand({ DatabaseName: 'logs', TableInput: { Name: 'events', PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'int' }] } }));
    assert.deepEqual((await g.send(new GetPartitionsCommand(on))).Partitions, []);
  });
});
