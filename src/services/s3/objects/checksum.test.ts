import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../../../core/errors.js';
import { compositeChecksum, contentMd5Hex, multipartEtag, newObjectChecksum, requestedChecksum } from './checksum.js';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as AwsError).code;
  }
};

describe('ETags and checksums', () => {
  it('multipart ETag: md5 of the concatenated binary part md5s, then -N', () => {
    const parts = ['a', 'b'].map((s) => createHash('md5').update(s).digest('hex'));
    const expected = createHash('md5').update(Buffer.concat(parts.map((p) => Buffer.from(p, 'hex')))).digest('hex');
    assert.equal(multipartEtag(parts), `${expected}-2`);
  });

  it('known CRC32/CRC32C/SHA values of "hello world"', () => {
    const digest = (alg: 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME') => {
      const h = newObjectChecksum(alg);
      h.update(Buffer.from('hello world'));
      return h.digest();
    };
    assert.equal(digest('CRC32'), 'DUoRhQ==');
    assert.equal(digest('CRC32C'), 'yZRlqg==');
    assert.equal(digest('SHA1'), 'Kq5sNclPz7QV2+lfQIuc6R7oRu0=');
    assert.equal(digest('SHA256'), 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=');
    assert.equal(digest('CRC64NVME'), 'jSnVw/bqjr4=');
  });

  it('composite checksum: the algorithm over the binary part checksums, then -N', () => {
    const parts = ['AAAAAA==', 'AAAAAQ=='];
    const h = newObjectChecksum('CRC32');
    h.update(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]));
    assert.equal(compositeChecksum('CRC32', parts), `${h.digest()}-2`);
  });

  it('Content-MD5 must be base64 of 16 bytes', () => {
    assert.equal(contentMd5Hex('XrY7u+Ae7tCTyyK7j1rNww=='), '5eb63bbbe01eeed093cb22bb8f5acdc3');
    assert.equal(code(() => contentMd5Hex('nope')), 'InvalidDigest');
    assert.equal(code(() => contentMd5Hex('AAAA')), 'InvalidDigest');
  });

  it('one checksum header at a time, well formed, matching the SDK algorithm', () => {
    assert.deepEqual(requestedChecksum({ ChecksumCRC32: 'DUoRhQ==' }, false), { algorithm: 'CRC32', expected: 'DUoRhQ==' });
    assert.equal(code(() => requestedChecksum({ ChecksumCRC32: 'DUoRhQ==', ChecksumSHA1: 'Kq5sNclPz7QV2+lfQIuc6R7oRu0=' }, false)), 'InvalidRequest');
    assert.equal(code(() => requestedChecksum({ ChecksumCRC32: 'abc' }, false)), 'InvalidRequest');
    assert.equal(code(() => requestedChecksum({ ChecksumCRC32: 'Kq5sNclPz7QV2+lfQIuc6R7oRu0=' }, false)), 'InvalidRequest');
    assert.equal(code(() => requestedChecksum({ ChecksumAlgorithm: 'CRC32' }, false)), 'InvalidRequest');
    assert.deepEqual(requestedChecksum({ ChecksumAlgorithm: 'crc32c' }, true), { algorithm: 'CRC32C' });
    assert.equal(requestedChecksum({}, true), undefined);
  });
});
