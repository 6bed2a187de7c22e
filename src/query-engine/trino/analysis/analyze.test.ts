// Trino's type rules before DuckDB runs a query: what Trino refuses is refused with its words and
// position; what it accepts (or what the analysis cannot type) passes untouched.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrinoStatement } from '../grammar.js';
import { analyzeQuery, type AnalysisCatalog } from './analyze.js';
import { hiveToTrino } from './trino-types.js';

const catalog: AnalysisCatalog = {
  database: 'sales',
  tables: {
    'sales.orders': [{ name: 'cid', type: 'bigint' }, { name: 'name', type: 'string' }, { name: 'd', type: 'date' }, { name: 'amount', type: 'decimal(10,2)' }, { name: 'tags', type: 'array<string>' }],
    'crm.people': [{ name: 'cid', type: 'int' }, { name: 'ok', type: 'boolean' }],
  },
};

function refusal(sql: string): string {
  try {
    analyzeQuery(parseTrinoStatement(sql), catalog);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
}

describe("Trino's type rules (analysis/analyze.ts)", () => {
  it("refuses the issue's examples as Athena does: a number compared with a string, concat of a number", () => {
    assert.equal(refusal("SELECT cid FROM orders WHERE cid = '1001'"), 'TYPE_MISMATCH: line 1:34: Cannot apply operator: bigint = varchar(4)');
    assert.equal(refusal("SELECT 'a' || cid FROM orders"), 'FUNCTION_NOT_FOUND: line 1:12: Unexpected parameters (varchar(1), bigint) for function concat. Expected: concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)');
  });

  it('names operators as Trino resolves them: <> as =, > as <, >= as <=, operands in written order', () => {
    assert.equal(refusal("SELECT 1 FROM orders WHERE cid <> 'x'"), 'TYPE_MISMATCH: line 1:32: Cannot apply operator: bigint = varchar(1)');
    assert.equal(refusal("SELECT 1 FROM orders WHERE cid > 'xy'"), 'TYPE_MISMATCH: line 1:32: Cannot apply operator: bigint < varchar(2)');
    assert.equal(refusal("SELECT 1 FROM orders WHERE d >= '2024-01-01'"), 'TYPE_MISMATCH: line 1:30: Cannot apply operator: date <= varchar(10)');
    assert.equal(refusal("SELECT name + 1 FROM orders"), 'TYPE_MISMATCH: line 1:13: Cannot apply operator: varchar + integer');
    assert.equal(refusal('SELECT d + 1 FROM orders'), 'TYPE_MISMATCH: line 1:10: Cannot apply operator: date + integer');
  });

  it('wants booleans where Trino does: WHERE, HAVING, JOIN ON, AND/OR/NOT, CASE WHEN, IF; strings for LIKE', () => {
    assert.equal(refusal('SELECT 1 FROM orders WHERE cid'), 'TYPE_MISMATCH: line 1:28: WHERE clause must evaluate to a boolean: actual type bigint');
    assert.equal(refusal('SELECT name FROM orders GROUP BY name HAVING count(*)'), 'TYPE_MISMATCH: line 1:46: HAVING clause must evaluate to a boolean: actual type bigint');
    assert.equal(refusal('SELECT 1 FROM orders o JOIN crm.people p ON p.cid'), 'TYPE_MISMATCH: line 1:45: JOIN ON clause must evaluate to a boolean: actual type integer');
    assert.equal(refusal('SELECT 1 FROM crm.people WHERE ok AND cid'), 'TYPE_MISMATCH: line 1:39: Logical expression term must evaluate to a boolean (actual: integer)');
    assert.equal(refusal('SELECT 1 FROM orders WHERE NOT name'), 'TYPE_MISMATCH: line 1:32: Value of logical NOT expression must evaluate to a boolean (actual: varchar)');
    assert.equal(refusal('SELECT CASE WHEN name THEN 1 END FROM orders'), 'TYPE_MISMATCH: line 1:18: CASE WHEN clause must evaluate to a boolean (actual: varchar)');
    assert.equal(refusal('SELECT if(name, 1, 2) FROM orders'), 'TYPE_MISMATCH: line 1:11: IF condition must evaluate to a boolean (actual: varchar)');
    assert.equal(refusal("SELECT 1 FROM orders WHERE cid LIKE '1%'"), 'TYPE_MISMATCH: line 1:28: Left side of LIKE expression must evaluate to a varchar (actual: bigint)');
    assert.equal(refusal("SELECT 1 FROM orders WHERE cid BETWEEN 'a' AND 'b'"), 'TYPE_MISMATCH: line 1:32: Cannot check if bigint is BETWEEN varchar(1) and varchar(1)');
    assert.equal(refusal('SELECT -name FROM orders'), 'TYPE_MISMATCH: line 1:8: Cannot negate varchar');
    for (const sql of ['SELECT 1 FROM crm.people WHERE ok AND NOT ok OR cid > 1', 'SELECT 1 FROM orders WHERE cid IS NULL AND EXISTS (SELECT 1)', "SELECT 1 FROM orders WHERE name LIKE 'a%' AND cid BETWEEN 1 AND 2"]) assert.equal(refusal(sql), 'accepted', sql);
  });

  it('resolves names through aliases, qualified names, joins, subqueries, WITH and VALUES', () => {
    assert.match(refusal("SELECT 1 FROM orders o JOIN crm.people p ON o.cid = p.cid WHERE p.ok = 'yes'"), /Cannot apply operator: boolean = varchar\(3\)/);
    assert.match(refusal("SELECT * FROM (SELECT cid AS k FROM orders) s WHERE s.k = 'x'"), /Cannot apply operator: bigint = varchar\(1\)/);
    assert.match(refusal("WITH w AS (SELECT d FROM orders) SELECT 1 FROM w WHERE d = 'today'"), /Cannot apply operator: date = varchar\(5\)/);
    assert.match(refusal("SELECT 1 FROM (VALUES (1, 'x')) v(n, s) WHERE n = s"), /Cannot apply operator: integer = varchar\(1\)/);
    assert.match(refusal("SELECT 1 FROM orders WHERE cid IN (SELECT cid FROM crm.people WHERE ok = 1)"), /Cannot apply operator: boolean = integer/);
  });

  it("accepts what Trino accepts: widening, dates with timestamps and intervals, strings with strings, arrays, NULL", () => {
    for (const sql of [
      'SELECT 1 FROM orders WHERE cid = 1 AND amount > 2 AND cid + 1.5e0 > 0',
      "SELECT 1 FROM orders WHERE d = DATE '2024-01-01' AND d < TIMESTAMP '2024-01-01 00:00:00' AND d + INTERVAL '1' DAY > d",
      "SELECT name || 'x', tags || 'y', tags || tags FROM orders WHERE name = 'a' AND cid IS NOT NULL AND cid = NULL",
      "SELECT CAST(cid AS varchar) = '1', CAST(name AS bigint) = 1 FROM orders",
      'SELECT transform(tags, t -> t || 1) FROM orders',
      "SELECT x FROM orders CROSS JOIN UNNEST(tags) AS u(x) WHERE x = 'a'",
      "SELECT 1 FROM other_db.unknown WHERE c = 'x'",
      "SELECT upper(name) = 1 FROM orders",
    ]) assert.equal(refusal(sql), 'accepted', sql);
  });

  it('reads Glue types as Trino names them', () => {
    assert.equal(hiveToTrino('string'), 'varchar');
    assert.equal(hiveToTrino('timestamp'), 'timestamp(3)');
    assert.equal(hiveToTrino('map<string,array<int>>'), 'map(varchar, array(integer))');
    assert.equal(hiveToTrino('struct<a:int,b:string>'), 'row(a integer, b varchar)');
    assert.equal(hiveToTrino('decimal(10, 2)'), 'decimal(10,2)');
  });
});
