/** Parsers for feature values and event times, as the runtime's validation needs them. */

const INTEGRAL = /^[+-]?\d+$/;
const FRACTIONAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/** Integral is a 64-bit signed integer, written in decimal. */
export function isIntegral(v: string): boolean {
  if (!INTEGRAL.test(v)) return false;
  const n = BigInt(v);
  return n >= MIN_LONG && n <= MAX_LONG;
}

/** Fractional is an IEEE-754 double, written as a finite decimal number (NaN and Infinity are not values). */
export function isFractional(v: string): boolean {
  return FRACTIONAL.test(v) && Number.isFinite(Number(v));
}

/** Event times sagelite accepts: years 0001 to 9999, so every one has an offline partition. */
const EARLIEST_MS = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST_MS = new Date('9999-12-31T23:59:59.999Z').getTime();

/** A Fractional event time: Unix seconds (fractions allowed). Returns the instant in milliseconds. */
export function parseUnixSeconds(v: string): number | undefined {
  if (!isFractional(v)) return undefined;
  const ms = Number(v) * 1000;
  return ms >= EARLIEST_MS && ms <= LATEST_MS ? ms : undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A String event time: ISO-8601 as `yyyy-MM-dd'T'HH:mm:ssZ` or `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, where
 * the zone is `Z` or a numeric offset (what Java's `Z` letter reads). Returns the instant in
 * milliseconds, or undefined for another shape or an impossible date (2021-02-30, 24:00:00).
 */
export function parseIsoEventTime(v: string): number | undefined {
  const m = ISO.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string];
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const date = new Date(0);
  date.setUTCFullYear(fields[0], fields[1], fields[2]);
  date.setUTCHours(fields[3], fields[4], fields[5], frac ? Number(frac.slice(1)) : 0);
  const valid =
    date.getUTCFullYear() === fields[0] && date.getUTCMonth() === fields[1] && date.getUTCDate() === fields[2] &&
    date.getUTCHours() === fields[3] && date.getUTCMinutes() === fields[4] && date.getUTCSeconds() === fields[5];
  if (!valid) return undefined;
  let ms = date.getTime();
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2));
    if (hours > 23 || minutes > 59) return undefined;
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return ms >= EARLIEST_MS && ms <= LATEST_MS ? ms : undefined;
}
