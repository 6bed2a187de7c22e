// Result column names as Trino gives them (an alias, a column's name, else _col<position>), from
// DuckDB's parse tree of real queries; expected names from Trino's documented naming of unnamed columns.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { athenaColumnNames } from './column-names.js';
import { parseQuery } from './tables.js';
import { openAthenaConnection, runTrino } from '../../../test/support/query-engine-connection.js';
import { translateQuery } from './translate.js';
import { nonBooleanCondition } from '../errors.js';

let conn: DuckDBConnection;
let close: () => void;
before(async () => {
  ({ conn, close } = await openAthenaConnection());
  await conn.run("CREATE TABLE t AS SELECT 1 AS id, 'a' AS name, 2 AS x");
});
after(() => close());

async function names(sql: string): Promise<string[]> {
  const duckSql = translateQuery(sql);
  const { columns } = await runTrino(conn, sql);
  return athenaColumnNames((await parseQuery(conn, duckSql)).statements[0], columns.map((c) => c.name));
}

describe('athenaColumnNames', () => {
  it('names unaliased expressions _colN by position; aliases and column references keep their names', async () => {
    assert.deepEqual(await names('SELECT 1'), ['_col0']);
    assert.deepEqual(await names('SELECT id + 1, name FROM t'), ['_col0', 'name']);
    assert.deepEqual(await names('SELECT id, id + 1 FROM t'), ['id', '_col1']);
    assert.deepEqual(await names('SELECT t.x, count(*) AS n, count(*) FROM t GROUP BY t.x'), ['x', 'n', '_col2']);
    assert.deepEqual(await names('SELECT ID, Name FROM t'), ['id', 'name']);
    assert.deepEqual(await names('SELECT CAST(id AS varchar), 7 / 2 FROM t'), ['_col0', '_col1']);
  });

  it('expands SELECT *, names set operations from their first branch, reads CTEs and subqueries', async () => {
    assert.deepEqual(await names('SELECT *, 1 FROM t'), ['id', 'name', 'x', '_col3']);
    assert.deepEqual(await names('SELECT 1, * FROM t'), ['_col0', 'id', 'name', 'x']);
    assert.deepEqual(await names('SELECT 1 AS a, 2 UNION ALL SELECT 3, 4'), ['a', '_col1']);
    assert.deepEqual(await names('WITH c AS (SELECT 1, 2 AS b) SELECT * FROM c'), ['_col0', 'b']);
    assert.deepEqual(await names('SELECT * FROM (SELECT id + 1, name FROM t)'), ['_col0', 'name']);
    assert.deepEqual(await names('SELECT * FROM (VALUES (1, 2)) AS v(a, b)'), ['a', 'b']);
    assert.deepEqual(await names('VALUES (1, 2)'), ['_col0', '_col1']);
  });
});

describe('nonBooleanCondition', () => {
  it("is Trino's TYPE_MISMATCH for a varchar WHERE condition, at its position", async () => {
    const sql = 'SELECT id FROM t WHERE name';
    const duckSql = translateQuery(sql);
    const error = await conn.run(duckSql).then(() => undefined, (e: unknown) => e);
    const failure = nonBooleanCondition(error, (await parseQuery(conn, duckSql)).statements, duckSql);
    assert.equal(failure?.message, 'TYPE_MISMATCH: line 1:24: WHERE clause must evaluate to a boolean: actual type varchar');
  });
});
