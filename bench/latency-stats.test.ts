import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, percentile, summarize } from './latency-stats.js';

describe('latency stats (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('p50 and p99 of 1..100 are 50 and 99; p100 is the largest', () => {
    assert.equal(percentile(hundred, 50), 50);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(hundred, 100), 100);
  });

  it('with fewer than 100 samples p99 is the largest; one sample is every percentile', () => {
    assert.equal(percentile([3, 5, 9], 99), 9);
    assert.equal(percentile([7], 1), 7);
    assert.equal(percentile([7], 99), 7);
  });

  it('one slow call in 1,000 does not move p99; eleven do', () => {
    const fast = Array.from({ length: 1000 }, () => 1);
    assert.equal(summarize([...fast.slice(1), 5000])!.p99, 1);
    assert.equal(summarize([...fast.slice(11), ...Array.from({ length: 11 }, () => 5000)])!.p99, 5000);
  });

  it('summarize sorts a copy and reports n, p50, p99 and max; no samples give undefined', () => {
    const samples = [9, 1, 5, 3, 7];
    assert.deepEqual(summarize(samples), { n: 5, p50: 5, p99: 9, max: 9 });
    assert.deepEqual(samples, [9, 1, 5, 3, 7]);
    assert.equal(summarize([]), undefined);
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    assert.throws(() => percentile([], 50));
    assert.throws(() => percentile([1], 0));
    assert.throws(() => percentile([1], 101));
  });

  it('formats milliseconds for the table', () => {
    assert.equal(formatMs(0.456), '0.46 ms');
    assert.equal(formatMs(45.67), '45.7 ms');
    assert.equal(formatMs(2500), '2.50 s');
    assert.equal(formatMs(undefined), '-');
  });
});
