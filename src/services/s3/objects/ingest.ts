import type { Cipher } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { BodyStream } from '../../../protocols/http.js';
import type { BlobStore, ChecksumName, StoredChecksum } from '../../../storage/s3-objects.js';
import { contentMd5Hex, newObjectChecksum, requestedChecksum, trailerChecksum, type ChecksumMembers } from './checksum.js';
import { s3Errors } from './errors.js';

/** What a write's body became: a durable blob not yet named by any metadata. */
export interface IngestedBody {
  blobId: string;
  size: number;
  md5Hex: string;
  checksum?: { algorithm: StoredChecksum['algorithm']; value: string };
}

/** The payload member as the codec hands it over: bytes held whole, a stream, or nothing. */
export type BodyInput = Buffer | BodyStream | undefined;

export interface IngestRequest extends ChecksumMembers {
  Body?: BodyInput;
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
  ContentLength?: number;
}

/** The largest object one PutObject may write, and the largest part (5 GiB). */
export const MAX_SINGLE_UPLOAD_BYTES = 5 * 1024 ** 3;

function isStream(body: BodyInput): body is BodyStream {
  return body !== undefined && !Buffer.isBuffer(body);
}

/**
 * Writes a request body to a new blob while computing its MD5 and requested checksum, then
 * checks Content-MD5 and the checksum header or trailer. Only when the whole body has been
 * read without error (the stream verifies signatures and x-amz-content-sha256 as it goes) and
 * every digest matches is the blob committed (fsync + rename); on any failure the bytes are
 * thrown away and nothing is left behind.
 */
export async function ingestBody(blobs: BlobStore, input: IngestRequest, opts: { algorithm?: ChecksumName; cipher?: Cipher } = {}): Promise<IngestedBody> {
  const body = input.Body;
  const expectedMd5 = input.ContentMD5 !== undefined ? contentMd5Hex(input.ContentMD5) : undefined;
  const named = requestedChecksum(input as IngestRequest & Record<string, unknown>, isStream(body));
  if (named && opts.algorithm && named.algorithm !== opts.algorithm) throw checksumTypeMismatch(opts.algorithm, named.algorithm);
  // An upload created with a checksum algorithm gets it computed for every part, named or not.
  const requested = named ?? (opts.algorithm ? { algorithm: opts.algorithm, computeOnly: true } : undefined);
  const md5 = createHash('md5');
  const hash = requested ? newObjectChecksum(requested.algorithm) : undefined;
  const writer = await blobs.create();
  try {
    const take = async (chunk: Buffer) => {
      md5.update(chunk);
      hash?.update(chunk);
      // Digests are of the object's bytes; an encrypted object's file holds them enciphered (CTR: as many).
      await writer.write(opts.cipher ? opts.cipher.update(chunk) : chunk);
      // Checked on the bytes, not on Content-Length, which counts aws-chunked framing too.
      if (writer.size > MAX_SINGLE_UPLOAD_BYTES) throw s3Errors.entityTooLarge(writer.size, MAX_SINGLE_UPLOAD_BYTES);
    };
    if (isStream(body)) for await (const chunk of body) await take(chunk);
    else if (body && body.length > 0) await take(body);
    const md5Hex = md5.digest('hex');
    if (expectedMd5 !== undefined && expectedMd5 !== md5Hex) {
      throw s3Errors.badDigest(input.ContentMD5!, Buffer.from(md5Hex, 'hex').toString('base64'));
    }
    const checksum = settleChecksum(requested, hash?.digest(), isStream(body) ? body.trailers : new Map());
    const blobId = await writer.commit();
    return { blobId, size: writer.size, md5Hex, ...(checksum ? { checksum } : {}) };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

/** The checksum to store: the computed one, checked against the header or trailer value. */
function settleChecksum(
  requested: { algorithm: ChecksumName; expected?: string; computeOnly?: boolean } | undefined,
  computed: string | undefined,
  trailers: ReadonlyMap<string, string>,
): IngestedBody['checksum'] {
  const trailer = trailerChecksum(trailers);
  if (!requested) return trailer; // verified by the chunked decoder as the body was read
  if (requested.computeOnly) {
    if (trailer && trailer.algorithm !== requested.algorithm) throw checksumTypeMismatch(requested.algorithm, trailer.algorithm);
    if (trailer && trailer.value !== computed) throw s3Errors.checksumMismatch(requested.algorithm);
    return { algorithm: requested.algorithm, value: computed! };
  }
  const expected = requested.expected ?? (trailer?.algorithm === requested.algorithm ? trailer.value : undefined);
  if (expected === undefined) {
    throw s3Errors.invalidRequest('x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.');
  }
  if (expected !== computed) throw s3Errors.checksumMismatch(requested.algorithm);
  return { algorithm: requested.algorithm, value: computed };
}

/** A part whose checksum algorithm is not its upload's. */
export function checksumTypeMismatch(expected: ChecksumName, actual: ChecksumName) {
  return s3Errors.invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${actual.toLowerCase()}`);
}
