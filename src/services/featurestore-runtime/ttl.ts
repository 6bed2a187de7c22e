import type { TtlDuration } from '../../storage/feature-store.js';

const UNIT_MS: Record<TtlDuration['Unit'], number> = {
  Seconds: 1_000,
  Minutes: 60_000,
  Hours: 3_600_000,
  Days: 86_400_000,
  Weeks: 604_800_000,
};

/** The latest instant a JavaScript Date (and so sagelite) can hold. */
const MAX_DATE_MS = 8.64e15;

/** A TtlDuration in milliseconds, or undefined for an unknown unit. */
export function ttlMillis(ttl: TtlDuration): number | undefined {
  const unit = UNIT_MS[ttl.Unit];
  return unit === undefined ? undefined : ttl.Value * unit;
}

/**
 * ExpiresAt = EventTime + TtlDuration (the record's own TTL if it has one, else the group's).
 * Rounded up to the millisecond so a record never expires before its time; undefined when there
 * is no TTL, or when the sum lies beyond any date (a TTL that long never expires in practice).
 */
export function expiresAt(eventTimeMs: number, recordTtl: TtlDuration | undefined, groupTtl: TtlDuration | undefined): Date | undefined {
  const ttl = recordTtl ?? groupTtl;
  const ms = ttl ? ttlMillis(ttl) : undefined;
  if (ms === undefined) return undefined;
  const at = Math.ceil(eventTimeMs + ms);
  return at <= MAX_DATE_MS ? new Date(at) : undefined;
}

/** ExpiresAt as GetRecord and BatchGetRecord show it: an ISO-8601 string. */
export function formatExpiresAt(d: Date): string {
  return d.toISOString();
}
