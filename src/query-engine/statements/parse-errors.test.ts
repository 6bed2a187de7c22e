/**
 * Bad statements of many shapes, and a seeded fuzz: whatever the text, parseStatement returns a
 * Statement or throws QueryFailure — never another exception. Replay a failure from its seed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../test/fuzz/random.js';
import { QueryFailure } from '../types.js';
import { parseStatement } from './parse.js';

function message(sql: string): string {
  try {
    parseStatement(sql);
  } catch (e) {
    assert.ok(e instanceof QueryFailure, `${JSON.stringify(sql)} threw ${String(e)}`);
    assert.equal(e.category, 2);
    return e.message;
  }
  return assert.fail(`expected ${JSON.stringify(sql)} to fail`);
}

describe('syntax errors, worded as Athena words them', () => {
  it('Hive DDL: cannot recognize input near …, with 0-based columns', () => {
    assert.equal(message("CREATE EXTERNAL TABLE t (a int,\nROW FORMAT SERDE 'x')"), "FAILED: ParseException line 2:4 cannot recognize input near 'FORMAT' 'SERDE' ''x'' in column type");
    assert.equal(message('CREATE EXTERNAL TABLE t (a array<int)'), "FAILED: ParseException line 1:36 cannot recognize input near ')' '<EOF>' '<EOF>' in column type");
    assert.equal(message('SHOW TABLEZ'), "FAILED: ParseException line 1:5 cannot recognize input near 'TABLEZ' '<EOF>' '<EOF>' in ddl statement");
    assert.equal(message('CREATE EXTERNAL TABLE select (a int)'), "FAILED: ParseException line 1:22 cannot recognize input near 'select' '(' 'a' in table name");
    assert.equal(message('CREATE EXTERNAL TABLE t (date string)'), "FAILED: ParseException line 1:25 cannot recognize input near 'date' 'string' ')' in column specification");
  });

  it('Hive DDL: mismatched input … expecting, and missing EOF', () => {
    assert.equal(message('MSCK REPAIR t'), "FAILED: ParseException line 1:12 mismatched input 't' expecting TABLE near 'REPAIR' in msck statement");
    assert.equal(message("DROP TABLE t extra"), "FAILED: ParseException line 1:13 missing EOF at 'extra' near 't'");
    assert.equal(message("ALTER TABLE t ADD PARTITION (a='1') LOCATION"), "FAILED: ParseException line 1:44 mismatched input '<EOF>' expecting StringLiteral near 'LOCATION' in alter table add partition statement");
    assert.equal(message("CREATE EXTERNAL TABLE t (a int) STORED AS CSV"), "FAILED: ParseException line 1:42 cannot recognize input near 'CSV' '<EOF>' '<EOF>' in table file format specification");
  });

  it('unterminated strings, quoted names and comments', () => {
    assert.equal(message("SHOW TABLES 'abc"), "FAILED: ParseException line 1:12 character '<EOF>' not supported here");
    assert.equal(message('SELECT "abc'), `line 1:8: token recognition error at: '"abc'`);
    assert.equal(message('SELECT 1 /* open'), "line 1:10: token recognition error at: '/* open'");
    assert.equal(message("DESCRIBE `t"), "FAILED: ParseException line 1:9 character '<EOF>' not supported here");
  });

  it('Trino statements: mismatched input, 1-based columns, the statement list', () => {
    assert.match(message('SELEC 1'), /^line 1:1: mismatched input 'SELEC'\. Expecting: 'ALTER', 'ANALYZE', .*'USE', <query>$/);
    assert.match(message('   \n  -- nothing\n'), /^line 3:1: mismatched input '<EOF>'\. Expecting: 'ALTER'/);
    assert.equal(message('CREATE TABLE t WITH (format = ) AS SELECT 1'), "line 1:31: mismatched input ')'. Expecting: 'ARRAY', <string>, <integer>, 'TRUE', 'FALSE'");
  });

  it('names: empty quoted identifiers, unknown catalogs, too many parts', () => {
    assert.match(message('DROP TABLE ``'), /^FAILED: ParseException line 1:11 cannot recognize input near '``'/);
    assert.equal(message('DROP TABLE other.db.t'), "CATALOG_NOT_FOUND: line 1:12: Catalog 'other' does not exist");
    assert.equal(message('DROP TABLE awsdatacatalog.db.t.x'), "FAILED: ParseException line 1:30 missing EOF at '.' near 't'");
  });
});

const VOCABULARY = [
  'CREATE', 'EXTERNAL', 'TABLE', 'IF', 'NOT', 'EXISTS', 'DROP', 'DATABASE', 'SCHEMA', 'SHOW', 'TABLES', 'COLUMNS', 'PARTITIONS',
  'DESCRIBE', 'FORMATTED', 'MSCK', 'REPAIR', 'ALTER', 'ADD', 'PARTITION', 'LOCATION', 'ROW', 'FORMAT', 'SERDE', 'DELIMITED',
  'FIELDS', 'TERMINATED', 'BY', 'STORED', 'AS', 'PARQUET', 'TEXTFILE', 'INPUTFORMAT', 'OUTPUTFORMAT', 'WITH', 'SERDEPROPERTIES',
  'TBLPROPERTIES', 'PARTITIONED', 'CLUSTERED', 'SORTED', 'INTO', 'BUCKETS', 'COMMENT', 'SELECT', 'FROM', 'ARRAY', 'DATA', 'NO',
  'EXPLAIN', 'LIKE', 'IN', 'int', 'string', 'array', 'map', 'struct', 'decimal', 't', 'db', '`q`', '"dq"', "'s'", "'s3://b/'",
  "'it''s'", "'a\\'b'", '(', ')', '<', '>', ',', '.', '=', ':', ';', '[', ']', '42', '-', '/*', '*/', '--', '\n', '$', '\u00e9',
];

function soup(next: () => number): string {
  const length = 1 + Math.floor(next() * 25);
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(VOCABULARY[Math.floor(next() * VOCABULARY.length)]!);
  return parts.join(next() < 0.8 ? ' ' : '');
}

const VALID = [
  `CREATE EXTERNAL TABLE temp (a INT, b STRING) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "\`", "escapeChar" = "\\\\") LOCATION 's3://b/p/';`,
  "CREATE TABLE x WITH (format='PARQUET', partitioned_by=ARRAY['a']) AS SELECT 1 AS a",
  "ALTER TABLE t ADD PARTITION (year=2024, month='01') LOCATION 's3://b/x'",
  "CREATE EXTERNAL TABLE t (a map<string,array<struct<x:int>>>) PARTITIONED BY (p string) CLUSTERED BY (a) INTO 2 BUCKETS ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION 's3://b/' TBLPROPERTIES ('k'='v')",
  "SHOW TBLPROPERTIES db.t('k')",
];

function mutate(next: () => number, sql: string): string {
  const chars = [...sql];
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (chars.length + 1));
    const op = next();
    if (op < 0.4) chars.splice(at, 1 + Math.floor(next() * 5));
    else if (op < 0.8) chars.splice(at, 0, ...VOCABULARY[Math.floor(next() * VOCABULARY.length)]!);
    else chars.splice(at, 0, String.fromCharCode(Math.floor(next() * 0x2fff)));
  }
  return chars.join('');
}

describe('fuzz: random statements fail only with QueryFailure', () => {
  const check = (sql: string, seed: number) => {
    try {
      const statement = parseStatement(sql);
      assert.equal(typeof statement.kind, 'string');
    } catch (e) {
      if (!(e instanceof QueryFailure)) assert.fail(`seed ${seed}: ${JSON.stringify(sql)} threw ${e instanceof Error ? e.stack : String(e)}`);
      assert.match(e.message, /\S/);
    }
  };

  it('token soup, with and without a statement\'s opening words', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed);
      const prefix = ['', 'CREATE EXTERNAL TABLE t (', 'CREATE TABLE t ', 'ALTER TABLE t ', 'SHOW ', 'DESCRIBE ', 'CREATE TABLE t WITH ('][seed % 7]!;
      check(prefix + soup(next), seed);
    }
  });

  it('mutations of valid statements', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed * 7919);
      check(mutate(next, VALID[seed % VALID.length]!), seed);
    }
  });

  it('random characters', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const next = seededRandom(seed * 104729);
      const length = Math.floor(next() * 60);
      let sql = '';
      for (let i = 0; i < length; i++) sql += String.fromCharCode(next() < 0.7 ? 32 + Math.floor(next() * 95) : Math.floor(next() * 0xffff));
      check(sql, seed);
    }
  });
});
