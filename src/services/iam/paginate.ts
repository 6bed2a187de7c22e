import { AwsError } from '../../core/errors.js';

/** The paging members every IAM List* request has. */
export interface PageRequest {
  Marker?: string;
  MaxItems?: number;
}

/** A page of results: the items, and where the next page starts when there is one. */
export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** IAM's default page size when MaxItems is absent (the model bounds it to 1–1000). */
export const DEFAULT_MAX_ITEMS = 100;

const PREFIX = 'sagelite-page:';

function encodeMarker(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64');
}

function decodeMarker(marker: string): number {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new AwsError('ValidationError', 400, 'Invalid Marker.');
  return offset;
}

/**
 * Cuts one page out of a full, ordered result. The Marker is opaque to clients (a base64 token
 * holding the position of the next item); a marker this server did not issue is refused.
 *
 * @example
 * const { items, IsTruncated, Marker } = paginate(users, { MaxItems: 2 });
 */
export function paginate<T>(all: readonly T[], request: PageRequest): Page<T> {
  const start = request.Marker === undefined ? 0 : decodeMarker(request.Marker);
  const size = request.MaxItems ?? DEFAULT_MAX_ITEMS;
  const items = all.slice(start, start + size);
  const next = start + items.length;
  return next < all.length ? { items, IsTruncated: true, Marker: encodeMarker(next) } : { items, IsTruncated: false };
}

/**
 * The window of a page over `total` items that are not materialised (the simulator computes
 * only the results of the page asked for): [start, end) and the paging fields.
 *
 * @example pageWindow(250, { MaxItems: 100 }) // { start: 0, end: 100, IsTruncated: true, Marker: '…' }
 */
export function pageWindow(total: number, request: PageRequest): { start: number; end: number; IsTruncated: boolean; Marker?: string } {
  const start = request.Marker === undefined ? 0 : decodeMarker(request.Marker);
  const size = request.MaxItems ?? DEFAULT_MAX_ITEMS;
  const end = Math.min(total, start + size);
  return end < total ? { start, end, IsTruncated: true, Marker: encodeMarker(end) } : { start, end: Math.max(start, end), IsTruncated: false };
}

/** The paging members of a List* response, for spreading into it. */
export function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.Marker === undefined ? { IsTruncated: page.IsTruncated } : { IsTruncated: page.IsTruncated, Marker: page.Marker };
}
