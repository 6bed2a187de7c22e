import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkVersionId, newVersionId } from './versions.js';

describe('S3 version ids', () => {
  it('are 32 characters of letters, digits, . and _ — never a leading - (the AWS CLI reads that as an option)', () => {
    const ids = Array.from({ length: 5000 }, newVersionId);
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9._]{32}$/);
      assert.doesNotThrow(() => checkVersionId(id));
    }
    assert.equal(new Set(ids).size, ids.length);
    // 5,000 ids of a 64-letter alphabet: each position sees every letter, '.' included.
    assert.ok(ids.some((id) => id.startsWith('.')) || ids.some((id) => id.includes('.')));
  });
});
