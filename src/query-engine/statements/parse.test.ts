import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { MultipleStatementsError } from './errors.js';
import { parseStatement } from './parse.js';

/** The QueryFailure a statement fails with. */
function failure(sql: string): QueryFailure {
  try {
    parseStatement(sql);
  } catch (e) {
    assert.ok(e instanceof QueryFailure, `expected QueryFailure, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(sql)} to fail`);
}

describe('parseStatement: queries and EXPLAIN', () => {
  it('passes SELECT, WITH, VALUES, TABLE and parenthesised queries through as text', () => {
    for (const sql of ['SELECT 1', 'with x as (select 1) select * from x', 'VALUES (1, 2)', '(SELECT 1) UNION (SELECT 2)', 'TABLE db.t']) {
      assert.deepEqual(parseStatement(sql), { kind: 'query', sql });
    }
  });

  it('drops one trailing semicolon and blanks comments without moving positions', () => {
    assert.deepEqual(parseStatement('SELECT 1 ;  \n'), { kind: 'query', sql: 'SELECT 1' });
    assert.deepEqual(parseStatement('-- top\nSELECT a /* x */ FROM t; -- end'), { kind: 'query', sql: '      \nSELECT a         FROM t' });
  });

  it('does not split on semicolons inside strings, quoted names or comments', () => {
    assert.equal(parseStatement("SELECT ';' AS \"a;b\" -- ;\n").kind, 'query');
    assert.equal(parseStatement("SELECT 'it''s; fine'").kind, 'query');
  });

  it('refuses two statements with Athena\'s message', () => {
    for (const sql of ['SELECT 1; SELECT 2', 'SELECT 1;;', "CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'; MSCK REPAIR TABLE t"]) {
      const e = failure(sql);
      assert.ok(e instanceof MultipleStatementsError);
      assert.equal(e.message, `Only one sql statement is allowed. Got: ${sql}`);
    }
  });

  it('parses EXPLAIN with its options, keeping the query at its position', () => {
    assert.deepEqual(parseStatement('EXPLAIN SELECT 1'), { kind: 'explain', sql: '        SELECT 1' });
    assert.deepEqual(parseStatement('EXPLAIN ANALYZE (FORMAT JSON, TYPE DISTRIBUTED) SELECT 1'), {
      kind: 'explain',
      sql: '                                                SELECT 1',
      analyze: true,
      options: { format: 'JSON', type: 'DISTRIBUTED' },
    });
    assert.equal((parseStatement('EXPLAIN (SELECT 1)') as { sql: string }).sql.trim(), '(SELECT 1)');
    assert.match(failure('EXPLAIN DROP TABLE t').message, /^NOT_SUPPORTED: EXPLAIN of DROP/);
  });
});

describe('parseStatement: SHOW and DESCRIBE', () => {
  it('SHOW DATABASES and SCHEMAS, with or without LIKE', () => {
    assert.deepEqual(parseStatement('SHOW DATABASES'), { kind: 'show-databases' });
    assert.deepEqual(parseStatement("show schemas like 'sage*'"), { kind: 'show-databases', like: 'sage*' });
  });

  it('SHOW TABLES in every form', () => {
    assert.deepEqual(parseStatement('SHOW TABLES'), { kind: 'show-tables' });
    assert.deepEqual(parseStatement('SHOW TABLES IN Sagemaker_FeatureStore'), { kind: 'show-tables', database: 'sagemaker_featurestore' });
    assert.deepEqual(parseStatement("SHOW TABLES FROM db 'a*|b'"), { kind: 'show-tables', database: 'db', like: 'a*|b' });
    assert.deepEqual(parseStatement("SHOW TABLES LIKE 'x*'"), { kind: 'show-tables', like: 'x*' });
    assert.deepEqual(parseStatement('SHOW TABLES IN `db`'), { kind: 'show-tables', database: 'db' });
  });

  it('SHOW COLUMNS, PARTITIONS, CREATE TABLE, TBLPROPERTIES', () => {
    assert.deepEqual(parseStatement('SHOW COLUMNS IN t'), { kind: 'show-columns', table: { table: 't' } });
    assert.deepEqual(parseStatement('SHOW COLUMNS FROM t IN db'), { kind: 'show-columns', table: { database: 'db', table: 't' } });
    assert.deepEqual(parseStatement('SHOW COLUMNS IN db.t FROM db'), { kind: 'show-columns', table: { database: 'db', table: 't' } });
    assert.match(failure('SHOW COLUMNS IN a.t IN b').message, /^FAILED: SemanticException /);
    assert.deepEqual(parseStatement('SHOW PARTITIONS awsdatacatalog.db.t'), { kind: 'show-partitions', table: { database: 'db', table: 't' } });
    assert.deepEqual(parseStatement('SHOW CREATE TABLE `db`.`T`'), { kind: 'show-create-table', table: { database: 'db', table: 't' } });
    assert.deepEqual(parseStatement('SHOW TBLPROPERTIES t'), { kind: 'show-tblproperties', table: { table: 't' } });
    assert.deepEqual(parseStatement("SHOW TBLPROPERTIES t('classification')"), { kind: 'show-tblproperties', table: { table: 't' }, property: 'classification' });
  });

  it('DESCRIBE, DESC, FORMATTED, EXTENDED, a column, a partition', () => {
    assert.deepEqual(parseStatement('DESCRIBE t'), { kind: 'describe', table: { table: 't' } });
    assert.deepEqual(parseStatement('desc formatted db.t'), { kind: 'describe', table: { database: 'db', table: 't' }, detail: 'formatted' });
    assert.deepEqual(parseStatement('DESCRIBE EXTENDED t'), { kind: 'describe', table: { table: 't' }, detail: 'extended' });
    assert.deepEqual(parseStatement("DESCRIBE t Info.'$elem$'"), { kind: 'describe', table: { table: 't' }, column: 'info.$elem$' });
    assert.deepEqual(parseStatement("DESCRIBE t PARTITION (year='2024')"), { kind: 'describe', table: { table: 't' }, partition: { year: '2024' } });
  });
});

describe('parseStatement: databases, DROP TABLE, MSCK, ALTER TABLE partitions', () => {
  it('CREATE DATABASE and SCHEMA with every clause', () => {
    assert.deepEqual(parseStatement('CREATE DATABASE Sales'), { kind: 'create-database', name: 'sales', ifNotExists: false });
    assert.deepEqual(parseStatement("CREATE SCHEMA IF NOT EXISTS s COMMENT 'sales data' LOCATION 's3://b/s/' WITH DBPROPERTIES ('owner'='me')"), {
      kind: 'create-database',
      name: 's',
      ifNotExists: true,
      comment: 'sales data',
      location: 's3://b/s/',
      properties: { owner: 'me' },
    });
    // Hive's strings do not fold '' into a quote: 'it''s' is two literals, and the second is not expected.
    assert.equal(failure("CREATE DATABASE s COMMENT 'it''s'").message, "FAILED: ParseException line 1:30 missing EOF at ''s'' near ''it''");
  });

  it('reads Hive strings with backslash escapes and double quotes', () => {
    const s = parseStatement("CREATE DATABASE d COMMENT 'it\\'s \"x\"' LOCATION \"s3://b/\\u0041\"");
    assert.deepEqual(s, { kind: 'create-database', name: 'd', ifNotExists: false, comment: 'it\'s "x"', location: 's3://b/A' });
  });

  it('DROP DATABASE and SCHEMA with IF EXISTS, CASCADE and RESTRICT', () => {
    assert.deepEqual(parseStatement('DROP DATABASE d'), { kind: 'drop-database', name: 'd', ifExists: false, cascade: false });
    assert.deepEqual(parseStatement('drop schema if exists d cascade'), { kind: 'drop-database', name: 'd', ifExists: true, cascade: true });
    assert.deepEqual(parseStatement('DROP DATABASE d RESTRICT'), { kind: 'drop-database', name: 'd', ifExists: false, cascade: false });
  });

  it('DROP TABLE and MSCK REPAIR TABLE', () => {
    assert.deepEqual(parseStatement('DROP TABLE IF EXISTS `db`.t'), { kind: 'drop-table', table: { database: 'db', table: 't' }, ifExists: true });
    assert.deepEqual(parseStatement('DROP TABLE t PURGE'), { kind: 'drop-table', table: { table: 't' }, ifExists: false });
    assert.deepEqual(parseStatement('MSCK REPAIR TABLE `sales`;'), { kind: 'msck-repair', table: { table: 'sales' } });
  });

  it('ALTER TABLE ADD PARTITION, several, with and without LOCATION', () => {
    assert.deepEqual(parseStatement("ALTER TABLE db.t ADD IF NOT EXISTS PARTITION (Year=2024, month='01') LOCATION 's3://b/2024/01/' PARTITION (year=2025, month=\"02\")"), {
      kind: 'add-partitions',
      table: { database: 'db', table: 't' },
      ifNotExists: true,
      partitions: [{ values: { year: '2024', month: '01' }, location: 's3://b/2024/01/' }, { values: { year: '2025', month: '02' } }],
    });
  });

  it('ALTER TABLE DROP PARTITION, comma-separated', () => {
    assert.deepEqual(parseStatement("ALTER TABLE t DROP IF EXISTS PARTITION (dt='a'), PARTITION (dt='b')"), {
      kind: 'drop-partitions',
      table: { table: 't' },
      ifExists: true,
      partitions: [{ dt: 'a' }, { dt: 'b' }],
    });
    assert.match(failure("ALTER TABLE t ADD PARTITION (dt='a', dt='b')").message, /Duplicate partition key dt/);
  });
});

describe('parseStatement: what sagelite does not run', () => {
  it('answers NOT_SUPPORTED (ErrorCategory User, 1202) for statements Athena has', () => {
    const cases: Array<[string, string]> = [
      ['INSERT INTO t VALUES (1)', 'INSERT INTO'],
      ['UPDATE t SET a = 1', 'UPDATE'],
      ['DELETE FROM t', 'DELETE'],
      ['MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE', 'MERGE INTO'],
      ['CREATE VIEW v AS SELECT 1', 'CREATE VIEW'],
      ['CREATE OR REPLACE VIEW v AS SELECT 1', 'CREATE OR REPLACE VIEW'],
      ['DROP VIEW v', 'DROP VIEW'],
      ['SHOW VIEWS', 'SHOW VIEWS'],
      ['SHOW CREATE VIEW v', 'SHOW CREATE VIEW'],
      ["UNLOAD (SELECT 1) TO 's3://b/' WITH (format = 'JSON')", 'UNLOAD'],
      ['ALTER TABLE t RENAME TO u', 'ALTER TABLE RENAME'],
      ['ALTER TABLE t ADD COLUMNS (a int)', 'ALTER TABLE ADD COLUMNS'],
      ["CREATE EXTERNAL TABLE t (a int) STORED BY 'x'", 'STORED BY (storage handlers)'],
      ["CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/' TBLPROPERTIES ('table_type'='ICEBERG')", 'Iceberg tables'],
      ["CREATE TABLE t WITH (table_type='ICEBERG') AS SELECT 1", 'Iceberg tables'],
      ['DESCRIBE DATABASE d', 'DESCRIBE DATABASE'],
    ];
    for (const [sql, what] of cases) {
      const e = failure(sql);
      assert.equal(e.message, `NOT_SUPPORTED: ${what} is not supported by sagelite`, sql);
      assert.equal(e.errorType, 1202);
      assert.equal(e.category, 2);
    }
  });
});
