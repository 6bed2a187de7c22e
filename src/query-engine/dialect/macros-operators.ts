/**
 * Macros behind the operator and CAST rewrites (operators.ts, translate.ts): Trino's division,
 * modulus, subscripts, date ± interval, avg of decimals, casts to integers and to varchar.
 * These are sagelite's own helpers, not Trino functions: translate.ts writes their calls, a query
 * cannot name them.
 *
 * DuckDB cannot choose a macro overload by argument type when an argument holds an aggregate
 * (`sum(x) / count(*)`), so one body serves every type: `typeof(x)` is folded to a constant when
 * the query is bound, and `struct_extract({…}, <constant key>)` picks the member whose type is
 * Trino's result type (a CASE would unify the types of its branches). Each member is guarded by
 * its constant condition, which DuckDB folds away, so only the chosen one is computed.
 */
import type { MacroDefinition } from './macros-general.js';

const DIVISION_BY_ZERO = "error('DIVISION_BY_ZERO: Division by zero')";
const IS_FLOAT = (x: string) => `typeof(${x}) IN ('DOUBLE', 'FLOAT')`;
const IS_DECIMAL = (x: string) => `typeof(${x}) LIKE 'DECIMAL(%'`;

/** `struct_extract` of the member whose condition holds (conditions are bind-time constants). */
function byType(members: Array<[key: string, condition: string, expression: string]>): string {
  const struct = members.map(([key, cond, expr]) => `'${key}': CASE WHEN ${cond} THEN ${expr} END`).join(', ');
  const key = `CASE ${members.map(([key, cond]) => `WHEN ${cond} THEN '${key}'`).join(' ')} END`;
  return `struct_extract({${struct}}, ${key})`;
}

/** Trino's float / decimal / exact-integer classification of a binary operation's operands. */
const FLOAT_OPERANDS = `(${IS_FLOAT('a')} OR ${IS_FLOAT('b')})`;
const DECIMAL_OPERANDS = `(NOT ${FLOAT_OPERANDS} AND (${IS_DECIMAL('a')} OR ${IS_DECIMAL('b')}))`;
const EXACT_OPERANDS = `(NOT ${FLOAT_OPERANDS} AND NOT (${IS_DECIMAL('a')} OR ${IS_DECIMAL('b')}))`;

/** Characters of a Java Double.toString / Float.toString, from DuckDB's shortest round-trip text `s` of |x|. */
const mantissa = "split_part(s, 'e', 1)";
const allDigits = `(split_part(${mantissa}, '.', 1) || split_part(${mantissa}, '.', 2))`;
const significant = `rtrim(ltrim(${allDigits}, '0'), '0')`;
const exponent = `(CASE WHEN contains(s, 'e') THEN CAST(split_part(s, 'e', 2) AS INTEGER) ELSE 0 END + length(split_part(${mantissa}, '.', 1)) - 1 - (length(${allDigits}) - length(ltrim(${allDigits}, '0'))))`;

/** A TIMESTAMP's text (`2024-01-02 03:04:05[.ffffff]`) with exactly `n` fraction digits. */
const fraction = (s: string, n: number) => `CASE WHEN contains(${s}, '.') THEN split_part(${s}, '.', 1) || '.' || rpad(substr(split_part(${s}, '.', 2), 1, ${n}), ${n}, '0') ELSE ${s} || '.${'0'.repeat(n)}' END`;

export const OPERATOR_MACROS: MacroDefinition[] = [
  // Decimal arithmetic on unscaled HUGEINTs, exact, rounded half up as Trino's decimal division.
  ['scale_of', [['x', "CAST(coalesce(nullif(regexp_extract(typeof(x), ',(\\d+)\\)$', 1), ''), '0') AS INTEGER)"]]],
  ['pow10', [['k', "CAST('1' || repeat('0', k) AS HUGEINT)"]]],
  ['unscaled', [['x', 'CAST(x * trino_pow10(trino_scale_of(x)) AS HUGEINT)']]],
  // 10^-s as DECIMAL(38, s): multiplying an integral DECIMAL(38, 0) by it gives scale s.
  ['ulp', [['s', "round(CAST('0.' || repeat('0', s - 1) || '1' AS DECIMAL(38, 37)), s)"]]],
  ['rounded_quotient', [['n, d', `CASE WHEN d = 0 THEN ${DIVISION_BY_ZERO} ELSE sign(n) * sign(d) * (abs(n) // abs(d) + CASE WHEN 2 * (abs(n) % abs(d)) >= abs(d) THEN 1 ELSE 0 END) END`]]],
  /** a / b at scale s: DECIMAL(38, s) (Trino's precision is min(38, p1 + s2 + max(0, s2 - s1))). */
  ['decimal_quotient', [['a, b, s', 'CAST(trino_rounded_quotient(trino_unscaled(a) * trino_pow10(s - trino_scale_of(a) + trino_scale_of(b)), trino_unscaled(b)) AS DECIMAL(38, 0)) * trino_ulp(s)']]],
  ['divide', [['a, b', byType([
    ['f', FLOAT_OPERANDS, '"/"(a, b)'],
    ['d', DECIMAL_OPERANDS, 'trino_decimal_quotient(a, b, greatest(trino_scale_of(a), trino_scale_of(b)))'],
    ['i', EXACT_OPERANDS, `CASE WHEN b = 0 THEN ${DIVISION_BY_ZERO} ELSE a // b END`],
  ])]]],
  ['modulus', [['a, b', `CASE WHEN b = 0 AND NOT ${FLOAT_OPERANDS} THEN ${DIVISION_BY_ZERO} ELSE a % b END`]]],
  // avg(decimal(p, s)) is a decimal of scale s in Trino (DuckDB's is a double).
  // (The type is read from min(x): a bare column would not be an aggregate expression.)
  ['avg', [['x', byType([
    ['d', IS_DECIMAL('min(x)'), 'CASE WHEN count(x) > 0 THEN trino_decimal_quotient(sum(x), count(x), trino_scale_of(min(x))) END'],
    ['o', `NOT ${IS_DECIMAL('min(x)')}`, 'avg(x)'],
  ])]]],
  // x[i] on an array: Trino fails outside 1..length (DuckDB gives NULL, and counts negatives from the end).
  ['subscript', [['x, i', "CASE WHEN typeof(x) LIKE 'MAP(%' THEN x[i] " +
    "WHEN i = 0 THEN error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1') " +
    "WHEN i < 0 THEN error('INVALID_FUNCTION_ARGUMENT: Array subscript is negative: ' || i) " +
    "WHEN x[i] IS NULL AND i > json_array_length(to_json(x)) THEN error('INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: ' || i || ' > ' || json_array_length(to_json(x))) " +
    'ELSE x[i] END']]],
  // date ± interval stays a date (DuckDB gives a timestamp).
  ['plus_interval', [['x, i', byType([
    ['d', "typeof(x) = 'DATE'", 'CAST(x + i AS DATE)'],
    ['o', "typeof(x) <> 'DATE'", 'x + i'],
  ])]]],
  // CAST(double AS bigint) rounds half away from zero in Trino (DuckDB rounds half to even): a
  // double goes through DECIMAL(38, 17), whose cast to an integer rounds half away from zero.
  ['integral_source', [['x', byType([
    ['f', IS_FLOAT('x'), 'CAST(x AS DECIMAL(38, 17))'],
    ['o', `NOT ${IS_FLOAT('x')}`, 'x'],
  ])]]],
  ['java_unsigned_text', [['s, x', "CASE WHEN x = 0 THEN '0.0' " +
    "WHEN x >= 0.001 AND x < 10000000 AND NOT contains(s, 'e') THEN s || CASE WHEN contains(s, '.') THEN '' ELSE '.0' END " +
    `ELSE substr(${significant}, 1, 1) || '.' || coalesce(nullif(substr(${significant}, 2), ''), '0') || 'E' || ${exponent} END`]]],
  // t: DuckDB's shortest round-trip text of a double or real (`1e-05`, `10000000.0`, `-inf`).
  ['java_double_text', [['t', "CASE WHEN lower(t) IN ('nan', '-nan') THEN 'NaN' WHEN lower(t) = 'inf' THEN 'Infinity' WHEN lower(t) = '-inf' THEN '-Infinity' " +
    "ELSE (CASE WHEN starts_with(t, '-') THEN '-' ELSE '' END) || trino_java_unsigned_text(ltrim(t, '-'), abs(TRY_CAST(t AS DOUBLE))) END"]]],
  // CAST(x AS varchar) as Trino writes it: doubles in Java's form, timestamps with their precision's digits.
  ['to_varchar', [['x', `CASE WHEN ${IS_FLOAT('x')} THEN trino_java_double_text(CAST(x AS VARCHAR)) ` +
    `WHEN typeof(x) = 'TIMESTAMP' THEN ${fraction('CAST(x AS VARCHAR)', 3)} ` +
    `WHEN typeof(x) = 'TIMESTAMP_NS' THEN ${fraction('CAST(x AS VARCHAR)', 6)} ` +
    `WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN ${fraction("regexp_replace(CAST(x AS VARCHAR), '[+-]\\d\\d(:\\d\\d)?$', '')", 3)} || ' UTC' ` +
    'ELSE CAST(x AS VARCHAR) END']]],
  // any_match / all_match / none_match over the predicate's results (translate.ts applies the lambda).
  ['any_match', [['t', 'CASE WHEN t IS NULL THEN NULL WHEN len(list_filter(t, v -> v)) > 0 THEN true WHEN len(list_filter(t, v -> v IS NULL)) > 0 THEN NULL ELSE false END']]],
  ['all_match', [['t', 'CASE WHEN t IS NULL THEN NULL WHEN len(list_filter(t, v -> NOT v)) > 0 THEN false WHEN len(list_filter(t, v -> v IS NULL)) > 0 THEN NULL ELSE true END']]],
  ['none_match', [['t', 'CASE WHEN t IS NULL THEN NULL WHEN len(list_filter(t, v -> v)) > 0 THEN false WHEN len(list_filter(t, v -> v IS NULL)) > 0 THEN NULL ELSE true END']]],
];
