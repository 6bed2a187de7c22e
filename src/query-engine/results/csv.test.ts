import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultColumn } from '../types.js';
import { fromAthenaCsv, toAthenaCsv, toAthenaText } from './csv.js';

const column = (name: string): ResultColumn => ({ name, label: name, type: 'varchar', precision: 2147483647, scale: 0, nullable: 'UNKNOWN', caseSensitive: true });

describe("Athena's result CSV", () => {
  it('quotes the header and every value, doubles embedded quotes, writes NULL as an empty unquoted field', () => {
    const csv = toAthenaCsv([column('id'), column('say "hi"')], [['1', 'a "b", c'], [null, ''], ['2', null]]);
    assert.equal(csv.toString('utf8'), '"id","say ""hi"""\n"1","a ""b"", c"\n,""\n"2",\n');
  });

  it('round-trips quotes, commas, newlines, unicode, NULL and the empty string', () => {
    const rows = [['line1\nline2', 'x,y', '"', 'é✓', null, ''], ['', null, 'a\r\nb', ' ', 'null', '""']];
    const csv = toAthenaCsv(['a', 'b', 'c', 'd', 'e', 'f'].map(column), rows).toString('utf8');
    assert.deepEqual(fromAthenaCsv(csv), [['a', 'b', 'c', 'd', 'e', 'f'], ...rows]);
  });

  it('reads a header-only file and a single NULL column', () => {
    assert.deepEqual(fromAthenaCsv('"a"\n'), [['a']]);
    assert.deepEqual(fromAthenaCsv('"a"\n\n'), [['a'], [null]]);
    assert.deepEqual(fromAthenaCsv(''), []);
  });

  it('writes DDL and utility results as text lines, tab-separated', () => {
    assert.equal(toAthenaText([['db1'], ['db2']]).toString('utf8'), 'db1\ndb2\n');
    assert.equal(toAthenaText([['id', 'bigint', ''], ['name', 'string', 'the name']]).toString('utf8'), 'id\tbigint\t\nname\tstring\tthe name\n');
    assert.equal(toAthenaText([]).length, 0);
  });
});
