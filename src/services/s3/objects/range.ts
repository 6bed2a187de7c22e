import { s3Errors } from './errors.js';

/** An inclusive byte range within an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The byte range a `Range` header asks of an object of `size` bytes, as S3 reads it: one
 * `bytes=` range (first-last, first-, or -suffix); the end is clamped to the object. A header
 * S3 cannot use (another unit, several ranges, bad syntax) is ignored: the whole object is sent.
 * A range that starts past the end (or a zero suffix, or any range of an empty object) is
 * unsatisfiable: InvalidRange (416).
 *
 * @example
 * parseRange('bytes=0-9', 100)  // { start: 0, end: 9 }
 * parseRange('bytes=-10', 100)  // { start: 90, end: 99 }
 * parseRange('bytes=5-', 3)     // throws InvalidRange
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined; // syntactically invalid (RFC 9110): ignored
  if (start >= size) throw s3Errors.invalidRange(header, size);
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** The Content-Range header of a partial answer. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}
