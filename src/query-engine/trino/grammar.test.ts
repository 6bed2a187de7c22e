// Trino's grammar as Athena parses with it: statements Trino reads, and Trino's own words and
// positions for those it refuses. Expected messages are the ones Trino's parser tests assert
// (TestSqlParserErrorHandling) where this grammar is the same version; the rest are the issue's
// DuckDB-only forms, whose position and offending token are Trino's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING, parseTrinoStatement, TrinoSyntaxError } from './grammar.js';
import { assertTrinoSyntax } from './syntax.js';

function refusal(sql: string): string {
  try {
    parseTrinoStatement(sql);
  } catch (e) {
    if (e instanceof TrinoSyntaxError) return `line ${e.line}:${e.column}: ${e.message}`;
    throw e;
  }
  return 'parsed';
}

describe("Trino's grammar (Athena engine v3)", () => {
  it('reads the statements Athena runs: queries of every shape, CTAS, EXPLAIN, a trailing semicolon', () => {
    for (const sql of [
      'SELECT 1',
      'select 1 from t;',
      'SELECT * FROM t OFFSET 1 LIMIT 1',
      "SELECT cid FROM t WHERE cid = '1001'",
      "SELECT 'a' || cid FROM t",
      'SELECT 1 WHERE 1 > ALL (SELECT 1)',
      'WITH a AS (SELECT 1 AS x) SELECT x FROM a UNION ALL SELECT 2',
      'SELECT transform(ARRAY[1, 2], x -> x + 1), MAP(ARRAY[1], ARRAY[2]), ROW(1, 2)',
      'SELECT count(*) FILTER (WHERE x > 1), row_number() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t',
      "SELECT * FROM t CROSS JOIN UNNEST(t.arr) AS u(v) WHERE d BETWEEN DATE '2024-01-01' AND current_date",
      'SELECT CAST(x AS decimal(10, 2)), TRY_CAST(y AS bigint), x AT TIME ZONE \'UTC\', INTERVAL \'1\' DAY FROM t',
      "CREATE TABLE t2 WITH (format = 'PARQUET', external_location = 's3://b/p/') AS SELECT * FROM t",
      'EXPLAIN SELECT 1',
      'VALUES 1, 2',
      'SELECT "quoted id" FROM "db"."t" ORDER BY 1 DESC NULLS FIRST FETCH FIRST 2 ROWS WITH TIES',
    ]) assert.equal(refusal(sql), 'parsed', sql);
  });

  it("refuses with Trino's words and positions (cases Trino's own parser tests assert)", () => {
    const cases: Array<[string, string]> = [
      ['select * from foo where @what', "line 1:25: mismatched input '@'. Expecting: <expression>"],
      ['select *\nfrom x\nwhere from', "line 3:7: mismatched input 'from'. Expecting: <expression>"],
      ['select ', "line 1:8: mismatched input '<EOF>'. Expecting: '*', 'ALL', 'DISTINCT', <expression>"],
      ['select * from `foo`', 'line 1:15: backquoted identifiers are not supported; use double quotes to quote identifiers'],
      ['select 1x from dual', 'line 1:8: identifiers must not start with a digit; surround the identifier with double quotes'],
      ['select fuu from dual limit 10 order by fuu', "line 1:31: mismatched input 'order'. Expecting: <EOF>"],
      ['select CAST(12223222232535343423232435343 AS BIGINT)', 'line 1:1: Invalid numeric literal: 12223222232535343423232435343'],
      ['select foo.!', "line 1:12: mismatched input '!'. Expecting: '*', <identifier>"],
      ['select foo(DISTINCT)', "line 1:20: mismatched input ')'. Expecting: <expression>"],
      ['CREATE TABLE foo ', "line 1:18: mismatched input '<EOF>'. Expecting: '(', '.', 'AS', 'COMMENT', 'WITH'"],
      ["SELECT X() OVER (ROWS UNBOUNDED) FROM T", "line 1:32: mismatched input ')'. Expecting: 'FOLLOWING', 'PRECEDING'"],
      ['SELECT a FROM a AS x TABLESAMPLE x ', "line 1:34: mismatched input 'x'. Expecting: 'BERNOULLI', 'SYSTEM'"],
      ['SELECT a AS z FROM t WHERE x = 1 + ', "line 1:36: mismatched input '<EOF>'. Expecting: <expression>"],
      ['SELECT CAST(a AS )', "line 1:18: mismatched input ')'. Expecting: <type>"],
      ['SELECT CAST(a AS decimal()', "line 1:26: mismatched input ')'. Expecting: <integer>, <type>"],
      ['SELECT * FROM t WHERE EXISTS (', "line 1:31: mismatched input '<EOF>'. Expecting: <query>"],
      ['SELECT "" FROM t', 'line 1:8: Zero-length delimited identifier not allowed'],
    ];
    for (const [sql, message] of cases) assert.equal(refusal(sql), message, sql);
  });

  it("refuses DuckDB's own syntax where Trino's parser stops (the issue's examples)", () => {
    assert.match(refusal('SELECT cid, FROM t'), /^line 1:13: mismatched input 'FROM'\. Expecting: .*<expression>/);
    assert.match(refusal('SELECT * FROM t QUALIFY row_number() OVER () = 1'), /^line 1:25: mismatched input 'row_number'\. Expecting: .*'WHERE'/);
    assert.equal(refusal('SELECT * FROM t LIMIT 1 OFFSET 1'), "line 1:25: mismatched input 'OFFSET'. Expecting: <EOF>");
    assert.equal(refusal('SELECT 7 // 2'), "line 1:11: mismatched input '/'. Expecting: <expression>");
    assert.match(refusal('SELECT 1::int'), /^line 1:9: mismatched input ':'\./);
    assert.match(refusal('SELECT * EXCLUDE (a) FROM t'), /^line 1:10: mismatched input 'EXCLUDE'\./);
    assert.match(refusal("SELECT * FROM t WHERE x ILIKE 'a'"), /^line 1:25: mismatched input 'ILIKE'\./);
    assert.match(refusal('SELECT 1 SELECT 2'), /^line 1:10: mismatched input 'SELECT'\./);
  });

  it('refuses nesting past its bound at once, and bounds the cost of a hostile statement', () => {
    const deep = (n: number) => `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`;
    assert.equal(refusal(deep(MAX_NESTING)), 'parsed');
    assert.equal(refusal(deep(MAX_NESTING + 1)), 'line 1:1: statement is too large (stack overflow while parsing)');
    assert.equal(refusal(deep(100_000)), 'line 1:1: statement is too large (stack overflow while parsing)');
    // A long flat expression and a long error are read, not refused.
    assert.equal(refusal(`SELECT ${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(' + ')} FROM t`), 'parsed');
    assert.match(refusal(`SELECT ${'a, '.repeat(5000)} FROM t`), /mismatched input 'FROM'/);
  });

  it('gives Athena\'s SYNTAX_ERROR failure for callers that run statements directly', () => {
    assert.throws(() => assertTrinoSyntax('SELECT cid, FROM t'), (e: Error) => e.message.startsWith("SYNTAX_ERROR: line 1:13: mismatched input 'FROM'"));
    assert.doesNotThrow(() => assertTrinoSyntax('SELECT 1'));
  });
});
