import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isFractional, isIntegral, parseIsoEventTime, parseUnixSeconds } from './values.js';
import { expiresAt, formatExpiresAt, ttlMillis } from './ttl.js';

describe('feature values and event times', () => {
  it('Integral is a 64-bit signed integer in decimal', () => {
    for (const ok of ['0', '-1', '+7', '1001', '9223372036854775807', '-9223372036854775808']) assert.ok(isIntegral(ok), ok);
    for (const bad of ['', ' 1', '1 ', '1.0', '1e3', '0x10', '9223372036854775808', '-9223372036854775809', 'NaN', 'abc']) assert.ok(!isIntegral(bad), bad);
  });

  it('Fractional is a finite double in decimal notation', () => {
    for (const ok of ['0', '32.43', '-0.5', '.5', '5.', '1e3', '1.5E-7', '+2', '1700000000.123456']) assert.ok(isFractional(ok), ok);
    for (const bad of ['', 'NaN', 'Infinity', '-Infinity', '1e999', '0x1p3', '1,5', '1.5d', ' 1']) assert.ok(!isFractional(bad), bad);
  });

  it('Fractional event times are Unix seconds, fractions kept below the millisecond', () => {
    assert.equal(parseUnixSeconds('1700000000'), 1_700_000_000_000);
    assert.equal(parseUnixSeconds('1700000000.5'), 1_700_000_000_500);
    assert.ok(parseUnixSeconds('1700000000.0001')! > parseUnixSeconds('1700000000')!);
    assert.equal(parseUnixSeconds('-1'), -1000, 'before 1970 is a time too');
    assert.equal(parseUnixSeconds('253402300800'), undefined, 'after 9999-12-31');
    assert.equal(parseUnixSeconds('2021-01-01T00:00:00Z'), undefined);
  });

  it('String event times are ISO-8601 with seconds, optional milliseconds and a zone', () => {
    assert.equal(parseIsoEventTime('2021-03-04T05:06:07Z'), Date.parse('2021-03-04T05:06:07Z'));
    assert.equal(parseIsoEventTime('2021-03-04T05:06:07.089Z'), Date.parse('2021-03-04T05:06:07.089Z'));
    assert.equal(parseIsoEventTime('2021-03-04T05:06:07+0200'), Date.parse('2021-03-04T03:06:07Z'));
    assert.equal(parseIsoEventTime('2021-03-04T05:06:07-05:30'), Date.parse('2021-03-04T10:36:07Z'));
    assert.equal(parseIsoEventTime('0001-01-01T00:00:00Z'), Date.parse('0001-01-01T00:00:00Z'));
    for (const bad of ['2021-03-04', '2021-03-04 05:06:07Z', '2021-03-04T05:06Z', '2021-03-04T05:06:07', '2021-03-04T05:06:07.1Z', '2021-02-30T00:00:00Z',
      '2021-13-01T00:00:00Z', '2021-01-01T24:00:00Z', '2021-01-01T00:60:00Z', '2021-01-01T00:00:60Z', '2021-01-01T00:00:00+2500', '1700000000']) {
      assert.equal(parseIsoEventTime(bad), undefined, bad);
    }
  });

  it('TTL: ExpiresAt = EventTime + TtlDuration, the record’s own TTL first', () => {
    assert.equal(ttlMillis({ Unit: 'Seconds', Value: 1 }), 1000);
    assert.equal(ttlMillis({ Unit: 'Weeks', Value: 2 }), 14 * 86_400_000);
    const group = { Unit: 'Days' as const, Value: 1 };
    assert.equal(expiresAt(1000, undefined, group)!.getTime(), 1000 + 86_400_000);
    assert.equal(expiresAt(1000, { Unit: 'Minutes', Value: 5 }, group)!.getTime(), 1000 + 300_000);
    assert.equal(expiresAt(1000, undefined, undefined), undefined);
    assert.equal(expiresAt(1000.2, { Unit: 'Seconds', Value: 1 }, undefined)!.getTime(), 2001, 'rounded up: never early');
    assert.equal(expiresAt(0, { Unit: 'Weeks', Value: 2 ** 40 }, undefined), undefined, 'beyond any date: no expiry');
    assert.equal(formatExpiresAt(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))), '2026-01-02T03:04:05.006Z');
  });
});
