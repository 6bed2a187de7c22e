import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { parseStatement } from './parse.js';
import type { Statement } from './types.js';

type Ctas = Extract<Statement, { kind: 'ctas' }>;

function ctas(sql: string): Ctas {
  const s = parseStatement(sql);
  assert.equal(s.kind, 'ctas');
  return s as Ctas;
}

function failure(sql: string): QueryFailure {
  try {
    parseStatement(sql);
  } catch (e) {
    assert.ok(e instanceof QueryFailure, String(e));
    return e;
  }
  return assert.fail(`expected ${sql} to fail`);
}

describe('CREATE TABLE AS (Trino syntax)', () => {
  it('takes every documented property, with Parquet as the default format', () => {
    const sql =
      "CREATE TABLE IF NOT EXISTS \"Db\".\"Out\" WITH (format = 'textfile', external_location = 's3://b/out/', partitioned_by = ARRAY['Year', 'month'], " +
      "field_delimiter = '|', write_compression = 'gzip', bucketed_by = ARRAY['ID'], bucket_count = 4, is_external = true) AS SELECT * FROM src";
    const s = ctas(sql);
    assert.deepEqual(s.target, { database: 'db', table: 'out' });
    assert.equal(s.ifNotExists, true);
    assert.deepEqual(s.properties, {
      format: 'TEXTFILE',
      externalLocation: 's3://b/out/',
      partitionedBy: ['year', 'month'],
      fieldDelimiter: '|',
      writeCompression: 'GZIP',
      other: { bucketed_by: 'id', bucket_count: '4', is_external: 'true' },
    });
    assert.equal(s.query.trimStart(), 'SELECT * FROM src');
    assert.equal(s.query.length, sql.length, 'the query keeps its position in the text');
    assert.equal(s.withData, true);
    assert.deepEqual(ctas('CREATE TABLE t AS SELECT 1').properties, { format: 'PARQUET', partitionedBy: [], other: {} });
  });

  it('WITH [NO] DATA, column aliases, a parenthesised query, comments inside', () => {
    assert.equal(ctas('CREATE TABLE t AS SELECT 1 WITH NO DATA').withData, false);
    const d = ctas('CREATE TABLE t AS SELECT 1 WITH DATA;');
    assert.equal(d.withData, true);
    assert.equal(d.query.trim(), 'SELECT 1');
    const a = ctas('CREATE TABLE t (A, b) AS (SELECT 1, 2) -- why\n');
    assert.deepEqual(a.columnAliases, ['a', 'b']);
    assert.equal(a.query.trim(), '(SELECT 1, 2)');
    assert.equal(ctas("CREATE TABLE t COMMENT 'x' WITH (format='JSON') AS WITH q AS (SELECT 1) SELECT * FROM q").properties.format, 'JSON');
  });

  it("refuses unknown, duplicate and ill-typed properties as Trino does", () => {
    const unknown = failure("CREATE TABLE t WITH (formatt = 'PARQUET') AS SELECT 1");
    assert.equal(unknown.message, "INVALID_TABLE_PROPERTY: line 1:22: Catalog 'awsdatacatalog' table property 'formatt' does not exist");
    assert.equal(unknown.errorType, 1103);
    assert.match(failure("CREATE TABLE t WITH (format='ORC', format='ORC') AS SELECT 1").message, /Duplicate property: format/);
    assert.match(failure("CREATE TABLE t WITH (bucket_count='4') AS SELECT 1").message, /Cannot convert \['4'\] to integer/);
    assert.match(failure("CREATE TABLE t WITH (partitioned_by='a') AS SELECT 1").message, /Cannot convert \['a'\] to array\(varchar\)/);
    assert.match(failure("CREATE TABLE t WITH (format='CSV') AS SELECT 1").message, /'CSV' is not one of PARQUET/);
    assert.match(failure("CREATE TABLE t WITH (field_delimiter='||') AS SELECT 1").message, /single character/);
  });

  it('Trino\'s syntax errors: backticks, a missing AS, a missing query', () => {
    assert.equal(failure('CREATE TABLE `t` AS SELECT 1').message, 'line 1:14: backquoted identifiers are not supported; use double quotes to quote identifiers');
    assert.equal(failure("CREATE TABLE t WITH (format='ORC')").message, "line 1:35: mismatched input '<EOF>'. Expecting: 'AS', 'COMMENT', 'WITH'");
    assert.equal(failure('CREATE TABLE t AS DROP TABLE x').message, "line 1:19: mismatched input 'DROP'. Expecting: '(', 'SELECT', 'TABLE', 'VALUES', 'WITH'");
  });
});
