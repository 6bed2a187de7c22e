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
const CRLF = Buffer.from('\r\n');

function chunkStringToSign(s: ChunkSigning, previous: string, data: Uint8Array): string {
  return ['AWS4-HMAC-SHA256-PAYLOAD', s.amzDate, s.scope, previous, EMPTY_SHA256, sha256Hex(data)].join('\n');
}

function trailerStringToSign(s: ChunkSigning, previous: string, canonicalTrailer: string): string {
  return ['AWS4-HMAC-SHA256-TRAILER', s.amzDate, s.scope, previous, sha256Hex(canonicalTrailer)].join('\n');
}

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body incrementally, verifying each chunk's signature (chained from
 * the seed signature), the decoded length, the final zero-length chunk, and the trailing
 * checksum and its signature. Feed bytes with {@link push}; call {@link end} when the body ends.
 * Nothing is returned for a chunk until its signature has been checked.
 *
 * @example
 * const d = new AwsChunkedDecoder({ decodedLength: 5, trailer: 'x-amz-checksum-crc32' });
 * const parts = d.push(body); d.end(); // throws SigV4Error on any malformation
 */
export class AwsChunkedDecoder {
  #state: State = 'header';
  #buffer: Buffer = Buffer.alloc(0);
  #previous: string;
  #chunkSize = 0;
  #chunkSignature = '';
  #decoded = 0;
  #checksum: IncrementalChecksum | undefined;
  #trailerValues = new Map<string, string>();
  readonly trailers = new Map<string, string>();

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
  push(bytes: Uint8Array): Buffer[] {
    if (this.#state === 'done' && bytes.length > 0) throw new SigV4Error('MalformedChunk');
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.#buffer, bytes]);
    const out: Buffer[] = [];
    for (;;) {
      if (this.#state === 'header') {
        const line = this.#takeLine();
        if (line === undefined) break;
        this.#parseChunkHeader(line);
      } else if (this.#state === 'data') {
        if (this.#buffer.length < this.#chunkSize + 2) break;
        const data = this.#buffer.subarray(0, this.#chunkSize);
        if (!this.#buffer.subarray(this.#chunkSize, this.#chunkSize + 2).equals(CRLF)) throw new SigV4Error('MalformedChunk');
        this.#buffer = this.#buffer.subarray(this.#chunkSize + 2);
        this.#verifyChunk(data);
        this.#checksum?.update(data);
        this.#decoded += data.length;
        out.push(Buffer.from(data));
        this.#state = 'header';
      } else if (this.#state === 'trailer') {
        const line = this.#takeLine();
        if (line === undefined) break;
        if (line === '') this.#finishTrailer();
        else this.#addTrailerLine(line);
      } else {
        if (this.#buffer.length > 0) throw new SigV4Error('MalformedChunk');
        break;
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

  #takeLine(): string | undefined {
    const i = this.#buffer.indexOf(CRLF);
    if (i < 0) {
      if (this.#buffer.length > MAX_LINE) throw new SigV4Error('MalformedChunk');
      return undefined;
    }
    if (i > MAX_LINE) throw new SigV4Error('MalformedChunk');
    const line = this.#buffer.subarray(0, i).toString('latin1');
    this.#buffer = this.#buffer.subarray(i + 2);
    return line;
  }

  #parseChunkHeader(line: string): void {
    const [sizeText, ...extensions] = line.split(';');
    if (!sizeText || !/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw new SigV4Error('MalformedChunk');
    const size = parseInt(sizeText, 16);
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
      this.#state = 'data';
      return;
    }
    this.#verifyChunk(Buffer.alloc(0));
    if (this.#decoded !== this.opts.decodedLength) {
      throw new SigV4Error('DecodedLengthMismatch', { bytesExpected: this.opts.decodedLength, bytesProvided: this.#decoded });
    }
    this.#state = 'trailer';
  }

  #verifyChunk(data: Uint8Array): void {
    const s = this.opts.signing;
    if (!s) return;
    const expected = hmac(s.signingKey, chunkStringToSign(s, this.#previous, data)).toString('hex');
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
