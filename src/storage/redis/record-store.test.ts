import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { AwsError } from '../../core/errors.js';
import { runRecordStoreContract } from '../../../test/support/record-store-contract.js';
import { dropKeysUnder, keysUnder, TEST_REDIS_URL, testKeyPrefix } from '../../../test/support/redis.js';
import type { RecordPut } from '../feature-store.js';
import { NATIVE_EXPIRY_GRACE_MS, RedisRecordStore } from './record-store.js';

runRecordStoreContract('Redis', async (clock) => {
  const keyPrefix = testKeyPrefix();
  const store = new RedisRecordStore({ url: TEST_REDIS_URL, keyPrefix, clock });
  await store.connect();
  return {
    store,
    close: async () => {
      await store.close();
      await dropKeysUnder(keyPrefix);
    },
  };
});

describe('Redis record store: what is particular to Redis', () => {
  const now = new Date();
  const group = { accountId: '111122223333', region: 'us-east-1', name: 'Clicks', createdAt: new Date(1_000), storageType: 'InMemory' as const };
  const shape = { createdAt: group.createdAt, recordIdentifierFeatureName: 'id', eventTimeFeatureName: 't', eventTimeType: 'Fractional' as const, featureNames: ['id', 't'], offlineStore: false };
  const put = (id: string, over: Partial<RecordPut> = {}): RecordPut => ({
    kind: 'put', group, shape, recordId: id, eventTime: '1', eventTimeMs: 1000, online: true, offline: false, apiInvocationTime: now, features: [['id', id], ['t', '1']], ...over,
  });

  it('keeps its keys under its prefix, one per record, and lets Redis drop expiring ones after a grace', async () => {
    const keyPrefix = testKeyPrefix();
    const store = new RedisRecordStore({ url: TEST_REDIS_URL, keyPrefix, clock: new FixedClock(now) });
    await store.connect();
    try {
      const expiresAt = new Date(now.getTime() + 3_600_000);
      await store.write(put('x', { expiresAt }));
      await store.write(put('y'));
      const keys = (await keysUnder(keyPrefix)).sort();
      assert.deepEqual(keys, [`${keyPrefix}rec:111122223333:us-east-1:clicks:1000:x`, `${keyPrefix}rec:111122223333:us-east-1:clicks:1000:y`]);
      const { Redis } = await import('iovalkey');
      const client = new Redis(TEST_REDIS_URL);
      try {
        assert.equal(await client.pexpiretime(keys[0]!), expiresAt.getTime() + NATIVE_EXPIRY_GRACE_MS);
        assert.equal(await client.pexpiretime(keys[1]!), -1, 'no expiry: kept until deleted');
      } finally {
        client.disconnect();
      }
    } finally {
      await store.close();
      await dropKeysUnder(keyPrefix);
    }
  });

  it('refuses a write for the offline store (the InMemory tier has none) and writes nothing', async () => {
    const keyPrefix = testKeyPrefix();
    const store = new RedisRecordStore({ url: TEST_REDIS_URL, keyPrefix, clock: new FixedClock(now) });
    await store.connect();
    try {
      await assert.rejects(store.write(put('z', { offline: true })), /in-memory tier has no offline store/);
      assert.deepEqual(await keysUnder(keyPrefix), []);
    } finally {
      await store.close();
    }
  });

  it('does not see records a group of the same name, created earlier, left behind', async () => {
    const keyPrefix = testKeyPrefix();
    const store = new RedisRecordStore({ url: TEST_REDIS_URL, keyPrefix, clock: new FixedClock(now) });
    await store.connect();
    try {
      await store.write(put('old'));
      assert.equal(await store.get({ ...group, createdAt: new Date(2_000) }, 'old', now), undefined);
    } finally {
      await store.close();
      await dropKeysUnder(keyPrefix);
    }
  });

  it('answers ServiceUnavailable (503, retryable) for every call while Redis does not answer, at once rather than hanging', async () => {
    // Never connected: each command is tried, refused, retried once and failed.
    const store = new RedisRecordStore({ url: 'redis://127.0.0.1:1', keyPrefix: testKeyPrefix(), clock: new FixedClock(now) });
    const unavailable = (e: unknown) => e instanceof AwsError && e.code === 'ServiceUnavailable' && e.status === 503 && e.message === 'The service is currently unavailable.';
    try {
      await assert.rejects(store.get(group, 'x', now), unavailable);
      await assert.rejects(store.getMany(group, ['x', 'y'], now), unavailable);
      await assert.rejects(store.write(put('x')), unavailable);
      await assert.rejects(store.dropFeatureGroup(group.accountId, group.region, group.name), unavailable);
    } finally {
      await store.close();
    }
  });

  it('fails start-up on a server that does not answer', async () => {
    const store = new RedisRecordStore({ url: 'redis://user:secret@127.0.0.1:1', keyPrefix: testKeyPrefix(), clock: new FixedClock(now) });
    await assert.rejects(store.connect(), (e: Error) => {
      assert.match(e.message, /^cannot reach the in-memory online store at redis:\/\/user:\*\*\*@127\.0\.0\.1:1: /);
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
    await store.close();
  });
});
