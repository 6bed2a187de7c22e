import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from './types.js';
import { engineFixture, glueTable, type EngineFixture } from '../../test/support/query-engine-fixtures.js';

describe('DuckDbQueryEngine: queries over Parquet Glue tables', () => {
  let f: EngineFixture;
  before(async () => {
    f = await engineFixture();
    await f.catalog.createDatabase('sales', {});
    await f.catalog.createDatabase('crm', {});
  });
  after(() => f.close());

  it('runs a query without tables as DML/SELECT, rendered as Athena does', async () => {
    const r = await f.engine.execute(f.request("SELECT 1 AS n, 'a' AS s, CAST(NULL AS varchar) AS z, 2.5e0 AS d"));
    assert.equal(r.statementType, 'DML');
    assert.equal(r.substatementType, 'SELECT');
    assert.equal(r.outputFormat, 'csv');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['n', 'integer'], ['s', 'varchar'], ['z', 'varchar'], ['d', 'double']]);
    assert.deepEqual(r.rows, [['1', 'a', null, '2.5']]);
    assert.equal(r.dataScannedBytes, 0);
  });

  it('reads every visible object under an unpartitioned table, counting their bytes as scanned', async () => {
    await f.writeParquet('s3://data/orders/part-0.parquet', "SELECT * FROM (VALUES ('o1', 10.5::DOUBLE, 1::BIGINT), ('o2', 20.0, 2)) t(id, amount, qty)");
    await f.writeParquet('s3://data/orders/2024/part-1.parquet', "SELECT 'o3' AS id, 5.25::DOUBLE AS amount, 3::BIGINT AS qty");
    await f.put('s3://data/orders/_SUCCESS', '');
    await f.put('s3://data/orders/.part-0.parquet.crc', 'not parquet');
    await f.catalog.createTable('sales', glueTable('orders', 's3://data/orders', 'id string, amount double, qty bigint'));
    const r = await f.engine.execute(f.request('SELECT id, amount, qty FROM orders ORDER BY id'));
    assert.deepEqual(r.rows, [['o1', '10.5', '1'], ['o2', '20.0', '2'], ['o3', '5.25', '3']]);
    const sizes = new Map((await f.list('s3://data/orders/')).map((o) => [o.key, o.size]));
    assert.equal(sizes.size, 4, 'the hidden objects are in S3 too');
    assert.equal(r.dataScannedBytes, sizes.get('orders/part-0.parquet')! + sizes.get('orders/2024/part-1.parquet')!);
  });

  it('resolves awsdatacatalog.db.t, db.t, quoted names and unqualified t in the request database', async () => {
    for (const sql of ['SELECT count(*) AS c FROM awsdatacatalog.sales.orders', 'SELECT count(*) AS c FROM sales.orders', 'SELECT count(*) AS c FROM "SALES"."Orders"', 'SELECT count(*) AS c FROM orders']) {
      const r = await f.engine.execute(f.request(sql));
      assert.deepEqual(r.rows, [['3']], sql);
    }
    const r = await f.engine.execute(f.request('SELECT count(*) AS c FROM sales.orders', { database: 'crm' }));
    assert.deepEqual(r.rows, [['3']]);
  });

  it('presents Glue columns and types: matched by name case-insensitively, missing ones NULL, extra file columns hidden', async () => {
    await f.writeParquet('s3://data/customers/old.parquet', "SELECT 'c1' AS ID, 30::INTEGER AS Age, 'dropped' AS legacy");
    await f.writeParquet('s3://data/customers/new.parquet', "SELECT 'c2' AS id, 41::BIGINT AS age, 'gold' AS tier");
    await f.catalog.createTable('crm', glueTable('customers', 's3://data/customers', 'id string, age bigint, tier string, signup date'));
    const r = await f.engine.execute(f.request('SELECT * FROM crm.customers ORDER BY id'));
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['id', 'varchar'], ['age', 'bigint'], ['tier', 'varchar'], ['signup', 'date']]);
    assert.deepEqual(r.rows, [['c1', '30', null, null], ['c2', '41', 'gold', null]]);
  });

  it('reads an empty location as an empty table', async () => {
    await f.catalog.createTable('sales', glueTable('empty', 's3://data/nothing-here', 'id string, n int'));
    const r = await f.engine.execute(f.request('SELECT id, n FROM empty'));
    assert.deepEqual(r.columns.map((c) => c.name), ['id', 'n']);
    assert.deepEqual(r.rows, []);
    assert.equal(r.dataScannedBytes, 0);
  });

  it('fails a missing table, database and column with Athena\'s errors, and leaves no scratch files', async () => {
    // Trino's position of the name in the query as written (line 1, column 15).
    await assert.rejects(f.engine.execute(f.request('SELECT * FROM nope')), (e: unknown) => e instanceof QueryFailure && e.message === "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.sales.nope' does not exist");
    await assert.rejects(f.engine.execute(f.request('SELECT *\n FROM orders JOIN nodb.t ON true')), (e: unknown) => e instanceof QueryFailure && e.message === "SCHEMA_NOT_FOUND: line 2:19: Schema 'nodb' does not exist");
    await assert.rejects(f.engine.execute(f.request('SELECT nothing FROM orders')), (e: unknown) => e instanceof QueryFailure && /^COLUMN_NOT_FOUND: /.test(e.message) && e.category === 2);
    await assert.rejects(f.engine.execute(f.request('SELEC 1')), (e: unknown) => e instanceof QueryFailure && /SYNTAX_ERROR|mismatched input/.test(e.message));
    assert.deepEqual(await f.leftovers(), []);
  });
});

describe('DuckDbQueryEngine: a failure that is not Athena\'s own', () => {
  let f: EngineFixture;
  before(async () => (f = await engineFixture()));
  after(() => f.close());

  it("becomes GENERIC_INTERNAL_ERROR (SYSTEM, 401, retryable) without the server's paths; the original stays in cause", async () => {
    const original = new Error(`ENOENT: no such file or directory, open '${f.engineTmp}/account-1/q-1/1-t/part-0.parquet'`);
    const catalogAccess = new Proxy(f.catalog, {
      get: () => () => {
        throw original;
      },
    });
    await assert.rejects(f.engine.execute(f.request('SELECT * FROM t', { catalogAccess })), (e: unknown) => {
      assert.ok(e instanceof QueryFailure, String(e));
      assert.equal(e.message, "GENERIC_INTERNAL_ERROR: ENOENT: no such file or directory, open 'part-0.parquet'");
      assert.deepEqual([e.category, e.errorType, e.retryable], [1, 401, true]);
      assert.equal(e.cause, original);
      return true;
    });
  });
});
