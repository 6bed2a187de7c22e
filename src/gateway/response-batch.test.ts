import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseBatch } from './response-batch.js';

test('writes queued in one turn go out together, in order, after the turn', async () => {
  const written: number[] = [];
  const batch = new ResponseBatch();
  const noFailure = () => assert.fail('no write fails here');
  batch.add(() => written.push(1), noFailure);
  batch.add(() => written.push(2), noFailure);
  await Promise.resolve();
  assert.equal(written.length, 0, 'nothing is written before the loop turn ends (microtasks included)');
  assert.equal(batch.size, 2);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, [1, 2]);
  assert.equal(batch.size, 0);
  batch.add(() => written.push(3), noFailure);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, [1, 2, 3], 'a later turn gets a batch of its own');
});

test('a write that throws is reported and does not hold back the others', async () => {
  const written: string[] = [];
  const failures: unknown[] = [];
  const batch = new ResponseBatch();
  const failed = (e: unknown) => void failures.push(e);
  batch.add(() => written.push('a'), failed);
  batch.add(() => {
    throw new TypeError('Invalid character in header content');
  }, failed);
  batch.add(() => written.push('c'), failed);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, ['a', 'c']);
  assert.equal(failures.length, 1);
  assert.match(String(failures[0]), /Invalid character/);
});

test('an onError that throws neither escapes the flush nor holds back the writes after it', async () => {
  const written: string[] = [];
  const batch = new ResponseBatch();
  batch.add(
    () => {
      throw new Error('write failed');
    },
    () => {
      throw new Error('and so did the 500');
    },
  );
  batch.add(() => written.push('b'), () => assert.fail('b does not fail'));
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => void uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  assert.deepEqual(written, ['b']);
  assert.deepEqual(uncaught, []);
});
