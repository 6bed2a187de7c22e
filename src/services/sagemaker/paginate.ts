import { validation } from './errors.js';

/**
 * Cuts one page out of a full, ordered result. NextToken is opaque to clients: a base64 token
 * naming the operation it belongs to and the position of the next item. A token this server did
 * not issue for the operation is a ValidationException.
 *
 * @example
 * const { items, NextToken } = paginate('ListFeatureGroups', groups, input.NextToken, input.MaxResults ?? 10);
 */
export function paginate<T>(operation: string, all: readonly T[], token: string | undefined, size: number): { items: T[]; NextToken?: string } {
  const start = token === undefined || token === '' ? 0 : decode(operation, token);
  const items = all.slice(start, start + size);
  const next = start + items.length;
  return next < all.length ? { items, NextToken: encode(operation, next) } : { items };
}

function encode(operation: string, offset: number): string {
  return Buffer.from(`sagelite:${operation}:${offset}`, 'utf8').toString('base64');
}

function decode(operation: string, token: string): number {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const prefix = `sagelite:${operation}:`;
  const offset = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw validation(`The NextToken ${token} is not valid for ${operation}.`);
  return offset;
}
