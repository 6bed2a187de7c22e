// Trino's array, map, string, regexp, URL, JSON, math, binary and aggregate functions on a real
// DuckDB; expected values from Trino's documentation (functions/*.html), as Athena prints them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { evaluate, openAthenaConnection, runTrino, typeOf } from '../../../test/support/query-engine-connection.js';

let conn: DuckDBConnection;
let close: () => void;
before(async () => ({ conn, close } = await openAthenaConnection()));
after(() => close());

const check = async (expression: string, expected: string | null) => assert.equal(await evaluate(conn, expression), expected, expression);

describe('arrays', () => {
  it('cardinality of arrays and maps, element_at 1-based with negatives and NULL past the end', async () => {
    await check('cardinality(ARRAY[1, 2, 3])', '3');
    await check("cardinality(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))", '2');
    await check('element_at(ARRAY[1, 2, 3], 1)', '1');
    await check('element_at(ARRAY[1, 2, 3], -1)', '3');
    await check('element_at(ARRAY[1, 2, 3], 4)', null);
    await check("element_at(MAP(ARRAY['a'], ARRAY[10]), 'a')", '10');
    await check("element_at(MAP(ARRAY['a'], ARRAY[10]), 'b')", null);
    await check('ARRAY[10, 20][2]', '20');
  });

  it('contains, array_position (0 when absent), array_join with and without a NULL replacement', async () => {
    await check('contains(ARRAY[1, 2, 3], 2)', 'true');
    await check('contains(ARRAY[1, 2, 3], 5)', 'false');
    await check('array_position(ARRAY[5, 6, 7], 6)', '2');
    await check('array_position(ARRAY[5, 6, 7], 9)', '0');
    await check("array_join(ARRAY[1, NULL, 2], ',')", '1,2');
    await check("array_join(ARRAY[1, NULL, 2], ',', 'x')", '1,x,2');
  });

  it('array_distinct keeps first occurrences in order; array_max/min are NULL with a NULL element', async () => {
    await check('array_distinct(ARRAY[3, 1, 3, NULL, 1, NULL, 2])', '[3, 1, null, 2]');
    await check('array_max(ARRAY[1, 5, 3])', '5');
    await check('array_min(ARRAY[4, 2, 9])', '2');
    await check('array_max(ARRAY[1, NULL, 3])', null);
  });

  it('array_sort (NULLs last), slice, sequence, reverse, array_remove, array_union, array_except, arrays_overlap', async () => {
    await check('array_sort(ARRAY[3, NULL, 1, 2])', '[1, 2, 3, null]');
    await check('slice(ARRAY[1, 2, 3, 4], 2, 2)', '[2, 3]');
    await check('slice(ARRAY[1, 2, 3, 4], -2, 2)', '[3, 4]');
    await check('sequence(1, 5)', '[1, 2, 3, 4, 5]');
    await check('sequence(5, 1)', '[5, 4, 3, 2, 1]');
    await check('sequence(0, 10, 5)', '[0, 5, 10]');
    await check('reverse(ARRAY[1, 2, 3])', '[3, 2, 1]');
    await check("reverse('abc')", 'cba');
    await check('array_remove(ARRAY[1, 2, 1], 1)', '[2]');
    await check('array_union(ARRAY[1, 2], ARRAY[2, 3])', '[1, 2, 3]');
    await check('array_except(ARRAY[1, 2, 3], ARRAY[2])', '[1, 3]');
    await check('arrays_overlap(ARRAY[1, 2], ARRAY[2, 3])', 'true');
    await check("zip(ARRAY[1, 2], ARRAY['a'])", '[{field0=1, field1=a}, {field0=2, field1=null}]');
  });

  it('lambdas: transform, filter, reduce', async () => {
    await check('transform(ARRAY[1, 2], x -> x * 10)', '[10, 20]');
    await check('filter(ARRAY[1, 2, 3], x -> x > 1)', '[2, 3]');
    // Trino's reduce(array, initialState, inputFunction, outputFunction) (functions/array.html examples).
    await check('reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s)', '75');
    await check('reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + x, s -> s)', null);
    await check('reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + coalesce(x, 0), s -> s)', '75');
    await check('reduce(ARRAY[2147483647, 1], BIGINT \'0\', (s, x) -> s + x, s -> s)', '2147483648');
  });

  it('bare VALUES rows', async () => {
    const { rows } = await runTrino(conn, 'SELECT x FROM (VALUES 3, 1, 2) AS t(x) ORDER BY x');
    assert.deepEqual(rows, [['1'], ['2'], ['3']]);
  });

  it('UNNEST: CROSS JOIN UNNEST … AS t(x), WITH ORDINALITY', async () => {
    const plain = await runTrino(conn, 'SELECT id, x FROM (VALUES (1, ARRAY[10, 20])) AS src(id, xs) CROSS JOIN UNNEST(xs) AS t(x) ORDER BY x');
    assert.deepEqual(plain.rows, [['1', '10'], ['1', '20']]);
    const ordinal = await runTrino(conn, 'SELECT x, n FROM (VALUES (ARRAY[10, 20])) AS src(xs) CROSS JOIN UNNEST(xs) WITH ORDINALITY AS t(x, n) ORDER BY n');
    assert.deepEqual(ordinal.rows, [['10', '1'], ['20', '2']]);
  });
});

describe('rows', () => {
  it('anonymous ROW fields print as field0, field1; a CAST names them', async () => {
    await check("ROW(1, 'a')", '{field0=1, field1=a}');
    await check('ROW(ROW(1), 2.5e0)', '{field0={field0=1}, field1=2.5}');
    await check("CAST(ROW(1, 'a') AS ROW(id BIGINT, name VARCHAR)).name", 'a');
  });
});

describe('maps', () => {
  it('map(keys, values), map_keys, map_values, subscript, map_agg', async () => {
    await check("MAP(ARRAY['a', 'b'], ARRAY[1, 2])", '{a=1, b=2}');
    await check("map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))", '[a, b]');
    await check("map_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))", '[1, 2]');
    await check("MAP(ARRAY['a'], ARRAY[1])['a']", '1');
    const agg = await runTrino(conn, "SELECT map_agg(k, v) FROM (VALUES ('a', 1), ('b', 2)) t(k, v)");
    assert.equal(agg.rows[0]![0], '{a=1, b=2}');
  });
});

describe('strings', () => {
  it('concat is NULL when any argument is; || too', async () => {
    await check("concat('a', 'b', 'c')", 'abc');
    await check("concat('a', NULL)", null);
    await check("'a' || 'b'", 'ab');
    await check("concat_ws(',', 'a', NULL, 'b')", 'a,b');
  });

  it('split, split_part (NULL past the end), strpos (with instance), position, length, lpad/rpad', async () => {
    await check("split('a.b.c', '.')", '[a, b, c]');
    await check("split('a.b.c', '.', 2)", '[a, b.c]');
    await check("split_part('a,b,c', ',', 2)", 'b');
    await check("split_part('a,b,c', ',', 4)", null);
    await check("strpos('high', 'ig')", '2');
    await check("strpos('high', 'x')", '0');
    await check("strpos('abcabc', 'c', 2)", '6');
    await check("position('ig' IN 'high')", '2');
    await check("length('héllo')", '5');
    await check("lpad('7', 3, '0')", '007');
    await check("levenshtein_distance('kitten', 'sitting')", '3');
    await check("levenshtein_distance('', 'abc')", '3');
    await check(`levenshtein_distance('hello', '${'e'.repeat(100_000)}')`, '99999');
    // Trino's bound (longer × (shorter − 1) ≤ 1,000,000), as Trino's own tests probe it.
    for (const [a, b] of [['x'.repeat(1001), 'x'.repeat(1001)], ['hello', 'x'.repeat(500_000)], ['x'.repeat(500_000), 'hello']]) {
      await assert.rejects(runTrino(conn, `SELECT levenshtein_distance('${a}', '${b}')`), /INVALID_FUNCTION_ARGUMENT: The combined inputs for Levenshtein distance are too large/);
    }
    await check("rpad('ab', 4, '-')", 'ab--');
    await check("lpad('abcd', 2, '0')", 'ab');
  });

  it('replace with two and three arguments, substr, upper/lower, trim, starts_with, codepoint, chr', async () => {
    await check("replace('a-b-c', '-')", 'abc');
    await check("replace('a-b-c', '-', '+')", 'a+b+c');
    await check("substr('hello', 2, 3)", 'ell');
    await check("substr('hello', -3)", 'llo');
    await check("upper('abc')", 'ABC');
    await check("trim('  x  ')", 'x');
    await check("starts_with('hello', 'he')", 'true');
    await check("codepoint('A')", '65');
    await check('chr(65)', 'A');
    await check("levenshtein_distance('kitten', 'sitting')", '3');
    await check("format('%s-%d-%.2f', 'a', 7, 3.14159e0)", 'a-7-3.14');
  });
});

describe('regular expressions', () => {
  it('the documented examples', async () => {
    await check("regexp_like('1a 2b 14m', '\\d+b')", 'true');
    await check("regexp_extract('1a 2b 14m', '\\d+')", '1');
    await check("regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2)", 'a');
    await check("regexp_extract('abc', '\\d+')", null);
    await check("regexp_extract_all('1a 2b 14m', '\\d+')", '[1, 2, 14]');
    await check("regexp_extract_all('1a 2b 14m', '(\\d+)([a-z]+)', 2)", '[a, b, m]');
    await check("regexp_replace('1a 2b 14m', '\\d+[ab] ')", '14m');
    await check("regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')", '3ca 3cb 14m');
    await check("regexp_count('1a 2b 14m', '\\s*[a-z]+\\s*')", '3');
    await check("regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*')", '[1, 2, 14, ]');
  });
});

describe('URLs', () => {
  const url = "'http://example.com:80/path/index.html?q=1&r=two#frag'";
  it('url_extract_* as documented', async () => {
    await check(`url_extract_protocol(${url})`, 'http');
    await check(`url_extract_host(${url})`, 'example.com');
    await check(`url_extract_port(${url})`, '80');
    await check(`url_extract_path(${url})`, '/path/index.html');
    await check(`url_extract_query(${url})`, 'q=1&r=two');
    await check(`url_extract_fragment(${url})`, 'frag');
    await check(`url_extract_parameter(${url}, 'r')`, 'two');
    await check(`url_extract_parameter(${url}, 'zz')`, null);
    await check("url_extract_port('http://example.com/')", null);
  });
});

describe('JSON', () => {
  const doc = `'{"a": {"b": 1, "c": [1, 2, 3]}, "s": "x"}'`;
  it('json_extract_scalar is NULL for objects and arrays; json_extract keeps JSON', async () => {
    await check(`json_extract_scalar(${doc}, '$.a.b')`, '1');
    await check(`json_extract_scalar(${doc}, '$.s')`, 'x');
    await check(`json_extract_scalar(${doc}, '$.a')`, null);
    await check(`json_extract_scalar(${doc}, '$.a.c[1]')`, '2');
    await check(`json_format(json_extract(${doc}, '$.a.c'))`, '[1,2,3]');
    await check(`json_array_length('[1, 2, 3]')`, '3');
    await check(`json_size(${doc}, '$.a')`, '2');
    await check(`json_size(${doc}, '$.a.c')`, '3');
    await check(`json_array_get('["a", "b"]', 1)`, '"b"');
    await check(`json_array_contains('[1, 2, 3]', 2)`, 'true');
    await check(`json_format(json_parse('{"x": 1}'))`, '{"x":1}');
  });
});

describe('conditionals, try and typeof', () => {
  it('if, nullif, coalesce, greatest/least (NULL if any argument is NULL), try', async () => {
    await check("if(1 > 0, 'yes', 'no')", 'yes');
    await check('if(false, 1)', null);
    await check('nullif(1, 1)', null);
    await check('coalesce(NULL, 2, 3)', '2');
    await check('greatest(1, 5, 3)', '5');
    await check('least(4, 2, 9)', '2');
    await check('greatest(1, NULL, 3)', null);
    await check("try(CAST('x' AS INTEGER))", null);
    await check("try_cast('12' AS INTEGER)", '12');
  });

  it("typeof gives Trino's type names", async () => {
    await check('typeof(123)', 'integer');
    await check('typeof(12345678901)', 'bigint');
    await check('typeof(1e0)', 'double');
    await check('typeof(1.5)', 'decimal(2,1)');
    await check('typeof(ARRAY[1, 2])', 'array(integer)');
    await check('typeof(now())', 'timestamp(3) with time zone');
    await check("typeof(to_utf8('a'))", 'varbinary');
    await check('typeof(CAST(1 AS REAL))', 'real');
  });
});

describe('math', () => {
  it('rounding, truncation, powers and logarithms', async () => {
    await check('round(2.5)', '3');
    await check('round(-2.5)', '-3');
    await check('round(1.234, 2)', '1.23');
    await check('round(1.5e0)', '2.0');
    await check('truncate(19.95e0)', '19.0');
    await check('ceiling(1.2e0)', '2.0');
    await check('floor(-1.2e0)', '-2.0');
    await check('pow(2, 10)', '1024.0');
    await check('power(2, 0.5e0)', '1.4142135623730951');
    await check('ln(1)', '0.0');
    await check('log2(8)', '3.0');
    await check('log10(1000)', '3.0');
    await check('sqrt(16)', '4.0');
    await check('abs(-3)', '3');
    await check('sign(-3)', '-1');
    await check('sign(-3.5e0)', '-1.0');
  });

  it('NaN and infinity', async () => {
    await check('nan()', 'NaN');
    await check('infinity()', 'Infinity');
    await check('-infinity()', '-Infinity');
    await check('is_nan(nan())', 'true');
    await check('is_finite(1e0)', 'true');
    await check('is_infinite(infinity())', 'true');
  });

  it('random and rand stay within their ranges', async () => {
    for (const expression of ['rand()', 'random()']) {
      const v = Number(await evaluate(conn, expression));
      assert.ok(v >= 0 && v < 1, `${expression} = ${v}`);
    }
    const n = Number(await evaluate(conn, 'rand(10)'));
    assert.ok(Number.isInteger(n) && n >= 0 && n < 10, String(n));
    const m = Number(await evaluate(conn, 'random(5, 8)'));
    assert.ok(Number.isInteger(m) && m >= 5 && m < 8, String(m));
  });

  it('from_base, to_base and bitwise functions', async () => {
    await check("from_base('ff', 16)", '255');
    await check("from_base('-101', 2)", '-5');
    await assert.rejects(runTrino(conn, "SELECT from_base('12', 2)"), /INVALID_FUNCTION_ARGUMENT: Not a valid base-2 number: 12/);
    await check('to_base(255, 16)', 'ff');
    await check('to_base(-10, 2)', '-1010');
    await check('to_base(0, 7)', '0');
    await check('bitwise_and(12, 10)', '8');
    await check('bitwise_or(12, 10)', '14');
    await check('bitwise_xor(12, 10)', '6');
    await check('bitwise_not(0)', '-1');
  });
});

describe('binary', () => {
  it('to_utf8/from_utf8, to_hex/from_hex, md5/sha1/sha256 return varbinary', async () => {
    await check("to_hex(to_utf8('abc'))", '616263');
    await check("from_utf8(from_hex('616263'))", 'abc');
    await check("md5(to_utf8(''))", 'd4 1d 8c d9 8f 00 b2 04 e9 80 09 98 ec f8 42 7e');
    await check("to_hex(sha256(to_utf8('')))", 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
    await check("to_hex(sha1(to_utf8('abc')))", 'A9993E364706816ABA3E25717850C26C9CD0D89D');
    assert.equal(await typeOf(conn, "md5(to_utf8(''))"), 'varbinary');
  });
});

describe('aggregates', () => {
  const from = 'FROM (VALUES (1, true, 10), (2, false, 20), (3, true, 30), (4, true, 40), (5, NULL, 50)) t(x, b, y)';
  const one = async (select: string) => (await runTrino(conn, `SELECT ${select} ${from}`)).rows[0]![0];

  it('count_if, bool_and/every, bool_or, arbitrary/any_value, max_by/min_by, sum of bigint stays bigint', async () => {
    assert.equal(await one('count_if(b)'), '3');
    assert.equal(await one('bool_and(b)'), 'false');
    assert.equal(await one('every(x > 0)'), 'true');
    assert.equal(await one('bool_or(b)'), 'true');
    assert.ok(['1', '2', '3', '4', '5'].includes((await one('arbitrary(x)'))!));
    assert.ok(['1', '2', '3', '4', '5'].includes((await one('any_value(x)'))!));
    assert.equal(await one('max_by(x, y)'), '5');
    assert.equal(await one('min_by(x, y)'), '1');
    const sum = await runTrino(conn, `SELECT sum(CAST(x AS BIGINT)) ${from}`);
    assert.deepEqual([sum.columns[0]!.type, sum.rows[0]![0]], ['bigint', '15']);
  });

  it('approx_percentile and approx_distinct (within their documented error)', async () => {
    assert.equal(await one('approx_percentile(x, 0.5)'), '3');
    const distinct = Number((await runTrino(conn, 'SELECT approx_distinct(n) FROM range(1000) t(n)')).rows[0]![0]);
    assert.ok(Math.abs(distinct - 1000) <= 1000 * 0.023 * 3, String(distinct));
    assert.equal((await runTrino(conn, 'SELECT approx_distinct(n, 0.01) FROM range(10) t(n)')).columns[0]!.type, 'bigint');
  });

  it('stddev and variance are the sample statistics', async () => {
    assert.equal(await one('variance(x)'), '2.5');
    assert.equal(await one('stddev(x)'), '1.5811388300841898');
  });
});

describe('CAST forms', () => {
  it('Trino type names in CAST and TRY_CAST', async () => {
    await check('CAST(12 AS VARCHAR(10))', '12');
    await check("CAST('1.5' AS DOUBLE)", '1.5');
    await check("CAST('2020-01-01 00:00:00' AS TIMESTAMP)", '2020-01-01 00:00:00.000');
    await check("CAST('2020-01-01 00:00:00' AS TIMESTAMP(3))", '2020-01-01 00:00:00.000');
    await check("CAST('2020-01-01' AS DATE)", '2020-01-01');
    await check("CAST(JSON '[1, 2]' AS ARRAY(INTEGER))", '[1, 2]');
    await check("CAST(ROW(1, 'a') AS ROW(x BIGINT, y VARCHAR))", '{x=1, y=a}');
    await check("CAST(MAP(ARRAY['k'], ARRAY[1]) AS MAP(VARCHAR, DOUBLE))", '{k=1.0}');
    await check("CAST(to_utf8('a') AS VARBINARY)", '61');
    await check("CAST('3.14159' AS DECIMAL(10, 2))", '3.14');
    await check('CAST(1.5 AS REAL)', '1.5');
    await check("TRY_CAST('x' AS ARRAY(INTEGER))", null);
  });

  it('timestamp, date and interval literals', async () => {
    await check("TIMESTAMP '2020-01-02 03:04:05.678'", '2020-01-02 03:04:05.678');
    await check("DATE '2020-01-02'", '2020-01-02');
    await check("INTERVAL '1' DAY", '1 00:00:00.000');
    await check("INTERVAL '3' MONTH", '0-3');
  });
});
