/**
 * Date conditions: policy and context values are ISO-8601 date-times or epoch seconds, compared
 * as instants. Parsing follows the forms AWS accepts (moto's recorded cases): `2019-07-01T13:20:15Z`,
 * `2016-12-13T21:20:37.593194+00:00`, `2016-12-13t2:00:00+23`, `01T`, `1700000000`.
 */
import { constant, type PrepareTest } from './shared.js';

const ISO =
  /^(-?\d{1,9})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[tT](?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?)?)?(?:([zZ])|([+-])(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant a date value denotes, in milliseconds since the epoch (±Infinity beyond what a JS
 * Date holds); undefined when the text is neither ISO-8601 nor non-negative epoch seconds.
 *
 * @example parseDateValue('1970-01-01T00:00:01Z') // → 1000
 * @example parseDateValue('1700000000') // → 1700000000000
 */
export function parseDateValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (!lower.includes('t') && !lower.includes('-')) {
    if (!/^\d{1,19}$/.test(text)) return undefined;
    // Compared as a BigInt: as doubles, 2^63 and 2^63-1 are the same number.
    return BigInt(text) <= 9223372036854775807n ? Number(text) * 1000 : undefined;
  }
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, tzh, tzm] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (year < -292275054 || year > 292278993) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const oh = Number(tzh);
    const om = tzm === undefined ? 0 : Number(tzm);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const value = utc.getTime();
  if (Number.isNaN(value)) return year < 0 ? -Infinity : Infinity;
  return value - offsetMinutes * 60_000;
}

/** A context value as an instant: ISO text, epoch-seconds text, or a number of epoch seconds. */
export function contextDate(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value === 'boolean') return undefined;
  return parseDateValue(value);
}

/** Applies a date comparison; `test` is the operator's comparison. */
export function compareDates(test: string, actual: number, expected: number): boolean {
  switch (test) {
    case 'equals': return actual === expected;
    case 'lt': return actual < expected;
    case 'lte': return actual <= expected;
    case 'gt': return actual > expected;
    case 'gte': return actual >= expected;
    default: return false;
  }
}


/** @example compileDate('lt', ['2030-01-01T00:00:00Z']) */
export function compileDate(test: string, values: readonly string[]): PrepareTest {
  const expected = values.map((v) => parseDateValue(v) ?? NaN);
  return constant((v) => {
    const actual = contextDate(v);
    if (actual === undefined) return false;
    for (const e of expected) if (compareDates(test, actual, e)) return true;
    return false;
  });
}
