import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidBucketName } from './naming.js';

describe('S3 bucket names', () => {
  it('accepts what S3 accepts', () => {
    for (const n of ['abc', 'my-bucket', 'my.bucket.example', 'a1b2c3', '0abc', 'x'.repeat(63), 'results-a-111111111111']) assert.ok(isValidBucketName(n), n);
  });

  it('refuses length, characters, ends, adjacent dots, IP addresses and reserved affixes', () => {
    for (const n of ['ab', 'x'.repeat(64), 'My-Bucket', 'my_bucket', '-abc', 'abc-', '.abc', 'abc.', 'a..b', '192.168.5.4', 'xn--abc', 'sthree-abc', 'amzn-s3-demo-x', 'abc-s3alias', 'abc--ol-s3', 'abc.mrap', 'abc--x-s3', 'abc--table-s3', 'a b c', '']) {
      assert.ok(!isValidBucketName(n), n);
    }
  });
});
