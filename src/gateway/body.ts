import { createHash } from 'node:crypto';
import { AwsChunkedDecoder, type ChunkedOptions } from '../auth/sigv4/chunked.js';
import { SigV4Error } from '../auth/sigv4/errors.js';
import { AwsError } from '../core/errors.js';
import type { BodyStream } from '../protocols/http.js';

/** A body stream whose bytes must hash to the signed x-amz-content-sha256; the mismatch surfaces at its end. */
export function sha256Verified(source: BodyStream, expected: string): BodyStream {
  return {
    trailers: source.trailers,
    async *[Symbol.asyncIterator]() {
      const hash = createHash('sha256');
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
      const actual = hash.digest('hex');
      if (actual !== expected) throw new SigV4Error('ContentSha256Mismatch', { clientSha256: expected, computedSha256: actual });
    },
  };
}

/** An aws-chunked body decoded as it arrives: chunk signatures, decoded length and trailing checksum checked on the way. */
export function awsChunkedDecoded(source: BodyStream, opts: ChunkedOptions): BodyStream {
  const decoder = new AwsChunkedDecoder(opts);
  return {
    trailers: decoder.trailers,
    async *[Symbol.asyncIterator]() {
      for await (const chunk of source) yield* decoder.push(chunk);
      decoder.end();
    },
  };
}

/**
 * Reads a stream whole, for operations that take their payload in memory. Stops at the first
 * byte past `limit` (the rest is never read) with `tooLarge()`.
 */
export async function readWhole(source: BodyStream, limit: number, tooLarge: () => Error = () => defaultTooLarge(limit)): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    parts.push(chunk);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

function defaultTooLarge(limit: number): AwsError {
  return new AwsError('RequestEntityTooLarge', 413, `The request body is larger than ${limit} bytes.`);
}
