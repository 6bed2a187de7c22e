import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { parseCopySource } from './copy-source.js';

describe('x-amz-copy-source', () => {
  it('reads bucket/key with or without a leading slash, the key URL-decoded', () => {
    assert.deepEqual(parseCopySource('b/k'), { bucket: 'b', key: 'k' });
    assert.deepEqual(parseCopySource('/b/dir/a%20b%2Bc%C3%BC'), { bucket: 'b', key: 'dir/a b+cü' });
    assert.deepEqual(parseCopySource('b/k?versionId=null'), { bucket: 'b', key: 'k', versionId: 'null' });
    assert.deepEqual(parseCopySource('b/k?versionId=Hq3_x-9A'), { bucket: 'b', key: 'k', versionId: 'Hq3_x-9A' });
  });

  it('refuses a source without a key, bad encoding, or a malformed version id', () => {
    for (const bad of ['b', 'b/', '/k', 'b/%E0%A4%A', 'b/k?versionId=', 'b/k?versionId=a%20b']) {
      assert.throws(() => parseCopySource(bad), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument', bad);
    }
  });
});
