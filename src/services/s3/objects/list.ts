import type { StoredObject } from '../../../storage/s3-objects.js';
import { s3Errors } from './errors.js';

/** Reads objects in key order after a position (exclusive), those whose keys start with the prefix. */
export type ObjectScan = (after: string | undefined, limit: number) => Promise<StoredObject[]>;

export interface ListRequest {
  prefix: string;
  delimiter?: string;
  /** Marker, StartAfter or the continuation token's position: list what sorts after it. */
  after?: string;
  maxKeys: number;
}

export interface ListPage {
  contents: StoredObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: the next page's marker. */
  last?: string;
}

/** Sorts after every key that starts with `p` (U+10FFFF is the largest code point; UTF-8 F4 8F BF BF). */
const pastPrefix = (p: string) => p + '\u{10FFFF}';
const SCAN_BATCH = 1000;

/** The common prefix a key rolls up into under the delimiter, or undefined. */
export function commonPrefixOf(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const i = key.indexOf(delimiter, prefix.length);
  return i < 0 ? undefined : key.slice(0, i + delimiter.length);
}

/**
 * One page of ListObjects/ListObjectsV2: keys after the position, those under a delimiter
 * rolled up into common prefixes; keys and prefixes together count against max-keys, and
 * IsTruncated is true only when something is left. A position that is itself a common prefix
 * (the NextMarker of an earlier page) skips every key under it, so pages never repeat.
 */
export async function listPage(scan: ObjectScan, req: ListRequest): Promise<ListPage> {
  const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false };
  let cursor = req.after;
  let lastPrefix: string | undefined;
  if (cursor !== undefined && commonPrefixOf(cursor, req.prefix, req.delimiter) === cursor) {
    lastPrefix = cursor;
    cursor = pastPrefix(cursor);
  }
  let count = 0;
  for (;;) {
    const batch = await scan(cursor, SCAN_BATCH);
    if (batch.length === 0) return page;
    let rescan = false;
    for (const object of batch) {
      cursor = object.key;
      const cp = commonPrefixOf(object.key, req.prefix, req.delimiter);
      if (cp !== undefined && cp === lastPrefix) continue;
      if (count >= req.maxKeys) {
        page.isTruncated = req.maxKeys > 0;
        return page;
      }
      count++;
      if (cp !== undefined) {
        page.commonPrefixes.push(cp);
        page.last = lastPrefix = cp;
        cursor = pastPrefix(cp);
        rescan = true; // jump over the rest of this prefix rather than reading it
        break;
      }
      page.contents.push(object);
      page.last = object.key;
    }
    if (!rescan && batch.length < SCAN_BATCH) return page;
  }
}

/** S3's `encoding-type=url`: keys and prefixes percent-encoded, spaces as `+`, slashes kept. */
export function urlEncodeKey(text: string): string {
  return encodeURIComponent(text).replace(/%2F/g, '/').replace(/%20/g, '+');
}

/** The max-keys to use: 1000 by default and at most; a negative value is InvalidArgument. */
export function effectiveMaxKeys(value: number | undefined, argument = 'max-keys'): number {
  if (value === undefined) return 1000;
  if (!Number.isInteger(value) || value < 0) throw s3Errors.invalidArgument(`Provided ${argument} not an integer or within integer range`, argument, String(value));
  return Math.min(value, 1000);
}

const TOKEN_TAG = 'sl1:';

/** ListObjectsV2's continuation token: an opaque form of the position to resume after. */
export function encodeContinuationToken(position: string): string {
  return Buffer.from(TOKEN_TAG + position, 'utf8').toString('base64');
}

export function decodeContinuationToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_TAG)) throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return text.slice(TOKEN_TAG.length);
}
