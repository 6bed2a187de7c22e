/**
 * Trino's date and time functions as DuckDB macros (definitions only; setup.ts creates them).
 * Typed overloads — `(x DATE)`, `(x TIMESTAMP)`, `(x TIMESTAMPTZ)` — keep Trino's result types
 * where DuckDB's built-ins would change them (date_add on a DATE stays a DATE).
 */
import type { MacroDefinition } from './macros-general.js';

/** An INTERVAL of `n` Trino units (`unit` a runtime string, as Trino accepts it). */
const interval = (unit: string, n: string) =>
  `(CASE lower(${unit}) WHEN 'millisecond' THEN to_milliseconds(CAST(${n} AS BIGINT)) WHEN 'second' THEN to_seconds(CAST(${n} AS BIGINT)) ` +
  `WHEN 'minute' THEN to_minutes(CAST(${n} AS BIGINT)) WHEN 'hour' THEN to_hours(CAST(${n} AS BIGINT)) WHEN 'day' THEN to_days(CAST(${n} AS INTEGER)) ` +
  `WHEN 'week' THEN to_weeks(CAST(${n} AS INTEGER)) WHEN 'month' THEN to_months(CAST(${n} AS INTEGER)) WHEN 'quarter' THEN to_months(CAST(${n} AS INTEGER) * 3) ` +
  `WHEN 'year' THEN to_years(CAST(${n} AS INTEGER)) ELSE error('INVALID_FUNCTION_ARGUMENT: ''' || ${unit} || ''' is not a valid Timestamp field') END)`;

/** Parsing or formatting with a computed format: DuckDB's strptime/strftime take constant formats only. */
const notConstant = (fn: string) => `error('NOT_SUPPORTED: ${fn} needs a constant format string in sagelite')`;

const ISO_MS = "'%Y-%m-%dT%H:%M:%S.%g'";

export const DATETIME_MACROS: MacroDefinition[] = [
  // Trino rounds the seconds to milliseconds: timestamp(3) with time zone.
  ['from_unixtime', [
    ['x', 'CAST(make_timestamp(CAST(round(CAST(x AS DOUBLE) * 1000) AS BIGINT) * 1000) AS TIMESTAMPTZ)'],
    // With a zone: the wall-clock time in that zone (sagelite has no zone-carrying timestamps).
    ['x, zone', 'timezone(zone, CAST(make_timestamp(CAST(round(CAST(x AS DOUBLE) * 1000) AS BIGINT) * 1000) AS TIMESTAMPTZ))'],
    ['x, h, m', 'make_timestamp(CAST(round(CAST(x AS DOUBLE) * 1000) AS BIGINT) * 1000) + to_hours(CAST(h AS BIGINT)) + to_minutes(CAST(m AS BIGINT))'],
  ]],
  ['to_unixtime', [['x', 'epoch(x)']]],
  ['from_iso8601_timestamp', [['s', 'CAST(s AS TIMESTAMPTZ)']]],
  ['from_iso8601_date', [['s', 'CAST(s AS DATE)']]],
  ['to_iso8601', [
    ['x DATE', "strftime(x, '%Y-%m-%d')"],
    ['x TIMESTAMP', `strftime(x, ${ISO_MS})`],
    ['x TIMESTAMPTZ', `strftime(x, ${ISO_MS}) || 'Z'`],
  ]],
  // DuckDB's strptime and strftime need constant formats: translate.ts converts literal formats and
  // calls them itself; these macros are only reached with a computed format.
  ['date_parse', [['s, f', notConstant('date_parse')]]],
  ['date_format', [['x, f', notConstant('date_format')]]],
  ['format_datetime', [['x, f', notConstant('format_datetime')]]],
  ['parse_datetime', [['s, f', notConstant('parse_datetime')]]],
  ['to_char', [['x, f', notConstant('to_char')]]],
  ['to_timestamp', [['s, f', notConstant('to_timestamp')]]],
  ['to_date', [['s, f', notConstant('to_date')]]],
  ['date_add', [
    ['u, n, x DATE', `CAST(x + ${interval('u', 'n')} AS DATE)`],
    ['u, n, x TIMESTAMP', `x + ${interval('u', 'n')}`],
    ['u, n, x TIMESTAMPTZ', `x + ${interval('u', 'n')}`],
  ]],
  // DuckDB's date_sub counts whole units elapsed, as Trino's date_diff does (date_diff counts boundaries).
  ['date_diff', [['u, a, b', 'date_sub(lower(u), a, b)']]],
  ['date_trunc', [
    ['u, x DATE', 'CAST(date_trunc(lower(u), x) AS DATE)'],
    ['u, x TIMESTAMP', 'date_trunc(lower(u), x)'],
    ['u, x TIMESTAMPTZ', 'date_trunc(lower(u), x)'],
  ]],
  ['millisecond', [['x', 'millisecond(x) % 1000']]],
  ['last_day_of_month', [['x', 'last_day(x)']]],
  ['at_timezone', [
    ['x TIMESTAMP, zone', "timezone(zone, timezone('UTC', x))"],
    ['x TIMESTAMPTZ, zone', 'timezone(zone, x)'],
  ]],
  ['with_timezone', [['x, zone', 'timezone(zone, CAST(x AS TIMESTAMP))']]],
  ['current_timezone', [['', "current_setting('TimeZone')"]]],
];
