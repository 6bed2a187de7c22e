import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { blockStart, deciphered, decipheredSegments, objectCipher, segmentReadStart, segmentsOf } from './cipher.js';

async function collect(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('object cipher (AES-256-CTR)', () => {
  const key = randomBytes(32);
  const plain = randomBytes(5000);
  const c = objectCipher(key, Buffer.alloc(16, 0xff)); // an IV whose counter carries across bytes
  const stored = Buffer.concat([c.update(plain.subarray(0, 777)), c.update(plain.subarray(777)), c.final()]);
  it('stores as many bytes as it was given, none of them in the clear', () => {
    assert.equal(stored.length, plain.length);
    assert.ok(!stored.subarray(0, 64).equals(plain.subarray(0, 64)));
  });
  it('deciphers any range from the block it starts in, in chunks of any size', async () => {
    for (const [start, end] of [[0, 4999], [1, 1], [15, 16], [16, 31], [100, 2099], [4990, 4999], [4095, 4500]] as const) {
      const from = blockStart(start);
      const chunks = [];
      for (let at = from; at <= end; at += 7) chunks.push(stored.subarray(at, Math.min(at + 7, end + 1)));
      assert.deepEqual(await collect(deciphered(Readable.from(chunks), key, Buffer.alloc(16, 0xff), start)), plain.subarray(start, end + 1), `${start}-${end}`);
    }
  });
});

describe('multipart objects: each part enciphered from its own start with its own IV', () => {
  const key = randomBytes(32);
  const sizes = [37, 0, 1000, 5, 300];
  const ivs = sizes.map(() => randomBytes(16));
  const plainParts = sizes.map((n) => randomBytes(n));
  const plain = Buffer.concat(plainParts);
  const stored = Buffer.concat(plainParts.map((p, i) => {
    const c = objectCipher(key, ivs[i]!);
    return Buffer.concat([c.update(p), c.final()]);
  }));
  const segments = segmentsOf(plain.length, '', ivs.map((iv) => iv.toString('base64')), sizes);
  it('has one segment per non-empty part, in object offsets', () => {
    assert.deepEqual(segments.map((s) => [s.start, s.end]), [[0, 36], [37, 1036], [1037, 1041], [1042, 1341]]);
    assert.equal(segmentReadStart(segments, 40), 37, 'a block starts where its part starts');
    assert.equal(segmentReadStart(segments, 37 + 33), 37 + 32);
  });
  it('deciphers any range, across part boundaries, in chunks of any size', async () => {
    for (const [start, end] of [[0, 1341], [36, 37], [30, 1040], [1037, 1041], [1041, 1042], [500, 1341], [1341, 1341]] as const) {
      const from = segmentReadStart(segments, start);
      const chunks = [];
      for (let at = from; at <= end; at += 11) chunks.push(stored.subarray(at, Math.min(at + 11, end + 1)));
      assert.deepEqual(await collect(decipheredSegments(Readable.from(chunks), key, segments, from, start)), plain.subarray(start, end + 1), `${start}-${end}`);
    }
  });
});
