import { hash } from 'node:crypto';
import { percentDecode, parseQueryPairs, uriEncode } from './encoding.js';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Header values by lower-case name, in arrival order (duplicates kept). */
export type HeaderMap = ReadonlyMap<string, readonly string[]>;

/** A header's values joined with commas, as SigV4 and AWS read a repeated header; undefined when absent. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const values = headers.get(name);
  return values && values.length > 0 ? values.join(',') : undefined;
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot hashing: no Hash object per call (a string is hashed as UTF-8, as update() does).
  return hash('sha256', data, 'hex');
}

/**
 * The bytes a client hashed for a canonical request. node:http hands header values (and the
 * request line) over as Latin-1, one character per byte, so a header sent as UTF-8 (user
 * metadata `é`, say) arrives as two characters: hashing those as UTF-8 would hash other bytes
 * than the client did. Text with a character beyond Latin-1 cannot have come off the wire that
 * way (it was built in code, e.g. a test vector): it is hashed as UTF-8.
 */
export function canonicalBytes(canonicalRequest: string): Buffer {
  return Buffer.from(canonicalRequest, /[^\u0000-\u00ff]/.test(canonicalRequest) ? 'utf8' : 'latin1');
}

/** A path that has nothing to normalize: no empty, `.` or `..` segment. */
const NORMAL_PATH = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/** Removes `.` and `..` segments and empty segments, keeping a trailing slash (RFC 3986 §5.2.4, as SigV4 does). */
export function normalizePath(path: string): string {
  if (NORMAL_PATH.test(path)) return path;
  const segments = path.split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  const trailing = path.length > 1 && (path.endsWith('/') || path.endsWith('/.') || path.endsWith('/..')) && out.length > 0;
  return '/' + out.join('/') + (trailing ? '/' : '');
}

/**
 * The canonical URI. Every service but S3 normalizes the path and encodes it again as it came on
 * the wire ("double" encoding); S3 neither normalizes nor double-encodes, so `a//b/./c` stays
 * and `%20` stays `%20`.
 */
export function canonicalUri(rawPath: string, s3: boolean, normalize = !s3): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (s3) return uriEncode(percentDecode(path), true);
  return uriEncode(normalize ? normalizePath(path) : path, true);
}

/** Canonical query: names and values decoded then encoded alike, sorted by name then value. */
export function canonicalQuery(rawQuery: string, omit: readonly string[] = []): string {
  return parseQueryPairs(rawQuery)
    .filter(([name]) => !omit.includes(name))
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((v) => v.replace(/\s+/g, ' ').trim()).join(',');
}

export function canonicalHeaders(headers: HeaderMap, signedHeaders: readonly string[]): string {
  return signedHeaders.map((name) => `${name}:${canonicalHeaderValue(headers.get(name) ?? [])}\n`).join('');
}

export interface CanonicalRequestParts {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: HeaderMap;
  signedHeaders: readonly string[];
  payloadHash: string;
  s3: boolean;
  /** Remove dot segments and empty segments (every service but S3; the suite tests both). */
  normalize?: boolean;
  /** For presigned URLs: X-Amz-Signature (and, where a signer added it afterwards, the token) was not signed. */
  omitQueryParameters?: readonly string[];
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  return [
    p.method,
    canonicalUri(p.rawPath, p.s3, p.normalize ?? !p.s3),
    canonicalQuery(p.rawQuery, p.omitQueryParameters),
    canonicalHeaders(p.headers, p.signedHeaders),
    p.signedHeaders.join(';'),
    p.payloadHash,
  ].join('\n');
}
