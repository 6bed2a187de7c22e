import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tablePosition } from './table-position.js';

describe('tablePosition: where a query names a table, as Trino positions TABLE_NOT_FOUND', () => {
  it('finds unqualified, database-qualified, catalog-qualified and quoted names after FROM, JOIN, TABLE and commas', () => {
    assert.deepEqual(tablePosition('SELECT * FROM nope', { database: 'corpus', table: 'nope' }), { line: 1, column: 15 });
    assert.deepEqual(tablePosition('SELECT 1\n  FROM awsdatacatalog.db.t', { database: 'db', table: 't' }), { line: 2, column: 8 });
    assert.deepEqual(tablePosition('SELECT * FROM "DB"."T"', { database: 'db', table: 't' }), { line: 1, column: 15 });
    assert.deepEqual(tablePosition('SELECT * FROM a JOIN b ON true', { database: 'x', table: 'b' }), { line: 1, column: 22 });
    assert.deepEqual(tablePosition('SELECT * FROM a, db.b', { database: 'db', table: 'b' }), { line: 1, column: 18 });
    assert.deepEqual(tablePosition('TABLE t', { database: 'x', table: 't' }), { line: 1, column: 7 });
  });

  it('skips names of other databases, column names, strings and comments; a schema alone finds its first qualified name', () => {
    assert.deepEqual(tablePosition("SELECT t, 'FROM t' FROM other.t, /* FROM t */ db.t", { database: 'db', table: 't' }), { line: 1, column: 47 });
    assert.deepEqual(tablePosition('SELECT * FROM a, nodb.t', { database: 'nodb' }), { line: 1, column: 18 });
    assert.equal(tablePosition('SELECT * FROM a', { database: 'db', table: 'b' }), undefined);
    assert.equal(tablePosition("SELECT 'unterminated", { database: 'db', table: 'b' }), undefined);
  });
});
