import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalLocks } from './keyed-lock.js';

describe('LocalLocks', () => {
  it('runs one key’s holders one after another, in arrival order, and other keys alongside', async () => {
    const locks = new LocalLocks();
    const events: string[] = [];
    const hold = (key: string, name: string, ms: number) => locks.withLock(key, async () => {
      events.push(`${name}+`);
      await sleep(ms);
      events.push(`${name}-`);
      return name;
    });
    const results = await Promise.all([hold('a', 'a1', 30), hold('a', 'a2', 1), hold('b', 'b1', 1)]);
    assert.deepEqual(results, ['a1', 'a2', 'b1']);
    assert.ok(events.indexOf('a1-') < events.indexOf('a2+'), events.join(' '));
    assert.ok(events.indexOf('b1+') < events.indexOf('a1-'), 'another key does not wait');
  });

  it('lets the next holder run after one that throws, and passes the error on', async () => {
    const locks = new LocalLocks();
    const failed = locks.withLock('k', async () => {
      throw new RangeError('no');
    });
    const next = locks.withLock('k', async () => 'ran');
    await assert.rejects(failed, RangeError);
    assert.equal(await next, 'ran');
  });

  it('keeps a count-then-write quota under concurrency', async () => {
    const locks = new LocalLocks();
    const items: number[] = [];
    const add = (i: number) => locks.withLock('quota', async () => {
      const count = items.length;
      await sleep(1); // another request would run here without the lock
      if (count >= 2) throw new Error('full');
      items.push(i);
    });
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(add));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2);
    assert.deepEqual(items, [1, 2]);
  });
});
