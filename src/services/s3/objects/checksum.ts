import { createHash } from 'node:crypto';
import { newChecksum, type ChecksumAlgorithm, type IncrementalChecksum } from '../../../auth/sigv4/checksums.js';
import type { ChecksumName, StoredChecksum } from '../../../storage/s3-objects.js';
import { s3Errors } from './errors.js';

/** The checksum members of S3's inputs and outputs that sagelite computes. */
export interface ChecksumMembers {
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

/** Modelled algorithms sagelite does not compute; a request naming one is refused rather than left unverified. */
const UNSUPPORTED = ['ChecksumSHA512', 'ChecksumMD5', 'ChecksumXXHASH64', 'ChecksumXXHASH3', 'ChecksumXXHASH128'] as const;

export const CHECKSUM_NAMES: readonly ChecksumName[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const DIGEST_BYTES: Record<ChecksumName, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export function isChecksumName(value: string): value is ChecksumName {
  return (CHECKSUM_NAMES as readonly string[]).includes(value);
}

export function memberOf(name: ChecksumName): keyof ChecksumMembers {
  return `Checksum${name}` as keyof ChecksumMembers;
}

export function headerOf(name: ChecksumName): string {
  return `x-amz-checksum-${name.toLowerCase()}`;
}

export function newObjectChecksum(name: ChecksumName): IncrementalChecksum {
  return newChecksum(name.toLowerCase() as ChecksumAlgorithm);
}

/** Whether a base64 value has the digest length of the algorithm. */
function wellFormed(name: ChecksumName, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  return Buffer.from(value, 'base64').length === DIGEST_BYTES[name];
}

/** What a write asks to be checked: the algorithm, and the value when it came as a header (a trailer's comes later). */
export interface RequestedChecksum {
  algorithm: ChecksumName;
  expected?: string;
}

/**
 * The flexible checksum a PutObject/UploadPart names: one `x-amz-checksum-*` header, or the
 * algorithm of `x-amz-sdk-checksum-algorithm` whose value arrives in a trailer. Two checksum
 * headers, a malformed value, or an algorithm without a value are InvalidRequest, as in S3.
 */
export function requestedChecksum(input: ChecksumMembers & { ChecksumAlgorithm?: string } & Record<string, unknown>, trailerDeclared: boolean): RequestedChecksum | undefined {
  for (const member of UNSUPPORTED) {
    if (input[member] !== undefined) throw s3Errors.invalidRequest(`The ${member.slice('Checksum'.length)} checksum algorithm is not supported by sagelite.`);
  }
  const given = CHECKSUM_NAMES.filter((n) => input[memberOf(n)] !== undefined);
  if (given.length > 1) throw s3Errors.invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const sdk = input.ChecksumAlgorithm?.toUpperCase();
  if (given.length === 1) {
    const algorithm = given[0]!;
    const expected = input[memberOf(algorithm)]!;
    if (!wellFormed(algorithm, expected)) throw s3Errors.invalidChecksumHeader(headerOf(algorithm));
    if (sdk !== undefined && sdk !== algorithm) {
      throw s3Errors.invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
    }
    return { algorithm, expected };
  }
  if (sdk === undefined) return undefined;
  if (!isChecksumName(sdk)) throw s3Errors.invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
  if (!trailerDeclared) {
    throw s3Errors.invalidRequest('x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.');
  }
  return { algorithm: sdk };
}

/** The checksum a trailer carried (already verified against the bytes by the body decoder). */
export function trailerChecksum(trailers: ReadonlyMap<string, string>): { algorithm: ChecksumName; value: string } | undefined {
  for (const [name, value] of trailers) {
    const algorithm = name.replace(/^x-amz-checksum-/, '').toUpperCase();
    if (name.startsWith('x-amz-checksum-') && isChecksumName(algorithm)) return { algorithm, value };
  }
  return undefined;
}

/** The output members that show a stored checksum (GetObject with ChecksumMode, PutObject, …). */
export function checksumOutput(c: StoredChecksum | undefined, withType = true): ChecksumMembers & { ChecksumType?: string } {
  if (!c) return {};
  return { [memberOf(c.algorithm)]: c.value, ...(withType ? { ChecksumType: c.type } : {}) };
}

/**
 * The checksum of a multipart object built from its parts' checksums (COMPOSITE): the
 * algorithm over the concatenated binary part checksums, base64, then `-N`.
 */
export function compositeChecksum(algorithm: ChecksumName, partValues: readonly string[]): string {
  const hash = newObjectChecksum(algorithm);
  for (const v of partValues) hash.update(Buffer.from(v, 'base64'));
  return `${hash.digest()}-${partValues.length}`;
}

/** A multipart ETag: md5 over the concatenated binary part md5s, hex, then `-N`. */
export function multipartEtag(partEtags: readonly string[]): string {
  const md5 = createHash('md5');
  for (const e of partEtags) md5.update(Buffer.from(e, 'hex'));
  return `${md5.digest('hex')}-${partEtags.length}`;
}

/** The 16 bytes a Content-MD5 header names; InvalidDigest when it is not base64 of 16 bytes. */
export function contentMd5Hex(header: string): string {
  const bytes = Buffer.from(header, 'base64');
  if (!/^[A-Za-z0-9+/]{22}==$/.test(header.trim()) || bytes.length !== 16) throw s3Errors.invalidDigest(header);
  return bytes.toString('hex');
}
