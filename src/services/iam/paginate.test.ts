import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/errors.js';
import { DEFAULT_MAX_ITEMS, pageFields, paginate } from './paginate.js';

describe('paginate', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);

  it('gives 100 items by default and a marker to the rest', () => {
    const first = paginate(items, {});
    assert.equal(first.items.length, DEFAULT_MAX_ITEMS);
    assert.equal(first.IsTruncated, true);
    const second = paginate(items, { Marker: first.Marker! });
    assert.equal(second.items[0], 100);
    const third = paginate(items, { Marker: second.Marker! });
    assert.deepEqual([third.items.length, third.IsTruncated, third.Marker], [50, false, undefined]);
  });

  it('honours MaxItems and leaves out the Marker on the last page', () => {
    assert.deepEqual(paginate([1, 2, 3], { MaxItems: 3 }), { items: [1, 2, 3], IsTruncated: false });
    assert.deepEqual(pageFields(paginate([1, 2, 3], { MaxItems: 2 })).IsTruncated, true);
    assert.deepEqual(paginate([], {}), { items: [], IsTruncated: false });
  });

  it('refuses markers it did not issue with ValidationError', () => {
    for (const bad of ['x', Buffer.from('sagelite-page:-1').toString('base64'), Buffer.from('other:5').toString('base64')]) {
      assert.throws(() => paginate(items, { Marker: bad }), (e: unknown) => e instanceof AwsError && e.code === 'ValidationError' && e.status === 400);
    }
  });

  it('a marker past the end gives an empty last page', () => {
    const marker = paginate(items, { MaxItems: 249 }).Marker!;
    assert.deepEqual(paginate(items.slice(0, 10), { Marker: marker }), { items: [], IsTruncated: false });
  });
});
