import { createCipheriv, createDecipheriv, type Cipher } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

/**
 * Objects at rest under AES-256-CTR: a stream cipher, so the stored bytes are as long as the
 * object and a Range read deciphers from any offset (the counter of the block it falls in) without
 * reading what comes before. Each object has its own key (a KMS data key) or its own IV (an
 * SSE-C key the customer may reuse), so no key and counter ever meet twice.
 */
const BLOCK = 16;

/** The cipher that encrypts an object's bytes from the start. */
export function objectCipher(key: Buffer, iv: Buffer): Cipher {
  return createCipheriv('aes-256-ctr', key, iv);
}

/** The IV advanced by `blocks` (a 128-bit big-endian counter, as CTR counts). */
function advanced(iv: Buffer, blocks: number): Buffer {
  const out = Buffer.from(iv);
  let carry = BigInt(blocks);
  for (let i = BLOCK - 1; i >= 0 && carry > 0n; i--) {
    const sum = BigInt(out[i]!) + (carry & 0xffn);
    out[i] = Number(sum & 0xffn);
    carry = (carry >> 8n) + (sum >> 8n);
  }
  return out;
}

/** Where a Range read must start reading the stored bytes: the start of the block `start` is in. */
export function blockStart(start: number): number {
  return start - (start % BLOCK);
}

/**
 * Deciphers stored bytes read from `blockStart(start)` on, and drops what precedes `start`.
 *
 * @example
 * reader.stream({ start: blockStart(100), end: 199 }).pipe(decipherFrom(key, iv, 100)); // bytes 100–199
 */
export function decipherFrom(key: Buffer, iv: Buffer, start: number): Transform {
  const from = blockStart(start);
  const decipher = createDecipheriv('aes-256-ctr', key, advanced(iv, from / BLOCK));
  let skip = start - from;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let plain = decipher.update(chunk);
      if (skip > 0) {
        const dropped = Math.min(skip, plain.length);
        plain = plain.subarray(dropped);
        skip -= dropped;
      }
      done(null, plain);
    },
    flush(done) {
      done(null, decipher.final());
    },
  });
}

/** `source` deciphered (errors of either side end the result). */
export function deciphered(source: Readable, key: Buffer, iv: Buffer, start: number): Readable {
  const out = decipherFrom(key, iv, start);
  source.on('error', (e) => out.destroy(e));
  return source.pipe(out);
}
