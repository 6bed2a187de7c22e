import { createHash, type Hash } from 'node:crypto';
import { EMPTY_SHA256, sha256Hex } from './canonical.js';
import { isChecksumAlgorithm, newChecksum, type IncrementalChecksum } from './checksums.js';
import { SigV4Error } from './errors.js';
import { hmac, signaturesEqual } from './signing-key.js';

/** What chunk signatures chain from: the request's own signature and signing material. */
export interface ChunkSigning {
  signingKey: Buffer;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

export interface ChunkedOptions {
  /** Present for STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]; absent for STREAMING-UNSIGNED-PAYLOAD-TRAILER. */
  signing?: ChunkSigning;
  /** x-amz-decoded-content-length: the body's true length, which the decoder enforces. */
  decodedLength: number;
  /** The trailer header the client announced in x-amz-trailer, if any. */
  trailer?: string;
}

const MAX_LINE = 4096;
const CR = 0x0d;
const LF = 0x0a;
const CRLF = [CR, LF] as const;

/**
 * The largest chunk the decoder accepts. S3 documents no upper bound for one chunk (only that
 * all but the last are at least 8 KiB); SDKs send 64 KiB (aws-sdk-js-v3, botocore) and MinIO
 * refuses chunks above 16 MiB (`maxChunkSize`, cmd/streaming-signature-v4.go). A chunk is held
 * until its signature is checked, so this bounds what one upload makes the server hold.
 */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

function chunkStringToSign(s: ChunkSigning, previous: string, dataSha256: string): string {
  return ['AWS4-HMAC-SHA256-PAYLOAD', s.amzDate, s.scope, previous, EMPTY_SHA256, dataSha256].join('\n');
}

function trailerStringToSign(s: ChunkSigning, previous: string, canonicalTrailer: string): string {
  return ['AWS4-HMAC-SHA256-TRAILER', s.amzDate, s.scope, previous, sha256Hex(canonicalTrailer)].join('\n');
}

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done';

/** Work done so far, counted so that tests can show it is linear in the body's size. */
export interface DecoderWork {
  /** Bytes fed to the chunk hash (each data byte exactly once). */
  hashed: number;
  /** Bytes copied into the decoder's own line buffer (chunk headers and trailer lines only). */
  copied: number;
}

/**
 * Decodes an `aws-chunked` body incrementally, verifying each chunk's signature (chained from
 * the seed signature), the decoded length, the final zero-length chunk, and the trailing
 * checksum and its signature. Feed bytes with {@link push}; call {@link end} when the body ends.
 * Nothing is returned for a chunk until its signature has been checked.
 *
 * The work per byte is constant: data bytes are hashed once as they arrive and held as the
 * slices they came in (never re-joined), and only header and trailer lines (at most 4 KiB each)
 * are copied. A chunk header announcing more than {@link MAX_CHUNK_BYTES} is refused at once.
 *
 * @example
 * const d = new AwsChunkedDecoder({ decodedLength: 5, trailer: 'x-amz-checksum-crc32' });
 * const parts = d.push(body); d.end(); // throws SigV4Error on any malformation
 */
export class AwsChunkedDecoder {
  #state: State = 'header';
  /** A header or trailer line not yet ended by CRLF. */
  #line: Buffer = Buffer.alloc(0);
  #previous: string;
  #chunkSize = 0;
  /** Data bytes of the current chunk still to come. */
  #remaining = 0;
  /** CRLF bytes after the current chunk's data already seen (0, 1). */
  #crlfSeen = 0;
  #chunkHash: Hash | undefined;
  /** The current chunk's data, as the slices it arrived in, until its signature is checked. */
  #held: Buffer[] = [];
  #chunkSignature = '';
  #decoded = 0;
  #checksum: IncrementalChecksum | undefined;
  #trailerValues = new Map<string, string>();
  readonly trailers = new Map<string, string>();
  readonly work: DecoderWork = { hashed: 0, copied: 0 };

  constructor(private readonly opts: ChunkedOptions) {
    this.#previous = opts.signing?.seedSignature ?? '';
    if (opts.trailer !== undefined) {
      const algorithm = opts.trailer.toLowerCase().replace(/^x-amz-checksum-/, '');
      if (!opts.trailer.toLowerCase().startsWith('x-amz-checksum-') || !isChecksumAlgorithm(algorithm)) {
        throw new SigV4Error('MalformedTrailer', { checksumAlgorithm: opts.trailer });
      }
      this.#checksum = newChecksum(algorithm);
    }
  }

  /** The decoded data made available by these bytes. */
  push(input: Uint8Array): Buffer[] {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const out: Buffer[] = [];
    let at = 0;
    while (at < bytes.length) {
      switch (this.#state) {
        case 'header': {
          const line = this.#takeLine(bytes, at);
          at = line.next;
          if (line.text !== undefined) this.#parseChunkHeader(line.text);
          break;
        }
        case 'data': {
          const take = Math.min(this.#remaining, bytes.length - at);
          const slice = bytes.subarray(at, at + take);
          at += take;
          this.#remaining -= take;
          this.#chunkHash?.update(slice);
          this.work.hashed += take;
          this.#held.push(slice);
          if (this.#remaining === 0) this.#state = 'data-crlf';
          break;
        }
        case 'data-crlf': {
          if (bytes[at] !== CRLF[this.#crlfSeen]) throw new SigV4Error('MalformedChunk');
          at++;
          if (++this.#crlfSeen === 2) this.#finishChunk(out);
          break;
        }
        case 'trailer': {
          const line = this.#takeLine(bytes, at);
          at = line.next;
          if (line.text === '') this.#finishTrailer();
          else if (line.text !== undefined) this.#addTrailerLine(line.text);
          break;
        }
        case 'done':
          throw new SigV4Error('MalformedChunk');
      }
    }
    return out;
  }

  /** Checks that the body ended where it should: after the final chunk and any trailer. */
  end(): void {
    if (this.#state !== 'done') {
      throw new SigV4Error('DecodedLengthMismatch', { bytesExpected: this.opts.decodedLength, bytesProvided: this.#decoded });
    }
  }

  /**
   * Reads up to the next CRLF from `bytes` at `from`. Returns the line once it is whole (the
   * part held from earlier pushes joined to it); `next` is where reading goes on.
   */
  #takeLine(bytes: Buffer, from: number): { text?: string; next: number } {
    const i = bytes.indexOf(LF, from);
    const end = i < 0 ? bytes.length : i + 1;
    const part = bytes.subarray(from, end);
    if (this.#line.length + part.length > MAX_LINE + 2) throw new SigV4Error('MalformedChunk');
    this.work.copied += part.length;
    this.#line = this.#line.length === 0 ? Buffer.from(part) : Buffer.concat([this.#line, part]);
    if (i < 0) return { next: end };
    const line = this.#line;
    this.#line = Buffer.alloc(0);
    if (line.length < 2 || line[line.length - 2] !== CR) throw new SigV4Error('MalformedChunk');
    return { text: line.toString('latin1', 0, line.length - 2), next: end };
  }

  #finishChunk(out: Buffer[]): void {
    this.#verifyChunk(this.#chunkHash ? this.#chunkHash.digest('hex') : '');
    for (const part of this.#held) {
      this.#checksum?.update(part);
      out.push(part);
    }
    this.#decoded += this.#chunkSize;
    this.#held = [];
    this.#chunkHash = undefined;
    this.#state = 'header';
  }

  #parseChunkHeader(line: string): void {
    const [sizeText, ...extensions] = line.split(';');
    if (!sizeText || !/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw new SigV4Error('MalformedChunk');
    const size = parseInt(sizeText, 16);
    // Refused on its header: nothing of an oversize chunk is read or hashed.
    if (size > MAX_CHUNK_BYTES) throw new SigV4Error('ChunkTooLarge', { bytesProvided: size, bytesExpected: MAX_CHUNK_BYTES });
    this.#chunkSignature = '';
    for (const ext of extensions) {
      const m = /^chunk-signature=([0-9a-f]{64})$/.exec(ext.trim());
      if (!m) throw new SigV4Error('MalformedChunk');
      this.#chunkSignature = m[1]!;
    }
    if (this.opts.signing && this.#chunkSignature === '') throw new SigV4Error('MalformedChunk');
    if (this.#decoded + size > this.opts.decodedLength) {
      throw new SigV4Error('DecodedLengthMismatch', { bytesExpected: this.opts.decodedLength, bytesProvided: this.#decoded + size });
    }
    this.#chunkSize = size;
    if (size > 0) {
      this.#remaining = size;
      this.#crlfSeen = 0;
      this.#chunkHash = this.opts.signing ? createHash('sha256') : undefined;
      this.#state = 'data';
      return;
    }
    this.#verifyChunk(EMPTY_SHA256);
    if (this.#decoded !== this.opts.decodedLength) {
      throw new SigV4Error('DecodedLengthMismatch', { bytesExpected: this.opts.decodedLength, bytesProvided: this.#decoded });
    }
    this.#state = 'trailer';
  }

  #verifyChunk(dataSha256: string): void {
    const s = this.opts.signing;
    if (!s) return;
    const expected = hmac(s.signingKey, chunkStringToSign(s, this.#previous, dataSha256)).toString('hex');
    if (!signaturesEqual(expected, this.#chunkSignature)) {
      throw new SigV4Error('ChunkSignatureMismatch', { signatureProvided: this.#chunkSignature });
    }
    this.#previous = expected;
  }

  #addTrailerLine(line: string): void {
    const colon = line.indexOf(':');
    if (colon <= 0 || this.#trailerValues.size > 8) throw new SigV4Error('MalformedTrailer');
    this.#trailerValues.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }

  #finishTrailer(): void {
    const values = this.#trailerValues;
    const trailerName = this.opts.trailer?.toLowerCase();
    const trailerSignature = values.get('x-amz-trailer-signature');
    values.delete('x-amz-trailer-signature');
    if (trailerName === undefined) {
      if (values.size > 0 || trailerSignature !== undefined) throw new SigV4Error('MalformedTrailer');
      this.#state = 'done';
      return;
    }
    const value = values.get(trailerName);
    if (value === undefined || values.size !== 1) throw new SigV4Error('MalformedTrailer', { checksumAlgorithm: trailerName });
    const s = this.opts.signing;
    if (s) {
      if (trailerSignature === undefined) throw new SigV4Error('MalformedTrailer', { checksumAlgorithm: trailerName });
      const expected = hmac(s.signingKey, trailerStringToSign(s, this.#previous, `${trailerName}:${value}\n`)).toString('hex');
      if (!signaturesEqual(expected, trailerSignature)) throw new SigV4Error('ChunkSignatureMismatch', { signatureProvided: trailerSignature });
    }
    const computed = this.#checksum!.digest();
    if (computed !== value) {
      throw new SigV4Error('TrailerChecksumMismatch', { checksumAlgorithm: trailerName, clientSha256: value, computedSha256: computed });
    }
    this.trailers.set(trailerName, value);
    this.#state = 'done';
  }
}

/** Decodes a whole aws-chunked body held in memory. */
export function decodeAwsChunked(body: Uint8Array, opts: ChunkedOptions): { data: Buffer; trailers: Map<string, string> } {
  const decoder = new AwsChunkedDecoder(opts);
  const parts = decoder.push(body);
  decoder.end();
  return { data: Buffer.concat(parts), trailers: decoder.trailers };
}
