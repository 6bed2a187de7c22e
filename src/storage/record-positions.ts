import { InvalidPositionError } from './feature-store.js';

/**
 * ListRecords positions of the stores that list in key order (SQLite, PostgreSQL): the last
 * identifier of the page, so the next page starts after it whatever was written meanwhile.
 */
export function positionAfter(recordId: string): string {
  return `id:${recordId}`;
}

/** The record id a position of {@link positionAfter} names. */
export function afterId(position: string): string {
  if (!position.startsWith('id:')) throw new InvalidPositionError(position);
  return position.slice(3);
}
