import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { duckDbToHiveType, formatHiveType, hiveToDuckDbType, parseHiveType } from './hive-types.js';

describe('hiveToDuckDbType', () => {
  it('maps every primitive', () => {
    const cases: Array<[string, string]> = [
      ['string', 'VARCHAR'], ['varchar(10)', 'VARCHAR'], ['char(3)', 'VARCHAR'], ['tinyint', 'TINYINT'], ['smallint', 'SMALLINT'],
      ['int', 'INTEGER'], ['INTEGER', 'INTEGER'], ['bigint', 'BIGINT'], ['float', 'FLOAT'], ['double', 'DOUBLE'],
      ['decimal(12,3)', 'DECIMAL(12, 3)'], ['decimal', 'DECIMAL(10, 0)'], ['decimal(5)', 'DECIMAL(5, 0)'], ['boolean', 'BOOLEAN'],
      ['date', 'DATE'], ['timestamp', 'TIMESTAMP'], ['binary', 'BLOB'],
    ];
    for (const [hive, duck] of cases) assert.equal(hiveToDuckDbType(hive), duck, hive);
  });

  it('maps arrays, maps and structs, nested deeply', () => {
    assert.equal(hiveToDuckDbType('array<string>'), 'VARCHAR[]');
    assert.equal(hiveToDuckDbType('map<string,bigint>'), 'MAP(VARCHAR, BIGINT)');
    assert.equal(hiveToDuckDbType('struct<a:int,b:string>'), 'STRUCT("a" INTEGER, "b" VARCHAR)');
    assert.equal(
      hiveToDuckDbType('array<map<string,array<struct<id:bigint,tags:array<array<decimal(4,1)>>,m:map<int,struct<x:double>>>>>>'),
      'MAP(VARCHAR, STRUCT("id" BIGINT, "tags" DECIMAL(4, 1)[][], "m" MAP(INTEGER, STRUCT("x" DOUBLE)))[])[]',
    );
    assert.equal(hiveToDuckDbType(' ARRAY < Struct < `Weird"Name` : Int > > '), 'STRUCT("weird""name" INTEGER)[]');
    // Fifty levels of nesting still map.
    const deep = 'array<'.repeat(50) + 'int' + '>'.repeat(50);
    assert.equal(hiveToDuckDbType(deep), 'INTEGER' + '[]'.repeat(50));
  });

  it('refuses what Hive cannot read, with Hive\'s TypeInfoParser wording', () => {
    const cases: Array<[string, string]> = [
      ['foo', "Error: type expected at the position 0 of 'foo' but 'foo' is found."],
      ['array<foo>', "Error: type expected at the position 6 of 'array<foo>' but 'foo' is found."],
      ['array<int', "Error: type expected at the position 9 of 'array<int' but '' is found."],
      ['map<array<int>,int>', "Error: type expected at the position 4 of 'map<array<int>,int>' but 'array' is found."],
      ['decimal(39,0)', "Error: type expected at the position 8 of 'decimal(39,0)' but '39' is found."],
      ['decimal(5,6)', "Error: type expected at the position 8 of 'decimal(5,6)' but '5' is found."],
      ['varchar', "Error: type expected at the position 7 of 'varchar' but '' is found."],
      ['struct<>', "Error: type expected at the position 7 of 'struct<>' but '>' is found."],
      ['int int', "Error: type expected at the position 4 of 'int int' but 'int' is found."],
      ['', "Error: type expected at the position 0 of '' but '' is found."],
    ];
    const tooDeep = 'array<'.repeat(101) + 'int' + '>'.repeat(101);
    assert.throws(() => hiveToDuckDbType(tooDeep), /HIVE_INVALID_METADATA: Error: type expected at the position 600 /, 'refused beyond 100 levels, not a stack overflow');
    for (const [type, message] of cases) {
      assert.throws(() => hiveToDuckDbType(type), (e: unknown) => e instanceof QueryFailure && e.message === `HIVE_INVALID_METADATA: ${message}` && e.errorType === 1004, type);
    }
  });
});

describe('formatHiveType', () => {
  it('writes Hive\'s canonical form', () => {
    assert.equal(formatHiveType(parseHiveType('MAP < STRING , ARRAY<INTEGER> >')), 'map<string,array<int>>');
    assert.equal(formatHiveType(parseHiveType("struct<a:int comment 'x', b:dec(5,2)>")), 'struct<a:int,b:decimal(5,2)>');
    assert.equal(formatHiveType(parseHiveType('numeric')), 'decimal(10,0)');
  });
});

describe('duckDbToHiveType', () => {
  it('maps DuckDB scalars to the Hive types a CTAS registers', () => {
    const cases: Array<[string, string]> = [
      ['VARCHAR', 'string'], ['INTEGER', 'int'], ['BIGINT', 'bigint'], ['HUGEINT', 'bigint'], ['SMALLINT', 'smallint'], ['TINYINT', 'tinyint'],
      ['UINTEGER', 'bigint'], ['DOUBLE', 'double'], ['FLOAT', 'float'], ['DECIMAL(18,3)', 'decimal(18,3)'], ['DECIMAL(9, 2)', 'decimal(9,2)'],
      ['BOOLEAN', 'boolean'], ['DATE', 'date'], ['TIMESTAMP', 'timestamp'], ['TIMESTAMP WITH TIME ZONE', 'timestamp'], ['TIMESTAMP_MS', 'timestamp'],
      ['BLOB', 'binary'], ['UUID', 'string'], ["ENUM('a', 'b')", 'string'], ['VARCHAR(10)', 'string'],
    ];
    for (const [duck, hive] of cases) assert.equal(duckDbToHiveType(duck), hive, duck);
  });

  it('maps lists, maps and structs recursively, struct field names lower-cased', () => {
    assert.equal(duckDbToHiveType('INTEGER[]'), 'array<int>');
    assert.equal(duckDbToHiveType('VARCHAR[][3]'), 'array<array<string>>');
    assert.equal(duckDbToHiveType('MAP(VARCHAR, DOUBLE[])'), 'map<string,array<double>>');
    assert.equal(duckDbToHiveType('STRUCT(Id BIGINT, "Tags" STRUCT(a DECIMAL(4,1))[])[]'), 'array<struct<id:bigint,tags:array<struct<a:decimal(4,1)>>>>');
  });

  it('round-trips through hiveToDuckDbType for every Hive type', () => {
    for (const hive of ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp', 'binary', 'decimal(7,2)', 'array<map<string,struct<a:int,b:array<double>>>>']) {
      assert.equal(duckDbToHiveType(hiveToDuckDbType(hive)), hive);
    }
  });

  it('refuses types Hive cannot store with NOT_SUPPORTED', () => {
    assert.throws(() => duckDbToHiveType('INTEGER' + '[]'.repeat(200)), /NOT_SUPPORTED: Unsupported Hive type/);
    assert.throws(() => duckDbToHiveType('STRUCT(a '.repeat(500) + 'INT' + ')'.repeat(500)), /NOT_SUPPORTED: Unsupported Hive type/);
    for (const duck of ['TIME', 'INTERVAL', 'NULL', 'UNION(a INTEGER)', 'BIT', 'STRUCT(', 'INTEGER[', '']) {
      assert.throws(() => duckDbToHiveType(duck), (e: unknown) => e instanceof QueryFailure && e.message === `NOT_SUPPORTED: Unsupported Hive type: ${duck}`, duck);
    }
  });
});
