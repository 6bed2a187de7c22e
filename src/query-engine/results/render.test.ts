// Values and types as Athena prints them (GetQueryResults' VarCharValue and the result CSV), on a real DuckDB.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BIGINT, DOUBLE, HUGEINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { openAthenaConnection, runTrino } from '../../../test/support/query-engine-connection.js';
import { decimalString, javaDouble, javaFloat } from './numbers.js';
import { athenaColumn, renderResult, renderValue } from './render.js';

describe("numbers as Java's Double.toString / Float.toString print them", () => {
  it('doubles', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'], [1, '1.0'], [-1.5, '-1.5'], [1e7, '1.0E7'], [9999999, '9999999.0'], [1.0e-4, '1.0E-4'], [0.001, '0.001'],
      [123456789.125, '1.23456789125E8'], [1 / 3, '0.3333333333333333'], [0, '0.0'], [-0, '-0.0'], [NaN, 'NaN'],
      [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [1.7976931348623157e308, '1.7976931348623157E308'],
    ];
    for (const [value, text] of cases) assert.equal(javaDouble(value), text, String(value));
  });

  it('reals (float32) print their shortest float digits', () => {
    assert.equal(javaFloat(Math.fround(0.1)), '0.1');
    assert.equal(javaFloat(Math.fround(1.5)), '1.5');
    assert.equal(javaFloat(Math.fround(3.4028235e38)), '3.4028235E38');
    assert.equal(javaFloat(Math.fround(1e7)), '1.0E7');
  });

  it('decimals keep their scale', () => {
    assert.equal(decimalString(150n, 2), '1.50');
    assert.equal(decimalString(-5n, 3), '-0.005');
    assert.equal(decimalString(42n, 0), '42');
  });
});

describe('ColumnInfo', () => {
  it('names, precision and case sensitivity', () => {
    assert.deepEqual(athenaColumn('c', VARCHAR), { name: 'c', label: 'c', type: 'varchar', precision: 2147483647, scale: 0, nullable: 'UNKNOWN', caseSensitive: true });
    assert.deepEqual(athenaColumn('n', BIGINT), { name: 'n', label: 'n', type: 'bigint', precision: 19, scale: 0, nullable: 'UNKNOWN', caseSensitive: false });
    assert.equal(athenaColumn('s', HUGEINT).type, 'bigint');
    assert.equal(athenaColumn('d', DOUBLE).precision, 17);
  });
});

describe('rendering every type from a DuckDB result', () => {
  let conn: DuckDBConnection;
  let close: () => void;
  before(async () => ({ conn, close } = await openAthenaConnection()));
  after(() => close());

  const cases: Array<[sql: string, type: string, precision: number, scale: number, value: string | null]> = [
    ["'text'", 'varchar', 2147483647, 0, 'text'],
    ['CAST(1 AS TINYINT)', 'tinyint', 3, 0, '1'],
    ['CAST(2 AS SMALLINT)', 'smallint', 5, 0, '2'],
    ['CAST(3 AS INTEGER)', 'integer', 10, 0, '3'],
    ['CAST(-4 AS BIGINT)', 'bigint', 19, 0, '-4'],
    ['sum(CAST(9223372036854775807 AS BIGINT))', 'bigint', 19, 0, '9223372036854775807'],
    ['CAST(1e7 AS DOUBLE)', 'double', 17, 0, '1.0E7'],
    ['CAST(0.1 AS REAL)', 'float', 7, 0, '0.1'],
    ['CAST(1.5 AS DECIMAL(10, 3))', 'decimal', 10, 3, '1.500'],
    ['true', 'boolean', 0, 0, 'true'],
    ["DATE '2024-01-02'", 'date', 0, 0, '2024-01-02'],
    ["TIMESTAMP '2024-01-02 03:04:05.678901'", 'timestamp', 3, 0, '2024-01-02 03:04:05.678'],
    ["TIMESTAMP '1969-12-31 23:59:59.999'", 'timestamp', 3, 0, '1969-12-31 23:59:59.999'],
    ["CAST('2024-01-02 03:04:05.678' AS TIMESTAMP(3))", 'timestamp', 3, 0, '2024-01-02 03:04:05.678'],
    ['from_unixtime(0)', 'timestamp with time zone', 3, 0, '1970-01-01 00:00:00.000 UTC'],
    ["TIME '01:02:03.456'", 'time', 3, 0, '01:02:03.456'],
    ["to_utf8('hi!')", 'varbinary', 2147483647, 0, '68 69 21'],
    ['ARRAY[1, NULL, 3]', 'array', 0, 0, '[1, null, 3]'],
    ["ARRAY['a b', 'c']", 'array', 0, 0, '[a b, c]'],
    ['ARRAY[ARRAY[1.5e0], ARRAY[]]', 'array', 0, 0, '[[1.5], []]'],
    ["MAP(ARRAY['a', 'b'], ARRAY[1, 2])", 'map', 0, 0, '{a=1, b=2}'],
    ["CAST(ROW(1, 'x', NULL) AS ROW(x INTEGER, y VARCHAR, z DOUBLE))", 'row', 0, 0, '{x=1, y=x, z=null}'],
    ["json_parse('{\"a\": [1, 2]}')", 'json', 0, 0, '{"a":[1,2]}'],
    ['CAST(NULL AS VARCHAR)', 'varchar', 2147483647, 0, null],
    ["INTERVAL '2' DAY", 'interval day to second', 0, 0, '2 00:00:00.000'],
  ];

  for (const [sql, type, precision, scale, value] of cases) {
    it(`${sql} → ${type} ${JSON.stringify(value)}`, async () => {
      const { columns, rows } = await runTrino(conn, `SELECT ${sql} AS c`);
      assert.deepEqual([columns[0]!.type, columns[0]!.precision, columns[0]!.scale], [type, precision, scale]);
      assert.equal(rows[0]![0], value);
    });
  }

  it('renders from a streaming reader and from a materialized result alike, NULL as null', async () => {
    const sql = 'SELECT * FROM (VALUES (1, NULL), (2, 0.5e0)) t(a, b)';
    const materialized = renderResult(await conn.run(sql));
    const reader = renderResult(await conn.runAndReadAll(sql));
    assert.deepEqual(materialized, reader);
    assert.deepEqual(reader.rows, [['1', null], ['2', '0.5']]);
    assert.deepEqual(reader.columns.map((c) => c.name), ['a', 'b']);
    assert.equal(renderValue(null, VARCHAR), null);
  });
});
