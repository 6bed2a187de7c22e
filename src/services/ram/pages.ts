import { DEFAULT_RESULTS } from './limits.js';
import { invalidNextToken } from './errors.js';

/**
 * RAM's pagination over a list computed whole: the token says where the next page starts and
 * what list it continues (a token from another request is refused, as RAM refuses it).
 */
export function page<T>(items: readonly T[], listing: string, nextToken: string | undefined, maxResults: number | undefined): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    try {
      const t = JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8')) as { l?: unknown; o?: unknown };
      if (t.l !== listing || typeof t.o !== 'number' || !Number.isInteger(t.o) || t.o < 0) throw new Error('mismatch');
      start = t.o;
    } catch {
      throw invalidNextToken('The specified value for nextToken is not valid.');
    }
  }
  const end = start + (maxResults ?? DEFAULT_RESULTS);
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(JSON.stringify({ l: listing, o: end })).toString('base64url') } : {}),
  };
}
