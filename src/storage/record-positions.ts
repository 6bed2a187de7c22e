import { InvalidPositionError, type RecordIdPage } from './feature-store.js';

/**
 * ListRecords positions of the stores that list in key order (SQLite, PostgreSQL): the last
 * identifier of the page, so the next page starts after it whatever was written meanwhile.
 */
function positionAfter(recordId: string): string {
  return `id:${recordId}`;
}

/** The record id a position of {@link positionAfter} names. */
export function afterId(position: string): string {
  if (!position.startsWith('id:')) throw new InvalidPositionError(position);
  return position.slice(3);
}

/** A page of `limit` out of up to `limit + 1` identifiers read in key order: the extra one means a next page. */
export function pageOf(ids: readonly string[], limit: number): RecordIdPage {
  const recordIds = ids.slice(0, limit);
  return ids.length > limit ? { recordIds, position: positionAfter(recordIds.at(-1)!) } : { recordIds };
}
