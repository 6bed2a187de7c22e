import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecordCache, type CachedRow } from './featurestore-records-cache.js';

const row = (id: string): CachedRow => ({ record: { recordId: id, features: [], eventTime: '1', eventTimeMs: 1000 }, deleted: false, expiresAt: null });

describe('record cache', () => {
  it('evicts the oldest entries beyond its entry bound, and forgets deleted and dropped ones', () => {
    const c = new RecordCache(3, 1e9);
    for (const id of ['a', 'b', 'c', 'd']) c.set('g', id, row(id), 10);
    assert.equal(c.get('g', 'a'), undefined);
    assert.ok(c.get('g', 'd'));
    c.delete('g', 'b');
    assert.equal(c.get('g', 'b'), undefined);
    c.set('h', 'x', row('x'), 10);
    c.dropGroup('g');
    assert.equal(c.get('g', 'c'), undefined);
    assert.ok(c.get('h', 'x'));
  });

  it('bounds the bytes it holds, counting a fixed overhead per entry', () => {
    const c = new RecordCache(1e6, 1000);
    for (let i = 0; i < 100; i++) c.set('g', String(i), row(String(i)), 100);
    let kept = 0;
    for (let i = 0; i < 100; i++) if (c.get('g', String(i))) kept++;
    assert.ok(kept > 0 && kept <= 4, `kept ${kept}`);
    assert.ok(c.get('g', '99'), 'the newest stays');
  });

  it('stays bounded under repeated delete and refill of one record', () => {
    const c = new RecordCache(10, 10_000);
    for (let i = 0; i < 100_000; i++) {
      c.delete('g', 'hot');
      c.set('g', 'hot', row('hot'), 10);
    }
    assert.ok(c.get('g', 'hot'));
  });
});
