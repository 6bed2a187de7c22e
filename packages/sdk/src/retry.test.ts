import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorInfo, isRetryable, runPool, withRetries } from './retry.js';

const awsError = (name: string, status?: number) => Object.assign(new Error(`${name} happened`), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('isRetryable: throttling, 5xx and network failures only', () => {
  it('retries throttling whatever its status, 5xx and 429', () => {
    assert.equal(isRetryable(awsError('ThrottlingException', 400)), true);
    assert.equal(isRetryable(awsError('SlowDown', 503)), true);
    assert.equal(isRetryable(awsError('InternalFailure', 500)), true);
    assert.equal(isRetryable(awsError('ServiceUnavailable', 503)), true);
    assert.equal(isRetryable(awsError('Whatever', 429)), true);
  });
  it('does not retry the caller’s mistakes', () => {
    assert.equal(isRetryable(awsError('ValidationException', 400)), false);
    assert.equal(isRetryable(awsError('AccessDeniedException', 400)), false);
    assert.equal(isRetryable(awsError('ResourceNotFound', 404)), false);
    assert.equal(isRetryable(new TypeError('bad')), false);
  });
  it('retries a socket failure (no HTTP status), by its code or its cause’s', () => {
    assert.equal(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), true);
    assert.equal(isRetryable(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })), true);
    assert.equal(isRetryable(awsError('TimeoutError')), true);
  });
  it('errorInfo takes the wire Code before the SDK’s exception name', () => {
    assert.deepEqual(errorInfo(Object.assign(new Error('m'), { name: 'NoSuchEntityException', Code: 'NoSuchEntity' })), { code: 'NoSuchEntity', message: 'm' });
    assert.deepEqual(errorInfo('plain'), { code: 'Error', message: 'plain' });
  });
});

describe('withRetries', () => {
  it('backs off exponentially with jitter and gives up after the retries', async () => {
    const waits: number[] = [];
    let calls = 0;
    await assert.rejects(
      withRetries(async () => {
        calls++;
        throw awsError('ThrottlingException', 400);
      }, { retries: 3, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms), random: () => 0.5 }),
      { name: 'ThrottlingException' },
    );
    assert.equal(calls, 4);
    assert.deepEqual(waits, [50, 100, 200]);
  });
  it('stops at once on an error that is not retryable, and returns the first success', async () => {
    let calls = 0;
    await assert.rejects(withRetries(async () => {
      calls++;
      throw awsError('ValidationException', 400);
    }, { sleep: async () => {} }), { name: 'ValidationException' });
    assert.equal(calls, 1);
    assert.equal(await withRetries(async (n) => {
      if (n < 2) throw awsError('InternalFailure', 500);
      return n;
    }, { sleep: async () => {} }), 2);
  });
});

describe('runPool', () => {
  it('never runs more than `concurrency` workers at once and visits every index once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(20, 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, i % 3));
      seen.push(i);
      running--;
    });
    assert.equal(peak, 3);
    assert.deepEqual(seen.sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    await assert.rejects(runPool(1, 0, async () => {}), RangeError);
  });
});
