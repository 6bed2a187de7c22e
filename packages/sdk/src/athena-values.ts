import type { ColumnInfo, Datum } from '@aws-sdk/client-athena';

/** A value of a result row, typed by its column. */
export type AthenaValue = string | number | bigint | boolean | Date | null;
/** A result row: column name → typed value. */
export type AthenaRow = Record<string, AthenaValue>;

/** How result values are typed. */
export interface ValueTypeOptions {
  /**
   * `bigint` columns: `'number'` (the default) gives a JavaScript number and throws a RangeError
   * for a value beyond ±2^53 rather than lose digits; `'bigint'` gives a JavaScript bigint always.
   */
  int64?: 'number' | 'bigint';
  /**
   * `date` and `timestamp` columns: `'date'` (the default) gives a Date (dates and timestamps
   * without a zone read as UTC, Athena's session zone); `'string'` keeps Athena's text.
   */
  temporal?: 'date' | 'string';
}

const INTEGER = new Set(['tinyint', 'smallint', 'integer', 'int']);
const FLOATING = new Set(['double', 'float', 'real']);

/**
 * One GetQueryResults value typed by its ColumnInfo type: varchar/char → string; integer,
 * smallint, tinyint, double, float/real → number (NaN and ±Infinity kept); bigint → number or
 * bigint ({@link ValueTypeOptions.int64}); boolean → boolean; date, timestamp and timestamp with
 * time zone → Date or string ({@link ValueTypeOptions.temporal}); decimal → string (exact);
 * anything else (array, map, row, json, varbinary, time, interval…) → Athena's text. NULL (a
 * Datum without VarCharValue) → null.
 *
 * @example
 * typedValue('42', 'bigint');                        // 42
 * typedValue('2024-01-02 03:04:05.000', 'timestamp'); // Date 2024-01-02T03:04:05.000Z
 * typedValue(undefined, 'varchar');                   // null
 */
export function typedValue(raw: string | undefined, type: string, opts: ValueTypeOptions = {}): AthenaValue {
  if (raw === undefined) return null;
  const t = type.toLowerCase();
  if (t === 'varchar' || t === 'char' || t === 'string' || t.startsWith('varchar(') || t.startsWith('char(')) return raw;
  if (INTEGER.has(t) || FLOATING.has(t)) return Number(raw);
  if (t === 'bigint') return int64(raw, opts.int64 ?? 'number');
  if (t === 'boolean') return raw === 'true';
  if (t === 'date' || t === 'timestamp' || t.startsWith('timestamp(') || t.startsWith('timestamp with time zone')) {
    return (opts.temporal ?? 'date') === 'string' ? raw : parseTemporal(raw, t);
  }
  return raw;
}

function int64(raw: string, as: 'number' | 'bigint'): number | bigint {
  if (as === 'bigint') return BigInt(raw);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint value ${raw} does not fit a JavaScript number exactly; read it with { int64: 'bigint' }`);
  return n;
}

const TEMPORAL = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:\s*(.+))?$/;

/** Athena's `2024-01-02`, `2024-01-02 03:04:05.123` and `… UTC` / `… +02:00` / `… Europe/Paris` as a Date. */
export function parseTemporal(raw: string, type = 'timestamp'): Date {
  const m = TEMPORAL.exec(raw.trim());
  if (!m) throw new RangeError(`${type} value ${JSON.stringify(raw)} is not in Athena's format`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  return new Date(utc - zoneOffsetMs(zone, utc));
}

/** The offset of a zone (`UTC`, `Z`, `+02:00`, or an IANA name) at a moment, in ms east of UTC. */
function zoneOffsetMs(zone: string | undefined, atUtcMs: number): number {
  if (zone === undefined || zone === 'UTC' || zone === 'Z' || zone === 'GMT') return 0;
  const off = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (off) return (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60_000;
  // An IANA name: how the zone's wall clock differs from UTC at (about) that moment.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(atUtcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(atUtcMs / 1000) * 1000;
}

/**
 * One result row as an object keyed by column name, each value typed by {@link typedValue}.
 *
 * @example
 * typedRow([{ VarCharValue: '1001' }, {}], [{ Name: 'cid', Type: 'bigint' }, { Name: 'name', Type: 'varchar' }]); // { cid: 1001, name: null }
 */
export function typedRow(data: readonly Datum[], columns: readonly ColumnInfo[], opts: ValueTypeOptions = {}): AthenaRow {
  const row: AthenaRow = {};
  columns.forEach((c, i) => {
    row[c.Name ?? `_col${i}`] = typedValue(data[i]?.VarCharValue, c.Type ?? 'varchar', opts);
  });
  return row;
}
