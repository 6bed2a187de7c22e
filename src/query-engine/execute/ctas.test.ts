import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { engineFixture, glueTable, type EngineFixture } from '../../../test/support/query-engine-fixtures.js';

describe('DuckDbQueryEngine: CREATE TABLE AS SELECT', () => {
  let f: EngineFixture;
  before(async () => {
    f = await engineFixture();
    await f.catalog.createDatabase('sales', {});
    await f.writeParquet('s3://data/orders/a.parquet', "SELECT * FROM (VALUES ('o1', 'eu', 10.5::DOUBLE), ('o2', 'us', 20.0), ('o3', 'eu', 1.5)) t(id, region, amount)");
    await f.catalog.createTable('sales', glueTable('orders', 's3://data/orders', 'id string, region string, amount double'));
  });
  after(() => f.close());

  it('writes Parquet under <OutputLocation>/tables/<query id>/, registers the table, and reports the row count', async () => {
    const request = f.request('CREATE TABLE big AS SELECT id, amount FROM orders WHERE amount > 5');
    const r = await f.engine.execute(request);
    assert.deepEqual([r.statementType, r.substatementType, r.outputFormat], ['DDL', 'CREATE_TABLE_AS_SELECT', 'csv']);
    assert.deepEqual([r.columns.map((c) => [c.name, c.type]), r.rows], [[['rows', 'bigint']], [['2']]]);
    assert.ok(r.dataScannedBytes > 0);
    const table = await f.catalog.getTable('sales', 'big');
    assert.equal(table?.StorageDescriptor?.Location, `s3://results/athena/tables/${request.queryExecutionId}`);
    assert.deepEqual(table?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type]), [['id', 'string'], ['amount', 'double']]);
    assert.deepEqual((await f.list(`s3://results/athena/tables/${request.queryExecutionId}/`)).map((o) => o.key), [`athena/tables/${request.queryExecutionId}/${request.queryExecutionId}_0.parquet`]);
    const back = await f.engine.execute(f.request('SELECT id, amount FROM big ORDER BY id'));
    assert.deepEqual(back.rows, [['o1', '10.5'], ['o2', '20.0']]);
  });

  it('partitioned_by writes Hive folders at external_location and registers each partition', async () => {
    const r = await f.engine.execute(f.request("CREATE TABLE by_region WITH (format = 'PARQUET', external_location = 's3://lake/by_region/', partitioned_by = ARRAY['region']) AS SELECT id, amount, region FROM orders"));
    assert.deepEqual(r.rows, [['3']]);
    const table = await f.catalog.getTable('sales', 'by_region');
    assert.deepEqual(table?.PartitionKeys?.map((k) => [k.Name, k.Type]), [['region', 'string']]);
    const parts = await f.catalog.listPartitions('sales', 'by_region');
    assert.deepEqual(parts.map((p) => [p.Values, p.StorageDescriptor?.Location]).sort(), [[['eu'], 's3://lake/by_region/region=eu'], [['us'], 's3://lake/by_region/region=us']]);
    const back = await f.engine.execute(f.request("SELECT region, count(*) AS n FROM by_region GROUP BY region ORDER BY region"));
    assert.deepEqual(back.rows, [['eu', '2'], ['us', '1']]);
  });

  it('TEXTFILE and JSON round trip', async () => {
    await f.engine.execute(f.request("CREATE TABLE as_text WITH (format = 'TEXTFILE', field_delimiter = ',') AS SELECT id, amount FROM orders"));
    assert.deepEqual((await f.engine.execute(f.request('SELECT id, amount FROM as_text ORDER BY id'))).rows, [['o1', '10.5'], ['o2', '20.0'], ['o3', '1.5']]);
    await f.engine.execute(f.request("CREATE TABLE as_json WITH (format = 'JSON') AS SELECT id, amount FROM orders"));
    assert.deepEqual((await f.engine.execute(f.request('SELECT id, amount FROM as_json ORDER BY id'))).rows, [['o1', '10.5'], ['o2', '20.0'], ['o3', '1.5']]);
  });

  it('fails when external_location holds objects (HIVE_PATH_ALREADY_EXISTS) or the table exists', async () => {
    await assert.rejects(
      f.engine.execute(f.request("CREATE TABLE again WITH (external_location = 's3://lake/by_region/') AS SELECT 1 AS x")),
      (e: unknown) => e instanceof QueryFailure && /^HIVE_PATH_ALREADY_EXISTS: Target directory for table 'sales\.again' already exists: s3:\/\/lake\/by_region/.test(e.message),
    );
    await assert.rejects(f.engine.execute(f.request('CREATE TABLE big AS SELECT 1 AS x')), (e: unknown) => e instanceof QueryFailure && /^TABLE_ALREADY_EXISTS: .*'awsdatacatalog\.sales\.big'/.test(e.message));
    assert.equal(await f.catalog.getTable('sales', 'again'), undefined);
    assert.deepEqual(await f.leftovers(), []);
  });
});
