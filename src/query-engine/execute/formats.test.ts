import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineFixture, glueTable, JSON_SERDE, LAZY_SIMPLE_SERDE, OPEN_CSV_SERDE, type EngineFixture } from '../../../test/support/query-engine-fixtures.js';

describe('DuckDbQueryEngine: partitions, text and JSON tables, multi-table SQL', () => {
  let f: EngineFixture;
  const rows = async (sql: string) => (await f.engine.execute(f.request(sql))).rows;
  before(async () => {
    f = await engineFixture();
    await f.catalog.createDatabase('sales', {});
    await f.catalog.createDatabase('crm', {});
  });
  after(() => f.close());

  it('reads only registered partitions, each partition value a typed column', async () => {
    await f.writeParquet('s3://lake/clicks/year=2024/month=1/a.parquet', "SELECT 'u1' AS user_id, 3::BIGINT AS n");
    await f.writeParquet('s3://lake/clicks/year=2024/month=2/a.parquet', "SELECT 'u2' AS user_id, 4::BIGINT AS n");
    await f.writeParquet('s3://lake/clicks/year=2024/month=3/a.parquet', "SELECT 'u3' AS user_id, 5::BIGINT AS n");
    await f.writeParquet('s3://lake/moved/feb.parquet', "SELECT 'u9' AS user_id, 9::BIGINT AS n");
    await f.catalog.createTable('sales', glueTable('clicks', 's3://lake/clicks/', 'user_id string, n bigint', { partitions: 'year int, month string' }));
    await f.catalog.addPartitions('sales', 'clicks', [
      { Values: ['2024', '1'], StorageDescriptor: { Location: 's3://lake/clicks/year=2024/month=1' } },
      { Values: ['2024', '2'], StorageDescriptor: { Location: 's3://lake/moved/' } },
    ]);
    const r = await f.engine.execute(f.request('SELECT user_id, n, year, month FROM clicks ORDER BY user_id'));
    assert.deepEqual(r.columns.map((c) => c.type), ['varchar', 'bigint', 'integer', 'varchar']);
    assert.deepEqual(r.rows, [['u1', '3', '2024', '1'], ['u9', '9', '2024', '2']], 'month=3 is not registered, month=2 lives elsewhere');
    assert.deepEqual(await rows('SELECT count(*) FROM clicks WHERE year = 2024 AND month = \'1\''), [['1']]);
  });

  it('reads OpenCSVSerde tables: header skipped, quotes and escapes, every field text then cast', async () => {
    await f.put('s3://lake/people/a.csv', 'name,age,city\n"Smith, Ann",41,"Oslo"\n"Bob ""B""",x,\nCarl,7\n');
    await f.catalog.createTable('crm', glueTable('people', 's3://lake/people/', 'name string, age int, city string', {
      serde: OPEN_CSV_SERDE,
      serdeParameters: { separatorChar: ',', quoteChar: '"' },
      parameters: { 'skip.header.line.count': '1' },
    }));
    const r = await f.engine.execute(f.request('SELECT name, age, city FROM crm.people ORDER BY name'));
    assert.deepEqual(r.rows, [['Bob "B"', null, ''], ['Carl', '7', null], ['Smith, Ann', '41', 'Oslo']]);
  });

  it('reads OpenCSVSerde with an explicit escapeChar: both \\" and doubled quotes are one quote, as opencsv reads them', async () => {
    await f.put('s3://lake/esc/a.csv', 'ops,"Ops ""24/7""",2\nq,"""quoted""",1\nb,"back\\"slash",3\nu,a""b,4\ne,"",5\n');
    await f.catalog.createTable('crm', glueTable('esc', 's3://lake/esc/', 'k string, title string, n int', {
      serde: OPEN_CSV_SERDE,
      serdeParameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' },
    }));
    assert.deepEqual(await rows('SELECT k, title, n FROM crm.esc ORDER BY n'), [
      ['q', '"quoted"', '1'], ['ops', 'Ops "24/7"', '2'], ['b', 'back"slash', '3'], ['u', 'a"b', '4'], ['e', '', '5'],
    ]);
  });

  it('reads LazySimpleSerDe text (field.delim, \\N as NULL) and JSON lines (keys in any case, missing keys NULL)', async () => {
    await f.put('s3://lake/tsv/part-0', 'a\t1\nb\t\\N\n');
    await f.catalog.createTable('crm', glueTable('tsv', 's3://lake/tsv/', 'k string, v bigint', { serde: LAZY_SIMPLE_SERDE, serdeParameters: { 'field.delim': '\t' } }));
    assert.deepEqual(await rows('SELECT k, v FROM crm.tsv ORDER BY k'), [['a', '1'], ['b', null]]);
    await f.put('s3://lake/json/a.json', '{"ID": "j1", "score": 1.5, "tags": ["x", "y"], "other": true}\n{"id": "j2"}\n');
    await f.catalog.createTable('crm', glueTable('docs', 's3://lake/json/', 'id string, score double, tags array<string>', { serde: JSON_SERDE }));
    assert.deepEqual(await rows('SELECT id, score, tags FROM crm.docs ORDER BY id'), [['j1', '1.5', '[x, y]'], ['j2', null, null]]);
  });

  it('joins tables of two databases, with CTEs and window functions', async () => {
    const sql = `WITH per_user AS (SELECT user_id, sum(n) AS total FROM sales.clicks GROUP BY user_id)
      SELECT p.user_id, p.total, d.score, rank() OVER (ORDER BY p.total DESC) AS rk
      FROM per_user p LEFT JOIN crm.docs d ON d.id = replace(p.user_id, 'u', 'j')
      ORDER BY rk`;
    assert.deepEqual(await rows(sql), [['u9', '9', null, '1'], ['u1', '3', '1.5', '2']]);
  });
});
