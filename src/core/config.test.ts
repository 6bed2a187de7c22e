import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromEnv, defaultAthenaMemoryLimit, DEFAULT_ATHENA_QUERY_TIMEOUT_MS } from './config.js';

describe('config: Athena capacity settings', () => {
  it("defaults: 4 queries on the machine, 2 per account running and 25 active, Athena's 30-minute timeout, a quarter of the host's memory", () => {
    const c = configFromEnv({});
    assert.equal(c.athenaMaxConcurrent, 4);
    assert.equal(c.athenaMaxConcurrentPerAccount, 2);
    assert.equal(c.athenaMaxActivePerAccount, 25);
    assert.equal(c.athenaQueryTimeoutMs, DEFAULT_ATHENA_QUERY_TIMEOUT_MS);
    assert.equal(DEFAULT_ATHENA_QUERY_TIMEOUT_MS, 1_800_000);
    assert.equal(defaultAthenaMemoryLimit(24 * 1024 ** 3), '1536MiB');
    assert.equal(defaultAthenaMemoryLimit(2 * 1024 ** 3), '256MiB', 'never below 256 MiB');
  });

  it('reads the environment', () => {
    const c = configFromEnv({
      SAGELITE_ATHENA_MAX_CONCURRENT: '6',
      SAGELITE_ATHENA_MAX_CONCURRENT_PER_ACCOUNT: '3',
      SAGELITE_ATHENA_QUERY_TIMEOUT_MS: '2000',
      SAGELITE_ATHENA_MEMORY_LIMIT: '2GB',
    });
    assert.deepEqual(
      [c.athenaMaxConcurrent, c.athenaMaxConcurrentPerAccount, c.athenaQueryTimeoutMs, c.athenaMemoryLimit],
      [6, 3, 2000, '2GB'],
    );
  });
});
