import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athenaConcurrency, threadPoolSize } from './thread-pool.js';

describe('thread pool: Athena never takes the threads file I/O needs', () => {
  it("reads libuv's pool size as libuv does", () => {
    assert.equal(threadPoolSize({}), 4);
    assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: '16' }), 16);
    assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: 'lots' }), 4);
    assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: '0' }), 4);
    assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: '5000' }), 1024);
  });

  it('runs at most the pool less two statements at once, and at least one', () => {
    assert.equal(athenaConcurrency(4, 4), 2);
    assert.equal(athenaConcurrency(4, 16), 4);
    assert.equal(athenaConcurrency(8, 6), 4);
    assert.equal(athenaConcurrency(4, 1), 1);
  });
});
