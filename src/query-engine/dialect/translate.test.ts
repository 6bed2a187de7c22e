import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { tokenize } from './tokenizer.js';
import { jodaToStrftime, mysqlToStrftime, teradataToStrftime } from './formats.js';
import { referencedTables, translate, translateQuery, trinoPosition } from './translate.js';
import { translateType } from './types.js';
import { openAthenaConnection, runTrino } from '../../../test/support/query-engine-connection.js';
import { QueryFailure } from '../types.js';

describe('tokenize', () => {
  it('gives back the text exactly and keeps strings, quoted identifiers and comments whole', () => {
    const sql = `SELECT 'it''s -- not a comment', "a ""b"" c", x -- from_unixtime(1)\n/* date_format( */ FROM t`;
    const tokens = tokenize(sql);
    assert.equal(tokens.map((t) => t.text).join(''), sql);
    assert.deepEqual(tokens.filter((t) => t.kind === 'string').map((t) => t.text), ["'it''s -- not a comment'"]);
    assert.deepEqual(tokens.filter((t) => t.kind === 'quoted').map((t) => t.text), ['"a ""b"" c"']);
    assert.deepEqual(tokens.filter((t) => t.kind === 'comment').map((t) => t.text), ['-- from_unixtime(1)', '/* date_format( */']);
  });

  it('reads numbers, binary literals, and unterminated strings to the end', () => {
    assert.deepEqual(tokenize('1.5e10 .5 X\'0A\'').filter((t) => t.kind !== 'space').map((t) => [t.kind, t.text]), [['number', '1.5e10'], ['number', '.5'], ['string', "X'0A'"]]);
    assert.deepEqual(tokenize("'abc").map((t) => t.kind), ['string']);
  });
});

describe('formats', () => {
  it('MySQL, Joda and Teradata formats become strftime formats', () => {
    assert.equal(mysqlToStrftime('%Y-%m-%d %H:%i:%s'), '%Y-%m-%d %H:%M:%S');
    assert.equal(mysqlToStrftime('%M %W %c %e %T %%'), '%B %A %-m %-d %H:%M:%S %%');
    assert.equal(jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS"), '%Y-%m-%dT%H:%M:%S.%g');
    assert.equal(jodaToStrftime("EEEE, MMMM d, yy 'at' h a ''"), "%A, %B %-d, %y at %-I %p '");
    assert.equal(jodaToStrftime('100%'), '100%%');
    assert.equal(teradataToStrftime('YYYY-MM-DD HH24:MI:SS'), '%Y-%m-%d %H:%M:%S');
    assert.equal(teradataToStrftime('dd/mm/yy hh12.mi'), '%d/%m/%y %I.%M');
  });
});

describe('translateType', () => {
  it('maps Trino type names to DuckDB ones', () => {
    assert.equal(translateType('array(varchar)'), 'varchar[]');
    assert.equal(translateType('ARRAY(ROW(a VARCHAR, b DOUBLE))'), 'STRUCT(a VARCHAR, b DOUBLE)[]');
    assert.equal(translateType('map(varchar, array(bigint))'), 'MAP(varchar, bigint[])');
    assert.equal(translateType('varbinary'), 'BLOB');
    assert.equal(translateType('timestamp(3) with time zone'), 'TIMESTAMPTZ');
    assert.equal(translateType('timestamp(6)'), 'TIMESTAMP_NS');
    assert.equal(translateType('timestamp(3)'), 'TIMESTAMP');
    assert.equal(translateType('double precision'), 'DOUBLE');
    assert.equal(translateType('decimal(10, 2)'), 'decimal(10, 2)');
    assert.equal(translateType('varchar(10)'), 'varchar(10)');
  });
});

describe('translateQuery', () => {
  it('renames Trino functions to the macros or DuckDB built-ins, case-insensitively', () => {
    assert.equal(translateQuery('SELECT from_unixtime(x), DOW(d), Approx_Distinct(y) FROM t'), 'SELECT trino_from_unixtime(x), isodow(d), trino_approx_distinct(y) FROM t');
  });

  it('never touches strings, quoted identifiers, columns or table names that look like functions; comments become spaces', () => {
    const sql = `SELECT 'from_unixtime(1)', "from_unixtime", week, t.reverse -- dow(x)\nFROM db.filter /* concat( */`;
    assert.equal(translateQuery(sql), `SELECT 'from_unixtime(1)', "from_unixtime", week, t.reverse  \nFROM db.filter  `);
  });

  it('converts literal date formats at translation time', () => {
    assert.equal(translateQuery("SELECT date_format(ts, '%Y-%m-%d %H:%i')"), "SELECT strftime(ts, '%Y-%m-%d %H:%M')");
    assert.equal(translateQuery("SELECT to_timestamp('2023-01-01 00:00:00', 'yyyy-mm-dd hh24:mi:ss')"), "SELECT strptime('2023-01-01 00:00:00', '%Y-%m-%d %H:%M:%S')");
    assert.equal(translateQuery("SELECT to_date(s, 'yyyy/mm/dd')"), "SELECT CAST(strptime(s, '%Y/%m/%d') AS DATE)");
    assert.equal(translateQuery("SELECT format_datetime(ts, 'yyyy''Q''')"), "SELECT strftime(ts, '%YQ')");
    // A computed format goes to the macro (which reports NOT_SUPPORTED); one-argument to_timestamp is DuckDB's.
    assert.equal(translateQuery('SELECT date_format(ts, f), to_timestamp(0)'), 'SELECT trino_date_format(ts, f), to_timestamp(0)');
  });

  it('rewrites CAST and TRY_CAST target types, keeping the rest', () => {
    assert.equal(translateQuery('SELECT CAST(j AS ARRAY(VARCHAR)), TRY_CAST(b AS varbinary ) FROM t'), 'SELECT CAST(j AS VARCHAR[]), TRY_CAST(b AS BLOB ) FROM t');
    assert.equal(translateQuery('SELECT CAST(x AS DOUBLE)'), 'SELECT CAST(x AS DOUBLE)');
  });

  it('rewrites AT TIME ZONE around its operand (a call, a qualified name, a typed literal)', () => {
    assert.equal(translateQuery("SELECT t.ts AT TIME ZONE 'UTC' FROM t"), "SELECT trino_at_timezone(t.ts ,   'UTC') FROM t");
    assert.equal(translateQuery('SELECT from_unixtime(x) AT TIME ZONE z'), 'SELECT trino_at_timezone(trino_from_unixtime(x) ,   z)');
    assert.equal(translateQuery("SELECT TIMESTAMP '2020-01-01 00:00' AT TIME ZONE 'UTC'"), "SELECT trino_at_timezone(TIMESTAMP '2020-01-01 00:00' ,   'UTC')");
  });

  it("names anonymous ROW fields, except for CAST's operand", () => {
    assert.equal(translateQuery("SELECT ROW(1, 'a')"), "SELECT struct_pack(field0 := 1, field1 := 'a')");
    assert.equal(translateQuery('SELECT CAST(ROW(1) AS ROW(x INT))'), 'SELECT CAST(ROW(1) AS STRUCT(x INT))');
  });

  it('puts bare VALUES rows in parentheses', () => {
    assert.equal(translateQuery('SELECT * FROM (VALUES 1, 2) AS t(x)'), 'SELECT * FROM (VALUES (1), (2)) AS t(x)');
    assert.equal(translateQuery("VALUES (1, 'a'), (2, 'b')"), "VALUES (1, 'a'), (2, 'b')");
    assert.equal(translateQuery('VALUES 1, f(2, 3) ORDER BY 1'), 'VALUES (1), (f(2, 3)) ORDER BY 1');
  });

  it('leaves the FILTER clause of an aggregate alone', () => {
    assert.equal(translateQuery('SELECT count(*) FILTER (WHERE x > 1), filter(a, v -> v > 0) FROM t'), 'SELECT count(*) FILTER (WHERE x > 1), list_filter(a, v -> v > 0) FROM t');
  });

  it('maps DuckDB error positions back to the Trino text', () => {
    const trino = "SELECT date_format(ts, '%Y'),\n  from_unixtime(x), bogus FROM t";
    const duck = translate(trino).duck;
    const at = duck.indexOf('bogus');
    assert.deepEqual(trinoPosition(duck, at), { sql: trino, position: trino.indexOf('bogus') });
    assert.deepEqual(trinoPosition(duck, duck.indexOf('trino_from_unixtime')), { sql: trino, position: trino.indexOf('from_unixtime') });
    assert.deepEqual(trinoPosition('SELECT 1', 3), { sql: 'SELECT 1', position: 3 });
  });
});

describe('referencedTables', () => {
  let conn: DuckDBConnection;
  let close: () => void;
  before(async () => ({ conn, close } = await openAthenaConnection()));
  after(() => close());
  const refs = (sql: string, db?: string) => referencedTables(conn, translateQuery(sql), db);

  it('qualified, unqualified, catalog-qualified and quoted names, lower-cased and de-duplicated', async () => {
    assert.deepEqual(await refs('SELECT * FROM t', 'sales'), [{ database: 'sales', table: 't' }]);
    assert.deepEqual(await refs('SELECT * FROM t'), [{ database: 'default', table: 't' }]);
    assert.deepEqual(await refs('SELECT * FROM Db.T JOIN db.t u ON true'), [{ database: 'db', table: 't' }]);
    assert.deepEqual(await refs('SELECT * FROM awsdatacatalog.db.t'), [{ database: 'db', table: 't' }]);
    assert.deepEqual(await refs('SELECT * FROM "AwsDataCatalog"."My-Db"."My Table"'), [{ database: 'my-db', table: 'my table' }]);
  });

  it('joins, subqueries (FROM, WHERE, scalar), UNION and CTEs (whose names are not tables)', async () => {
    const sql = `WITH recent AS (SELECT * FROM db.events WHERE ts > 0), ids AS (SELECT id FROM recent)
      SELECT * FROM recent r LEFT JOIN db.users u ON r.id = u.id
      WHERE u.id IN (SELECT id FROM db.vip) AND EXISTS (SELECT 1 FROM other.flags)
      UNION ALL SELECT *, (SELECT max(x) FROM db.stats) FROM (SELECT * FROM db.archive) a`;
    assert.deepEqual(await refs(sql, 'db'), [
      { database: 'db', table: 'events' },
      { database: 'db', table: 'users' },
      { database: 'db', table: 'vip' },
      { database: 'other', table: 'flags' },
      { database: 'db', table: 'stats' },
      { database: 'db', table: 'archive' },
    ]);
  });

  it('a qualified name equal to a CTE name is a table; table functions and UNNEST are not tables', async () => {
    assert.deepEqual(await refs('WITH t AS (SELECT 1) SELECT * FROM t, db.t'), [{ database: 'db', table: 't' }]);
    assert.deepEqual(await refs('SELECT x FROM UNNEST(ARRAY[1, 2]) AS u(x)'), []);
    assert.deepEqual(await refs('SELECT * FROM db.t CROSS JOIN UNNEST(t.xs) AS u(x)'), [{ database: 'db', table: 't' }]);
    assert.deepEqual(await refs('SELECT * FROM range(3)'), []);
  });

  it("the SageMaker SDK DatasetBuilder's query shape", async () => {
    const sql = `WITH fg_base AS (WITH table_base AS (
SELECT *
FROM (
SELECT *, row_number() OVER (
PARTITION BY origin_base."customer_id", origin_base."event_time"
ORDER BY origin_base."api_invocation_time" DESC, origin_base."write_time" DESC
) AS dedup_row_base
FROM "sagemaker_featurestore"."customers_1700000000" origin_base
WHERE origin_base."write_time" <= to_timestamp('2023-11-14 22:13:20', 'yyyy-mm-dd hh24:mi:ss')
)
WHERE dedup_row_base = 1
)
SELECT table_base."customer_id", table_base."event_time" FROM table_base)
SELECT customer_id, event_time FROM fg_base`;
    assert.deepEqual(await refs(sql, 'default'), [{ database: 'sagemaker_featurestore', table: 'customers_1700000000' }]);
  });

  it('a query DuckDB cannot parse is a SYNTAX_ERROR at the Trino position', async () => {
    const failure = await refs('SELECT *\nFROM t WHERE').then(() => undefined, (e: unknown) => e);
    assert.ok(failure instanceof QueryFailure);
    assert.equal(failure.errorType, 1006);
    assert.match(failure.message, /^SYNTAX_ERROR: line 2:\d+: mismatched input '<EOF>'$/);
  });
});

describe('translated queries run', () => {
  let conn: DuckDBConnection;
  let close: () => void;
  before(async () => ({ conn, close } = await openAthenaConnection()));
  after(() => close());

  it("a DatasetBuilder-style query over a feature group's table", async () => {
    await conn.run("ATTACH ':memory:' AS awsdatacatalog");
    await conn.run('CREATE SCHEMA awsdatacatalog.sagemaker_featurestore');
    await conn.run('USE awsdatacatalog.sagemaker_featurestore');
    await conn.run('CREATE TABLE customers (customer_id VARCHAR, event_time DOUBLE, spend DOUBLE, write_time TIMESTAMP, api_invocation_time TIMESTAMP, is_deleted BOOLEAN)');
    await conn.run(`INSERT INTO customers VALUES
      ('c1', 1700000000.0, 10.5, TIMESTAMP '2023-11-14 22:15:00', TIMESTAMP '2023-11-14 22:14:00', false),
      ('c1', 1700000000.0, 11.5, TIMESTAMP '2023-11-14 22:16:00', TIMESTAMP '2023-11-14 22:15:00', false),
      ('c2', 1700000100.0, 99.0, TIMESTAMP '2023-11-14 22:17:00', TIMESTAMP '2023-11-14 22:16:00', false),
      ('c3', 1800000000.0, 1.0, TIMESTAMP '2027-01-15 08:00:00', TIMESTAMP '2027-01-15 08:00:00', false)`);
    const sql = `WITH fg_base AS (WITH table_base AS (
SELECT *
FROM (
SELECT *, row_number() OVER (
PARTITION BY origin_base."customer_id", origin_base."event_time"
ORDER BY origin_base."api_invocation_time" DESC, origin_base."write_time" DESC
) AS dedup_row_base
FROM "sagemaker_featurestore"."customers" origin_base
WHERE origin_base."write_time" <= to_timestamp('2024-01-01 00:00:00', 'yyyy-mm-dd hh24:mi:ss')
AND from_unixtime(origin_base."event_time") >= from_unixtime(1699999999.5)
)
WHERE dedup_row_base = 1
)
SELECT table_base."customer_id", table_base."event_time", table_base."spend" FROM table_base)
SELECT customer_id, event_time, spend FROM fg_base ORDER BY customer_id`;
    const { columns, rows } = await runTrino(conn, sql);
    assert.deepEqual(columns.map((c) => c.type), ['varchar', 'double', 'double']);
    assert.deepEqual(rows, [['c1', '1.7E9', '11.5'], ['c2', '1.7000001E9', '99.0']]);
  });
});
