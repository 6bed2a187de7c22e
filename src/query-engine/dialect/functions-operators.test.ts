// Trino operators and casts DuckDB reads differently, on a real DuckDB; expected values from Trino's
// documentation (language/types.html, functions/decimal.html, functions/array.html,
// functions/conversion.html, functions/aggregate.html) and Java's Double.toString, as Athena prints them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { translateQuery } from './translate.js';
import { failureFromDuckDb } from '../errors.js';
import { evaluate, openAthenaConnection, runTrino, typeOf } from '../../../test/support/query-engine-connection.js';

let conn: DuckDBConnection;
let close: () => void;
before(async () => ({ conn, close } = await openAthenaConnection()));
after(() => close());

const check = async (expression: string, expected: string | null) => assert.equal(await evaluate(conn, expression), expected, expression);
const fails = async (sql: string, reason: RegExp) => {
  const error = await runTrino(conn, sql).then(() => undefined, (e: unknown) => e);
  assert.ok(error, `${sql} should fail`);
  assert.match(failureFromDuckDb(error, translateQuery(sql)).message, reason, sql);
};

describe('division and modulus', () => {
  it('integer division truncates; exact types fail on zero, doubles give Infinity and NaN', async () => {
    await check('7 / 2', '3');
    await check('-7 / 2', '-3');
    await check('-7 % 3', '-1');
    await check('7e0 / 2', '3.5');
    await check('1e0 / 0e0', 'Infinity');
    await check('-1e0 / 0', '-Infinity');
    await check('0e0 / 0e0', 'NaN');
    await check('5e0 % 0e0', 'NaN');
    await fails('SELECT 5 / 0', /^DIVISION_BY_ZERO: Division by zero$/);
    await fails('SELECT 5 % 0', /^DIVISION_BY_ZERO/);
    await fails('SELECT 1.5 / 0', /^DIVISION_BY_ZERO/);
    await fails('SELECT x / (x - x) FROM (VALUES 1, 2) t(x)', /^DIVISION_BY_ZERO/);
  });

  it('chained and nested operations bind in linear time, with the same results (each operand text appears once)', async () => {
    await check('1000000 / 2 / 5 / 10 / 4 / 5 / 2', '250');
    await check('100 / (10 / (5 / 5))', '10');
    await check('1.0 / 3 / 3 / 3 / 3 / 3', '0.0');
    await check('10.0 / 4 / 2', '1.3');
    await check('17 % 5 % 3', '2');
    await fails('SELECT 10 / 2 / 0', /^DIVISION_BY_ZERO/);
    // Before the operands were bound once, `1/1/1/1` alone took about 10 s to bind: each macro
    // call copied its argument's text into every place its body names it.
    const sql = translateQuery('SELECT 1/1/1/1/1/1/1/1');
    assert.equal(sql.split('trino_divide(').length - 1, 7, sql);
    assert.equal(sql.split("{'a': ").length - 1, 6, sql);
  });

  it('decimal division keeps scale max(s1, s2), rounded half up; mixed with a double it is a double', async () => {
    await check('1.0 / 3', '0.3');
    await check('2.0 / 3', '0.7');
    await check('-2.0 / 3', '-0.7');
    await check('7 / 2.0', '3.5');
    await check('CAST(476001.50 AS decimal(10, 2)) / 6', '79333.58');
    await check('0.15 / 1.0', '0.15');
    await check('1.5 / 10', '0.2');
    assert.equal(await typeOf(conn, '1.0 / 3'), 'decimal');
    assert.equal(await typeOf(conn, '1.5 / 2e0'), 'double');
    assert.equal(await typeOf(conn, '7 / 2'), 'integer');
    await check('5.5 % 2', '1.5');
  });

  it('a left operand takes the chain of * / % before it; unary minus binds tighter', async () => {
    assert.equal(translateQuery('SELECT a * b / c, a / b * c, -a / b FROM t'), 'SELECT trino_divide(a * b , c), trino_divide(a , b) * c, trino_divide(-a , b) FROM t');
    // An operand holding another rewrite is bound once (see the chained-operations test).
    assert.equal(translateQuery('SELECT a / b / c'), "SELECT list_transform([{'a': trino_divide(a , b) , 'b':  c}], trino_bound -> trino_divide(trino_bound.a, trino_bound.b))[1]");
    assert.equal(translateQuery("SELECT f(x) / 2, t.x[1] % 3, '/' || 'a/b' FROM t -- a / b"), "SELECT trino_divide(f(x) , 2), list_transform([{'a': trino_subscript(t.x, 1) , 'b':  3}], trino_bound -> trino_modulus(trino_bound.a, trino_bound.b))[1], '/' || 'a/b' FROM t  ");
    await check('(1 + 9) / 2 * 3', '15');
    await check('sum(x) / count(*) FROM (VALUES 1, 2, 4) t(x)', '2');
  });

  it('avg of a decimal is a decimal of the same scale (half up); avg of integers a double', async () => {
    const { rows, columns } = await runTrino(conn, 'SELECT avg(x) AS a, avg(CAST(x AS integer)) AS b FROM (VALUES CAST(1.00 AS decimal(10,2)), 2.00, 2.00) t(x)');
    assert.deepEqual(rows, [['1.67', '1.6666666666666667']]);
    assert.deepEqual(columns.map((c) => c.type), ['decimal', 'double']);
    await check('avg(x) FILTER (WHERE x > 1) FROM (VALUES 1, 2, 4) t(x)', '3.0');
  });
});

describe('subscripts and element_at', () => {
  it('an array subscript outside 1..length fails; element_at is NULL past the end and fails at 0', async () => {
    await check('ARRAY[10, 20][2]', '20');
    await fails('SELECT ARRAY[1, 2, 3][5]', /^INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: 5 > 3$/);
    await fails('SELECT ARRAY[1, 2][0]', /^INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1$/);
    await fails('SELECT element_at(ARRAY[1], 0)', /^INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1$/);
    await check('element_at(ARRAY[1, 2, 3], 5)', null);
    await check('element_at(ARRAY[1, 2, 3], -1)', '3');
    await check("MAP(ARRAY['a'], ARRAY[1])['a']", '1');
    await check("element_at(MAP(ARRAY[0], ARRAY['zero']), 0)", 'zero');
    await check('split(\'a,b,c\', \',\')[2]', 'b');
  });
});

describe('casts, literals and types', () => {
  it('casts to integers round half away from zero, doubles too', async () => {
    await check('CAST(2.5 AS integer)', '3');
    await check('CAST(-2.5 AS integer)', '-3');
    await check('CAST(2.5e0 AS bigint)', '3');
    await check('CAST(-2.5e0 AS bigint)', '-3');
    await check('CAST(3.4e0 AS bigint)', '3');
    await check("CAST('12' AS integer)", '12');
  });

  it('CAST to varchar: Java Double.toString, timestamp(3) with its milliseconds, with time zone with its zone', async () => {
    await check('CAST(1.5e0 AS varchar)', '1.5');
    await check('CAST(1e7 AS varchar)', '1.0E7');
    await check('CAST(12345678.9e0 AS varchar)', '1.23456789E7');
    await check('CAST(1e-4 AS varchar)', '1.0E-4');
    await check('CAST(0.001e0 AS varchar)', '0.001');
    await check('CAST(-123.25e0 AS varchar)', '-123.25');
    await check('CAST(100e0 AS varchar)', '100.0');
    await check('CAST(nan() AS varchar)', 'NaN');
    await check('CAST(-infinity() AS varchar)', '-Infinity');
    await check("CAST(TIMESTAMP '2024-02-29 23:59:59' AS varchar)", '2024-02-29 23:59:59.000');
    await check("CAST(TIMESTAMP '2024-02-29 23:59:59.5' AS varchar)", '2024-02-29 23:59:59.500');
    await check('CAST(from_unixtime(0) AS varchar)', '1970-01-01 00:00:00.000 UTC');
    await check('CAST(42 AS varchar)', '42');
  });

  it('timestamp(6) keeps microseconds; DECIMAL literals keep their scale; typeof of a string literal is varchar(n)', async () => {
    await check("CAST('2024-01-02 03:04:05.123456' AS timestamp(6))", '2024-01-02 03:04:05.123456');
    await check("CAST('2024-01-02 03:04:05.123456' AS timestamp(3))", '2024-01-02 03:04:05.123');
    await check("DECIMAL '1.10'", '1.10');
    await check("typeof(DECIMAL '0000012345.1234500000')", 'decimal(20,10)');
    await check("typeof('abc')", 'varchar(3)');
  });

  it('date ± interval is a date; a timestamp stays a timestamp', async () => {
    await check("DATE '2024-01-31' + INTERVAL '1' MONTH", '2024-02-29');
    await check("TIMESTAMP '2024-01-01 00:00:00.000' - INTERVAL '90' MINUTE", '2023-12-31 22:30:00.000');
  });
});

describe('arrays, lambdas, aggregates, concatenation', () => {
  it('any_match, all_match, none_match with Trino NULL semantics', async () => {
    await check('any_match(ARRAY[5, -6, NULL, 7], x -> x > 0)', 'true');
    await check('any_match(ARRAY[-5, NULL], x -> x > 0)', null);
    await check('all_match(ARRAY[5, -6, 7], x -> x > 0)', 'false');
    await check('all_match(ARRAY[5, NULL], x -> x > 0)', null);
    await check('all_match(ARRAY[], x -> x > 0)', 'true');
    await check('none_match(ARRAY[5, 6], x -> x < 0)', 'true');
  });

  it('max_by and min_by return the value on the max/min row, even NULL; array_position is a bigint', async () => {
    await check("max_by(v, k) FROM (VALUES (CAST(NULL AS varchar), 2), ('a', 1)) t(v, k)", null);
    await check("min_by(v, k) FROM (VALUES (CAST(NULL AS varchar), 2), ('a', 1)) t(v, k)", 'a');
    assert.equal(await typeOf(conn, "array_position(ARRAY['a', 'b'], 'b')"), 'bigint');
  });

  it('concat and || with NULL are varchar NULL; an array and an element concatenate', async () => {
    const { columns, rows } = await runTrino(conn, "SELECT concat('a', NULL) AS c, 'a' || NULL AS d, ARRAY[1] || 2 AS e, 0 || ARRAY[1] AS f, concat(ARRAY[1], ARRAY[2, 3]) AS g");
    assert.deepEqual(columns.map((c) => c.type), ['varchar', 'varchar', 'array', 'array', 'array']);
    assert.deepEqual(rows, [[null, null, '[1, 2]', '[0, 1]', '[1, 2, 3]']]);
  });
});

describe('errors Trino raises', () => {
  it('a scalar subquery with several rows is SUBQUERY_MULTIPLE_ROWS', async () => {
    await fails('SELECT (SELECT x FROM (VALUES 1, 2) t(x))', /^SUBQUERY_MULTIPLE_ROWS: Scalar sub-query has returned multiple rows$/);
  });
});

describe('FETCH FIRST … WITH TIES', () => {
  it('keeps the rows tied with the last one', async () => {
    const { rows } = await runTrino(conn, 'SELECT x FROM (VALUES 1, 2, 2, 3) t(x) ORDER BY x DESC FETCH FIRST 2 ROWS WITH TIES');
    assert.deepEqual(rows, [['3'], ['2'], ['2']]);
  });

  it('fails with NOT_SUPPORTED where the rewrite cannot express it', () => {
    assert.throws(() => translateQuery('SELECT x FROM t ORDER BY 1 FETCH FIRST 2 ROWS WITH TIES'), /NOT_SUPPORTED/);
    assert.throws(() => translateQuery('SELECT x FROM t ORDER BY x OFFSET 1 ROWS FETCH NEXT 2 ROWS WITH TIES'), /NOT_SUPPORTED/);
  });
});
