import { AwsError } from '../../core/errors.js';

/**
 * KMS's Marker/Limit paging (Limit 1–1000, default 100; the model bounds it). A marker is the
 * offset of the next item, bound to the listing it came from: a foreign or forged one is
 * InvalidMarkerException.
 */
export function page<T>(items: readonly T[], listing: string, marker: string | undefined, limit: number | undefined): { items: T[]; nextMarker?: string } {
  let start = 0;
  if (marker !== undefined) {
    const parsed = /^(\d{1,9}):(.*)$/s.exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!parsed || parsed[2] !== listing) throw new AwsError('InvalidMarkerException', 400, 'The marker is not valid for this request.');
    start = Number(parsed[1]);
  }
  const end = start + (limit ?? 100);
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextMarker: Buffer.from(`${end}:${listing}`).toString('base64url') } : {}),
  };
}

/** KMS's listing answer: the page, Truncated, and NextMarker when there is more. */
export function listed<K extends string, T>(member: K, p: { items: T[]; nextMarker?: string }): Record<K, T[]> & { Truncated: boolean; NextMarker?: string } {
  return { [member]: p.items, Truncated: p.nextMarker !== undefined, ...(p.nextMarker ? { NextMarker: p.nextMarker } : {}) } as Record<K, T[]> & { Truncated: boolean; NextMarker?: string };
}

/**
 * A marker for a listing read from the store page by page (grants): where the page ended — the
 * last grant's creation time and id — bound to the listing it came from.
 */
export function cursorMarker(cursor: { createdAt: number; grantId: string }, listing: string): string {
  return Buffer.from(`${cursor.createdAt}:${cursor.grantId}:${listing}`).toString('base64url');
}

/** The cursor a marker names; a foreign or forged one is InvalidMarkerException. */
export function readCursorMarker(marker: string | undefined, listing: string): { createdAt: number; grantId: string } | undefined {
  if (marker === undefined) return undefined;
  const parsed = /^(\d{1,15}):([0-9a-f]{64}):(.*)$/s.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!parsed || parsed[3] !== listing) throw new AwsError('InvalidMarkerException', 400, 'The marker is not valid for this request.');
  return { createdAt: Number(parsed[1]), grantId: parsed[2]! };
}
