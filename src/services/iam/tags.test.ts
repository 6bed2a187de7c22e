import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/errors.js';
import { MAX_TAGS, mergeTags, removeTags } from './tags.js';

const code = (c: string) => (e: unknown) => e instanceof AwsError && e.code === c;

describe('IAM tags', () => {
  it('merges without regard to key case: the new spelling and value win', () => {
    assert.deepEqual(mergeTags([{ Key: 'Team', Value: 'a' }, { Key: 'x', Value: '1' }], [{ Key: 'team', Value: 'b' }], 'role'), [
      { Key: 'x', Value: '1' },
      { Key: 'team', Value: 'b' },
    ]);
  });

  it('refuses aws: keys (any case) and duplicates in one request', () => {
    assert.throws(() => mergeTags([], [{ Key: 'AWS:x', Value: '' }], 'user'), code('InvalidInput'));
    assert.throws(() => mergeTags([], [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }], 'user'), code('InvalidInput'));
  });

  it('allows exactly 50 tags, replacing at the cap, and refuses the 51st with LimitExceeded', () => {
    const full = Array.from({ length: MAX_TAGS }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    assert.equal(mergeTags([], full, 'policy').length, 50);
    assert.equal(mergeTags(full, [{ Key: 'K0', Value: 'new' }], 'policy').length, 50);
    assert.throws(() => mergeTags(full, [{ Key: 'one-more', Value: '' }], 'policy'), (e: unknown) => e instanceof AwsError && e.message === 'Cannot exceed quota for TagsPerPolicy: 50');
  });

  it('removes keys without regard to case and ignores unknown ones', () => {
    assert.deepEqual(removeTags([{ Key: 'Team', Value: 'a' }, { Key: 'b', Value: '' }], ['TEAM', 'zzz']), [{ Key: 'b', Value: '' }]);
  });
});
