// DuckDB errors from a real connection, mapped to Athena's FAILED reasons.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openAthenaConnection } from '../../test/support/query-engine-connection.js';
import { translateQuery } from './dialect/translate.js';
import { failureFromDuckDb, linePrefix, notSupported, parseDuckError, sanitizeMessage, schemaNotFound, syntaxError, tableNotFound } from './errors.js';
import { ErrorCategory, QueryFailure } from './types.js';

let conn: DuckDBConnection;
let close: () => void;
before(async () => {
  ({ conn, close } = await openAthenaConnection());
  await conn.run("ATTACH ':memory:' AS awsdatacatalog");
  await conn.run('CREATE SCHEMA awsdatacatalog.db');
  await conn.run('CREATE TABLE awsdatacatalog.db.t (a INTEGER, s VARCHAR)');
  await conn.run("INSERT INTO awsdatacatalog.db.t VALUES (1, '%Y')");
  await conn.run('CREATE TABLE awsdatacatalog.db.u (a INTEGER)');
  await conn.run('USE awsdatacatalog.db');
});
after(() => close());

/** Runs Trino SQL and returns the failure Athena would report. */
async function failure(trino: string): Promise<QueryFailure> {
  const duck = translateQuery(trino);
  try {
    await conn.runAndReadAll(duck);
  } catch (error) {
    return failureFromDuckDb(error, duck);
  }
  assert.fail(`no error from ${trino}`);
}

const expectFailure = async (trino: string, message: string | RegExp, errorType: number) => {
  const f = await failure(trino);
  if (typeof message === 'string') assert.equal(f.message, message, trino);
  else assert.match(f.message, message, trino);
  assert.equal(f.errorType, errorType, trino);
  assert.equal(f.category, ErrorCategory.User, trino);
};

describe('analysis errors carry Trino line:column positions in the SQL as written', () => {
  it('SYNTAX_ERROR', async () => {
    await expectFailure('SELEC 1', "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'", 1006);
    await expectFailure('SELECT a\nFROM t\nWHERE', "SYNTAX_ERROR: line 3:6: mismatched input '<EOF>'", 1006);
  });

  it('COLUMN_NOT_FOUND', async () => {
    await expectFailure('SELECT x FROM t', "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved or requester is not authorized to access requested resources", 1006);
    await expectFailure("SELECT date_format(now(), '%Y'),\n  nope FROM t", "COLUMN_NOT_FOUND: line 2:3: Column 'nope' cannot be resolved or requester is not authorized to access requested resources", 1006);
  });

  it('TABLE_NOT_FOUND and SCHEMA_NOT_FOUND', async () => {
    await expectFailure('SELECT * FROM missing', /^TABLE_NOT_FOUND: line 1:15: Table '"?missing"?' does not exist$/, 1006);
    assert.match((await failure('SELECT * FROM nodb.t')).message, /^(TABLE|SCHEMA)_NOT_FOUND: line 1:15: /);
  });

  it("FUNCTION_NOT_FOUND, never naming sagelite's macros", async () => {
    await expectFailure('SELECT foo(1)', "FUNCTION_NOT_FOUND: line 1:8: Function 'foo' not registered", 1006);
    const f = await failure('SELECT from_unixtime(1, 2, 3, 4)');
    assert.match(f.message, /^FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function from_unixtime: /);
    assert.doesNotMatch(f.message, /trino_/);
  });

  it('TYPE_MISMATCH for operators', async () => {
    await expectFailure("SELECT 'a' + 1", /^TYPE_MISMATCH: line 1:\d+: Cannot apply operator: varchar \+ integer$/, 1006);
  });

  it('EXPRESSION_NOT_AGGREGATE and AMBIGUOUS_NAME', async () => {
    await expectFailure('SELECT a, count(*) FROM t', /^EXPRESSION_NOT_AGGREGATE: line 1:8: 'a' must be an aggregate expression or appear in GROUP BY clause$/, 1006);
    await expectFailure('SELECT a FROM t, u', /^AMBIGUOUS_NAME: line 1:8: Column 'a' is ambiguous$/, 1006);
  });
});

describe('errors raised by data', () => {
  it('INVALID_CAST_ARGUMENT', async () => {
    await expectFailure("SELECT CAST('abc' AS INTEGER)", "INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT", 1001);
    await expectFailure("SELECT CAST('x' AS BIGINT)", "INVALID_CAST_ARGUMENT: Cannot cast 'x' to BIGINT", 1001);
    await expectFailure("SELECT CAST('2020-13-01' AS DATE)", /^INVALID_CAST_ARGUMENT: /, 1001);
  });

  it('INVALID_FUNCTION_ARGUMENT from a date that does not match its format, and from our own checks', async () => {
    await expectFailure("SELECT date_parse('x', '%Y')", /^INVALID_FUNCTION_ARGUMENT: /, 1001);
    await expectFailure("SELECT date_add('fortnight', 1, DATE '2020-01-01')", "INVALID_FUNCTION_ARGUMENT: 'fortnight' is not a valid Timestamp field", 1001);
  });

  it('NUMERIC_VALUE_OUT_OF_RANGE on overflow', async () => {
    await expectFailure('SELECT CAST(9223372036854775807 AS BIGINT) + 1', /^NUMERIC_VALUE_OUT_OF_RANGE: /, 1001);
  });

  it('NOT_SUPPORTED for computed date formats', async () => {
    await expectFailure('SELECT date_format(now(), s) FROM t', 'NOT_SUPPORTED: date_format needs a constant format string in sagelite', 1000);
  });
});

describe('mapping without a connection', () => {
  it('reads the text form of DuckDB errors too, and passes QueryFailures through', () => {
    const parsed = parseDuckError(new Error('Binder Error: Referenced column "zz" not found in FROM clause!\n\nLINE 1: SELECT zz\n               ^'));
    assert.deepEqual([parsed.exceptionType, parsed.message], ['Binder', 'Referenced column "zz" not found in FROM clause!']);
    assert.equal(failureFromDuckDb(new Error('Binder Error: Referenced column "zz" not found in FROM clause!'), 'SELECT zz').message, "COLUMN_NOT_FOUND: Column 'zz' cannot be resolved or requester is not authorized to access requested resources");
    const own = tableNotFound({ database: 'db', table: 't' });
    assert.equal(failureFromDuckDb(own, 'x'), own);
    assert.equal(failureFromDuckDb(new Error('Division by zero'), 'SELECT 1').message, 'DIVISION_BY_ZERO: Division by zero');
  });

  it('internal errors are SYSTEM and retryable', () => {
    const f = failureFromDuckDb(new Error('{"exception_type":"INTERNAL","exception_message":"boom"}'), 'SELECT 1');
    assert.deepEqual([f.category, f.errorType, f.retryable, f.message], [ErrorCategory.System, 200, true, 'GENERIC_INTERNAL_ERROR: boom']);
  });

  it('sanitizes macro names and DuckDB-only hints', () => {
    assert.equal(sanitizeMessage('Macro trino_from_unixtime() does not support the supplied arguments.\nCandidate macros:\n\ttrino_from_unixtime(x)'), 'Macro from_unixtime() does not support the supplied arguments.');
    assert.equal(sanitizeMessage('Table with name x does not exist!\nDid you mean "pg_enum"?'), 'Table with name x does not exist!');
  });

  it('helpers for the executor', () => {
    assert.equal(tableNotFound({ database: 'db', table: 't' }, 1, 15).message, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist");
    assert.equal(schemaNotFound('nope').message, "SCHEMA_NOT_FOUND: Schema 'nope' does not exist");
    assert.equal(notSupported('Unsupported statement type').errorType, 1000);
    assert.equal(syntaxError('x', 2, 3).message, 'SYNTAX_ERROR: line 2:3: x');
    assert.equal(linePrefix('a\nbc', 3), 'line 2:2: ');
    assert.equal(linePrefix('abc', undefined), '');
  });
});
