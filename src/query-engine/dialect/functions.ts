/**
 * How each Trino function name is written for DuckDB: sagelite's macros (prefixed, see
 * {@link MACRO_PREFIX}) or a DuckDB built-in of another name. Names not listed pass through.
 */
import { DATETIME_MACROS } from './macros-datetime.js';
import { GENERAL_MACROS, type MacroDefinition } from './macros-general.js';
import { OPERATOR_MACROS } from './macros-operators.js';

/**
 * Prefix of sagelite's macros. They are connection-scoped TEMP macros (DuckDB's temp catalog
 * allows no schema of its own, and a schema in the main catalog would need the catalog's name,
 * which depends on how the database was opened), so a prefix stands in for a `trino.` schema.
 */
export const MACRO_PREFIX = 'trino_';

/** Every macro setup.ts creates: the Trino functions, then the helpers the operator rewrites call. */
export const ALL_MACROS: readonly MacroDefinition[] = [...DATETIME_MACROS, ...GENERAL_MACROS, ...OPERATOR_MACROS];

/** Trino names that are sagelite macros, lower-case (the operator helpers are not: a query cannot call them by name). */
export const MACRO_NAMES: ReadonlySet<string> = new Set([...DATETIME_MACROS, ...GENERAL_MACROS].map(([name]) => name));

/** Trino function → DuckDB built-in with the same semantics and another name. */
export const BUILTIN_RENAMES: Readonly<Record<string, string>> = {
  day_of_week: 'isodow',
  dow: 'isodow',
  day_of_year: 'dayofyear',
  doy: 'dayofyear',
  day_of_month: 'dayofmonth',
  week: 'weekofyear',
  week_of_year: 'weekofyear',
  year_of_week: 'isoyear',
  yow: 'isoyear',
  every: 'bool_and',
  // Trino's max_by/min_by return the value on the max/min row even when it is NULL.
  max_by: 'arg_max_null',
  min_by: 'arg_min_null',
  contains: 'list_contains',
  array_sort: 'list_sort',
  array_agg: 'list',
  transform: 'list_transform',
  filter: 'list_filter',
  reduce: 'list_reduce',
  flatten: 'flatten',
  array_intersect: 'list_intersect',
  regexp_like: 'regexp_matches',
  regexp_split: 'string_split_regex',
  codepoint: 'unicode',
  hamming_distance: 'hamming',
  to_utf8: 'encode',
  to_hex: 'hex',
  from_hex: 'unhex',
  truncate: 'trunc',
  is_nan: 'isnan',
  is_finite: 'isfinite',
  is_infinite: 'isinf',
  rand: 'trino_random',
  index: 'strpos',
  format: 'printf',
  map_entries: 'map_entries',
  stddev: 'stddev_samp',
  variance: 'var_samp',
};

/**
 * The DuckDB name for a Trino function name (case-insensitive), or undefined when it passes through.
 *
 * @example
 * duckFunctionName('from_unixtime'); // 'trino_from_unixtime'
 * duckFunctionName('DOW'); // 'isodow'
 */
export function duckFunctionName(trinoName: string): string | undefined {
  const name = trinoName.toLowerCase();
  if (MACRO_NAMES.has(name)) return MACRO_PREFIX + name;
  return BUILTIN_RENAMES[name];
}

/**
 * The Trino name a DuckDB function name stands for in messages (`trino_from_unixtime` → `from_unixtime`).
 */
export function trinoFunctionName(duckName: string): string {
  const lower = duckName.toLowerCase();
  if (lower.startsWith(MACRO_PREFIX) && MACRO_NAMES.has(lower.slice(MACRO_PREFIX.length))) return lower.slice(MACRO_PREFIX.length);
  for (const [trino, duck] of Object.entries(BUILTIN_RENAMES)) if (duck === lower) return trino;
  return duckName;
}
