import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDateValue } from './date.js';
import { conditionHolds } from '../../../../test/support/policy-helpers.js';

describe('date values', () => {
  const valid: Array<[string, number]> = [
    ['1970-01-01T00:00:00Z', 0],
    ['2019-07-01T13:20:15Z', Date.UTC(2019, 6, 1, 13, 20, 15)],
    ['2016-12-13T21:20:37.593194+00:00', Date.UTC(2016, 11, 13, 21, 20, 37, 593)],
    ['2016-12-13t2:00:00+02', Date.UTC(2016, 11, 13, 0, 0, 0)],
    ['2016-12-13T02:00:00-01:30', Date.UTC(2016, 11, 13, 3, 30, 0)],
    ['2020-02-03', Date.UTC(2020, 1, 3)],
    ['1700000000', 1700000000 * 1000],
  ];
  for (const [text, ms] of valid) it(`${text} → ${ms}`, () => assert.equal(parseDateValue(text), ms));
  for (const bad of ['sdfdsf', '234-13', '2016-12-13t2:00:00.593194+1', '2016-12-13t2:00:00.1999999999+10:59', '9223372036854775808', '2020-01-01T24:00:00Z']) {
    it(`${bad} is not a date`, () => assert.equal(parseDateValue(bad), undefined));
  }
});

describe('date operators (checklist 17)', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it('compare aws:CurrentTime from the injected clock with ISO values', () => {
    assert.equal(conditionHolds('DateGreaterThan', 'aws:CurrentTime', ['2025-01-01T00:00:00Z'], {}, now), true);
    assert.equal(conditionHolds('DateLessThan', 'aws:CurrentTime', ['2025-01-01T00:00:00Z'], {}, now), false);
  });
  it('compare aws:EpochTime with epoch values and with ISO values', () => {
    const epoch = String(Date.parse('2025-01-01T00:00:00Z') / 1000);
    assert.equal(conditionHolds('DateGreaterThanEquals', 'aws:EpochTime', [epoch], {}, now), true);
    assert.equal(conditionHolds('DateLessThan', 'aws:EpochTime', ['2026-01-01T00:00:00Z'], {}, now), true);
  });
  it('a context time wins over the clock', () => {
    assert.equal(conditionHolds('DateEquals', 'aws:CurrentTime', ['2020-01-01T00:00:00Z'], { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, now), true);
  });
  it('DateNotEquals and the remaining comparisons', () => {
    const ctx = { t: '2025-01-01T00:00:00Z' };
    assert.equal(conditionHolds('DateNotEquals', 't', ['2025-01-01T00:00:01Z'], ctx), true);
    assert.equal(conditionHolds('DateLessThanEquals', 't', ['2025-01-01T00:00:00Z'], ctx), true);
    assert.equal(conditionHolds('DateGreaterThan', 't', ['2025-01-01T00:00:00Z'], ctx), false);
    assert.equal(conditionHolds('DateEquals', 't', ['1735689600'], ctx), true);
  });
});
