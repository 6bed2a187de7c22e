import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Crc64Nvme, crc32c } from './crc.js';
import { seededRandom } from '../../../test/fuzz/random.js';

/** Bit-at-a-time reference implementations: slow and obviously right. */
function crc32cReference(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function crc64Reference(data: Uint8Array): string {
  let c = 0xffffffffffffffffn;
  for (const byte of data) {
    c ^= BigInt(byte);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ 0x9a6c9329ac4bc9b5n : c >> 1n;
  }
  return (c ^ 0xffffffffffffffffn).toString(16).padStart(16, '0');
}

describe('CRC-32C and CRC-64/NVME', () => {
  it('give the catalogued check values for "123456789"', () => {
    assert.equal(crc32c(Buffer.from('123456789')).toString(16), 'e3069283');
    const c = new Crc64Nvme();
    c.update(Buffer.from('123456789'));
    assert.equal(c.digest().toString('hex'), 'ae8b14860a799888');
  });

  it('agree with bit-at-a-time references on seeded inputs of every length mod 8, fed in pieces', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 70; n++) {
      const data = Buffer.from(Array.from({ length: n * 13 + (n % 8) }, () => Math.floor(random() * 256)));
      const cut = Math.floor(data.length / 3);
      assert.equal(crc32c(data.subarray(cut), crc32c(data.subarray(0, cut))), crc32cReference(data));
      const c = new Crc64Nvme();
      c.update(data.subarray(0, cut));
      c.update(data.subarray(cut));
      assert.equal(c.digest().toString('hex'), crc64Reference(data));
    }
  });
});
