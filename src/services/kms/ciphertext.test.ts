import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/errors.js';
import { blobKey, open, seal } from './ciphertext.js';

const KEY = { accountId: '111122223333', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
const invalid = (e: unknown) => e instanceof AwsError && e.code === 'InvalidCiphertextException' && e.message === '';

describe('ciphertext blobs', () => {
  const material = randomBytes(32);
  const plaintext = Buffer.from('feature store secret');
  it('open gives back the plaintext for the same key and context, in any order of its pairs', () => {
    const blob = seal(material, KEY, plaintext, { a: '1', b: '2' });
    assert.deepEqual(blobKey(blob), KEY);
    assert.deepEqual(open(material, blob, { b: '2', a: '1' }), plaintext);
    assert.ok(!blob.includes(plaintext), 'the plaintext is not in the blob');
  });
  it('a wrong or missing context, another key, or any changed byte is InvalidCiphertextException', () => {
    const blob = seal(material, KEY, plaintext, { purpose: 'x' });
    assert.throws(() => open(material, blob, { purpose: 'y' }), invalid);
    assert.throws(() => open(material, blob, undefined), invalid);
    assert.throws(() => open(randomBytes(32), blob, { purpose: 'x' }), invalid);
    for (const at of [0, 5, 20, 50, 70, blob.length - 1]) {
      const changed = Buffer.from(blob);
      changed[at] = changed[at]! ^ 1;
      assert.throws(() => open(material, changed, { purpose: 'x' }), invalid, `byte ${at}`);
    }
  });
  it('blobs that are not sagelite’s are refused before any key is looked up', () => {
    for (const junk of [Buffer.alloc(0), Buffer.from('hello'), randomBytes(200), Buffer.concat([Buffer.from([1]), Buffer.alloc(100, 0x41)])]) {
      assert.throws(() => blobKey(junk), invalid);
    }
  });
});
