import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemporal, typedRow, typedValue } from './athena-values.js';

describe('typedValue: GetQueryResults text typed by ColumnInfo', () => {
  it('reads numbers, booleans and strings, and NULL as null (an empty string stays a string)', () => {
    assert.equal(typedValue('42', 'integer'), 42);
    assert.equal(typedValue('-7', 'smallint'), -7);
    assert.equal(typedValue('58.23', 'double'), 58.23);
    assert.equal(typedValue('1.0E10', 'double'), 1e10);
    assert.ok(Number.isNaN(typedValue('NaN', 'double')));
    assert.equal(typedValue('-Infinity', 'real'), -Infinity);
    assert.equal(typedValue('true', 'boolean'), true);
    assert.equal(typedValue('false', 'boolean'), false);
    assert.equal(typedValue('CA ', 'varchar'), 'CA ');
    assert.equal(typedValue('', 'varchar'), '');
    assert.equal(typedValue(undefined, 'bigint'), null);
    assert.equal(typedValue('12345678901234567890.5', 'decimal'), '12345678901234567890.5');
    assert.equal(typedValue('[1, 2]', 'array'), '[1, 2]');
  });

  it('reads bigint as a number, refusing to lose digits, or as a bigint on request', () => {
    assert.equal(typedValue('9007199254740991', 'bigint'), 9007199254740991);
    assert.throws(() => typedValue('9007199254740993', 'bigint'), RangeError);
    assert.equal(typedValue('9007199254740993', 'bigint', { int64: 'bigint' }), 9007199254740993n);
  });

  it('reads dates and timestamps as UTC Dates, or keeps the text', () => {
    assert.deepEqual(typedValue('2024-01-02', 'date'), new Date('2024-01-02T00:00:00Z'));
    assert.deepEqual(typedValue('2024-01-02 03:04:05.123', 'timestamp'), new Date('2024-01-02T03:04:05.123Z'));
    assert.deepEqual(typedValue('2024-01-02 03:04:05.123456', 'timestamp(6)'), new Date('2024-01-02T03:04:05.123Z'));
    assert.equal(typedValue('2024-01-02', 'date', { temporal: 'string' }), '2024-01-02');
  });

  it('applies the zone of a timestamp with time zone', () => {
    assert.deepEqual(parseTemporal('2024-01-02 03:04:05.000 UTC'), new Date('2024-01-02T03:04:05Z'));
    assert.deepEqual(parseTemporal('2024-01-02 03:04:05.000 +02:00'), new Date('2024-01-02T01:04:05Z'));
    assert.deepEqual(parseTemporal('2024-07-02 12:00:00.000 Europe/Paris'), new Date('2024-07-02T10:00:00Z'));
    assert.deepEqual(parseTemporal('2024-01-02 12:00:00.000 America/New_York'), new Date('2024-01-02T17:00:00Z'));
    assert.throws(() => parseTemporal('yesterday'), RangeError);
  });
});

describe('typedRow', () => {
  it('keys values by column name', () => {
    assert.deepEqual(typedRow([{ VarCharValue: '1001' }, {}, { VarCharValue: '32.5' }], [
      { Name: 'cid', Type: 'bigint' }, { Name: 'name', Type: 'varchar' }, { Name: 'amount', Type: 'double' },
    ]), { cid: 1001, name: null, amount: 32.5 });
  });
});
