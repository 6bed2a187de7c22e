import { randomBytes } from 'node:crypto';
import { Redis } from 'iovalkey';

/** The Redis (or Valkey) the tests use: SAGELITE_TEST_REDIS, or the one `.ci/run` starts. */
export const TEST_REDIS_URL = process.env['SAGELITE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test (or server) uses. */
export function testKeyPrefix(): string {
  return `sagelite-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Every key under `prefix` (escaped for SCAN's MATCH); the tests count and remove their own keys with it. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const client = new Redis(TEST_REDIS_URL);
  try {
    const match = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  } finally {
    client.disconnect();
  }
}

/** Removes every key under `prefix`. */
export async function dropKeysUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length === 0) return;
  const client = new Redis(TEST_REDIS_URL);
  try {
    await client.unlink(...keys);
  } finally {
    client.disconnect();
  }
}
