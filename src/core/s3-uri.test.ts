import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitS3Uri } from './s3-uri.js';

describe('splitS3Uri', () => {
  it('keeps the key as written, knows the Hadoop schemes, and refuses anything else', () => {
    assert.deepEqual(splitS3Uri('s3://results/athena/'), { scheme: 's3', bucket: 'results', key: 'athena/' });
    assert.deepEqual(splitS3Uri('s3a://lake'), { scheme: 's3a', bucket: 'lake', key: '' });
    assert.deepEqual(splitS3Uri('s3n://lake/a/b.csv'), { scheme: 's3n', bucket: 'lake', key: 'a/b.csv' });
    assert.equal(splitS3Uri('https://lake/a'), undefined);
    assert.equal(splitS3Uri('s3://'), undefined);
  });
});
