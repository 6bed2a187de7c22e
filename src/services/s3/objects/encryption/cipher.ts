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

/**
 * A run of stored bytes under one IV: the whole object, or one part of a multipart object (each
 * part is enciphered on its own as it is uploaded, from its own start, with its own IV).
 */
export interface CipherSegment {
  /** Offsets in the object, inclusive. */
  start: number;
  end: number;
  iv: Buffer;
}

/** The IV runs of an object: one, or one per part (`partIvs` beside `partSizes`). */
export function segmentsOf(size: number, iv: string, partIvs: readonly string[] | undefined, partSizes: readonly number[] | undefined): CipherSegment[] {
  if (!partIvs || !partSizes) return [{ start: 0, end: size - 1, iv: Buffer.from(iv, 'base64') }];
  const out: CipherSegment[] = [];
  let at = 0;
  partSizes.forEach((partSize, i) => {
    if (partSize > 0) out.push({ start: at, end: at + partSize - 1, iv: Buffer.from(partIvs[i]!, 'base64') });
    at += partSize;
  });
  return out;
}

/** Where reading the stored bytes must start for a read from `start`: the start of its block within its segment. */
export function segmentReadStart(segments: readonly CipherSegment[], start: number): number {
  const seg = segments.find((s) => start >= s.start && start <= s.end) ?? segments[0]!;
  return seg.start + blockStart(start - seg.start);
}

/**
 * Deciphers stored bytes that begin at `readFrom` (from {@link segmentReadStart}), segment by
 * segment, and drops what precedes `start`.
 */
export function decipherSegments(key: Buffer, segments: readonly CipherSegment[], readFrom: number, start: number): Transform {
  let pos = readFrom;
  let skip = start - readFrom;
  let current: { seg: CipherSegment; decipher: ReturnType<typeof createDecipheriv> } | undefined;
  const decipherAt = (at: number) => {
    const seg = segments.find((s) => at >= s.start && at <= s.end);
    if (!seg) throw new Error(`no cipher segment at ${at}`);
    current = { seg, decipher: createDecipheriv('aes-256-ctr', key, advanced(seg.iv, (at - seg.start) / BLOCK)) };
    return current;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        const out: Buffer[] = [];
        let offset = 0;
        while (offset < chunk.length) {
          const c = current && pos <= current.seg.end ? current : decipherAt(pos);
          const n = Math.min(chunk.length - offset, c.seg.end - pos + 1);
          let plain = c.decipher.update(chunk.subarray(offset, offset + n));
          offset += n;
          pos += n;
          if (skip > 0) {
            const dropped = Math.min(skip, plain.length);
            plain = plain.subarray(dropped);
            skip -= dropped;
          }
          out.push(plain);
        }
        done(null, Buffer.concat(out));
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** `source` (stored bytes from `readFrom`) deciphered by segments (errors of either side end the result). */
export function decipheredSegments(source: Readable, key: Buffer, segments: readonly CipherSegment[], readFrom: number, start: number): Readable {
  const out = decipherSegments(key, segments, readFrom, start);
  source.on('error', (e) => out.destroy(e));
  return source.pipe(out);
}

/** `source` deciphered (errors of either side end the result). */
export function deciphered(source: Readable, key: Buffer, iv: Buffer, start: number): Readable {
  const out = decipherFrom(key, iv, start);
  source.on('error', (e) => out.destroy(e));
  return source.pipe(out);
}
