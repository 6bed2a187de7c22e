import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { OneAtATime } from './one-at-a-time.js';

describe('OneAtATime', () => {
  it('runs work one after another, in order, whatever fails', async () => {
    const queue = new OneAtATime(8);
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = queue.run(async () => {
      log.push('first starts');
      await gate;
      log.push('first ends');
      throw new Error('first fails');
    });
    const second = queue.run(async () => {
      log.push('second runs');
      return 2;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['first starts']);
    release();
    await assert.rejects(first, /first fails/);
    assert.equal(await second, 2);
    assert.deepEqual(log, ['first starts', 'first ends', 'second runs']);
  });

  it('throttles a caller once as many wait as it allows', async () => {
    const queue = new OneAtATime(1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = queue.run(() => gate);
    const waiting = queue.run(async () => 'waited');
    await assert.rejects(queue.run(async () => 'third'), (e: unknown) => e instanceof AwsError && e.code === 'Throttling' && e.status === 400 && e.message === 'Rate exceeded');
    release();
    await running;
    assert.equal(await waiting, 'waited');
    assert.equal(await queue.run(async () => 'after'), 'after');
  });
});
