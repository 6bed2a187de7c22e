import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { contentRange, parseRange } from './range.js';

const invalidRange = (e: unknown) => e instanceof AwsError && e.code === 'InvalidRange' && e.status === 416;

describe('parseRange', () => {
  it('reads first-last, open and suffix ranges, clamping the end to the object', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-500', 100), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=50-5000', 100), { start: 50, end: 99 });
    assert.deepEqual(parseRange('bytes=99-99', 100), { start: 99, end: 99 });
  });

  it('ignores what S3 cannot use: other units, several ranges, bad syntax, first > last', () => {
    for (const h of ['items=0-1', 'bytes=0-1,5-6', 'bytes=a-b', 'bytes=-', 'bytes=9-3', '']) assert.equal(parseRange(h, 100), undefined, h);
    assert.equal(parseRange(undefined, 100), undefined);
  });

  it('answers InvalidRange for a start past the end, a zero suffix, or any range of an empty object', () => {
    assert.throws(() => parseRange('bytes=100-', 100), invalidRange);
    assert.throws(() => parseRange('bytes=200-300', 100), invalidRange);
    assert.throws(() => parseRange('bytes=-0', 100), invalidRange);
    assert.throws(() => parseRange('bytes=0-', 0), invalidRange);
    assert.throws(() => parseRange('bytes=-5', 0), invalidRange);
  });

  it('carries the requested range and the size in the error', () => {
    try {
      parseRange('bytes=7-', 3);
      assert.fail('expected InvalidRange');
    } catch (e) {
      assert.deepEqual((e as AwsError).fields, { RangeRequested: 'bytes=7-', ActualObjectSize: '3' });
    }
  });

  it('writes Content-Range', () => assert.equal(contentRange({ start: 0, end: 9 }, 100), 'bytes 0-9/100'));
});
