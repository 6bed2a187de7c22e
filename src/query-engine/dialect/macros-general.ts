/**
 * Trino's functions that DuckDB lacks or implements differently (arrays, maps, strings, regular
 * expressions, URLs, JSON, math, binary), as DuckDB macro definitions created by setup.ts.
 */

/** One macro: its Trino name and its overloads, each `[parameter list, DuckDB expression]`. */
export type MacroDefinition = [trinoName: string, overloads: Array<[params: string, body: string]>];

/** Overloads with 1..max parameters named a1..aN, the body built from the parameter names. */
function variadic(min: number, max: number, body: (args: string[]) => string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let n = min; n <= max; n++) {
    const args = Array.from({ length: n }, (_, i) => `a${i + 1}`);
    out.push([args.join(', '), body(args)]);
  }
  return out;
}

/** NULL when any argument is NULL, as Trino's greatest/least/concat are. */
const nullIfAnyNull = (args: string[], expr: string) => `CASE WHEN ${args.map((a) => `${a} IS NULL`).join(' OR ')} THEN NULL ELSE ${expr} END`;

/** NULL when the regular expression does not match (DuckDB's regexp_extract gives ''). */
const extractOrNull = (s: string, p: string, group: string) => `CASE WHEN regexp_matches(${s}, ${p}) THEN regexp_extract(${s}, ${p}, ${group}) END`;

const URL_AUTHORITY = '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?';
const DIGITS36 = "'0123456789abcdefghijklmnopqrstuvwxyz'";

/** Athena's limit on one value (32 MB, its row and column limit): string builders refuse a larger result before DuckDB builds it. */
const MAX_VALUE_BYTES = 33554432;

/** `fn(s, n, p)` (lpad, rpad) refusing a target length past {@link MAX_VALUE_BYTES}. */
const boundedPad = (fn: string): Array<[string, string]> => [
  ['s, n, p', `CASE WHEN n > ${MAX_VALUE_BYTES} THEN error('INVALID_FUNCTION_ARGUMENT: ${fn} target length must be at most ${MAX_VALUE_BYTES} (Athena''s 32 MB value limit)') ELSE ${fn}(s, CAST(n AS INTEGER), p) END`],
];

export const GENERAL_MACROS: MacroDefinition[] = [
  // Trino's repeat is the array function (count at most 10,000); its result is bounded like any value.
  ['repeat', [['x, n', `CASE WHEN n > 10000 THEN error('INVALID_FUNCTION_ARGUMENT: count argument of repeat function must be less than or equal to 10000') WHEN n < 0 THEN error('INVALID_FUNCTION_ARGUMENT: count argument of repeat function must be greater than or equal to 0') WHEN n * length(CAST(x AS VARCHAR)) > ${MAX_VALUE_BYTES} THEN error('INVALID_FUNCTION_ARGUMENT: repeat result would exceed ${MAX_VALUE_BYTES} bytes (Athena''s 32 MB value limit)') ELSE list_transform(range(CAST(n AS BIGINT)), i -> x) END`]]],
  ['lpad', boundedPad('lpad')],
  ['rpad', boundedPad('rpad')],
  // Trino refuses inputs whose product (longer × (shorter − 1)) passes 1,000,000: the work is
  // quadratic and DuckDB cannot interrupt one call (200,000 × 200,000 ran for minutes).
  ['levenshtein_distance', [['a, b', `CASE WHEN greatest(length(a), length(b)) * (least(length(a), length(b)) - 1) > 1000000 THEN error('INVALID_FUNCTION_ARGUMENT: The combined inputs for Levenshtein distance are too large') ELSE levenshtein(a, b) END`]]],
  // Aggregates
  // Exact: DuckDB's HyperLogLog strays far beyond Trino's 2.3% standard error on small inputs
  // (1249 for 1000 values), and an exact count is within any error bound.
  ['approx_distinct', [['x', 'count(DISTINCT x)'], ['x, e', 'count(DISTINCT x)']]],
  ['approx_percentile', [['x, p', 'approx_quantile(x, p)']]],
  ['map_agg', [['k, v', 'map(list(k), list(v))']]],
  // Arrays and maps
  ['cardinality', [['x', "CAST(CASE WHEN json_type(to_json(x)) = 'OBJECT' THEN len(json_keys(to_json(x))) ELSE json_array_length(to_json(x)) END AS BIGINT)"]]],
  ['element_at', [['x, k', "CASE WHEN typeof(x) NOT LIKE 'MAP(%' AND CAST(k AS VARCHAR) = '0' THEN error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1') ELSE (x)[k] END"]]],
  ['array_distinct', [['a', 'list_filter(a, (x, i) -> list_position(a, x) = i)']]],
  ['array_max', [['a', 'CASE WHEN len(list_filter(a, x -> x IS NULL)) > 0 THEN NULL ELSE list_max(a) END']]],
  ['array_min', [['a', 'CASE WHEN len(list_filter(a, x -> x IS NULL)) > 0 THEN NULL ELSE list_min(a) END']]],
  ['array_position', [['a, x', 'CASE WHEN a IS NOT NULL THEN CAST(coalesce(list_position(a, x), 0) AS BIGINT) END']]],
  ['array_join', [
    ['a, sep', 'array_to_string(a, sep)'],
    ['a, sep, r', 'array_to_string(list_transform(a, x -> coalesce(CAST(x AS VARCHAR), r)), sep)'],
  ]],
  ['array_remove', [['a, v', 'list_filter(a, x -> x IS DISTINCT FROM v)']]],
  ['array_union', [['a, b', 'list_filter(list_concat(a, b), (x, i) -> list_position(list_concat(a, b), x) = i)']]],
  ['array_except', [['a, b', 'list_filter(a, (x, i) -> list_position(a, x) = i AND NOT list_contains(b, x))']]],
  ['arrays_overlap', [['a, b', 'list_has_any(a, b)']]],
  ['slice', [['a, s, n', 'CASE WHEN s > 0 THEN list_slice(a, s, s + n - 1) ELSE list_slice(a, len(a) + s + 1, len(a) + s + n) END']]],
  ['sequence', [['a, b', 'generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END)'], ['a, b, step', 'generate_series(a, b, step)']]],
  // zip's rows have anonymous fields, shown by Athena as field0, field1, …
  ['zip', [2, 3, 4].map((n): [string, string] => {
    const args = Array.from({ length: n }, (_, i) => `a${i}`);
    return [args.join(', '), `list_transform(list_zip(${args.join(', ')}), z -> struct_pack(${args.map((_, i) => `field${i} := struct_extract(z, ${i + 1})`).join(', ')}))`];
  })],
  ['reverse', [['s VARCHAR', 'reverse(s)'], ['a', 'list_reverse(a)']]],
  // DuckDB's concat joins strings and arrays; NULL-typed arguments keep the result a varchar ('a' || NULL is an INTEGER in DuckDB).
  ['concat', variadic(1, 24, (a) => (a.length === 1 ? a[0]! : nullIfAnyNull(a, `concat(${a.join(', ')})`)))],
  ['greatest', variadic(1, 16, (a) => nullIfAnyNull(a, `greatest(${a.join(', ')})`))],
  ['least', variadic(1, 16, (a) => nullIfAnyNull(a, `least(${a.join(', ')})`))],
  // Conditionals: IF is a keyword to DuckDB's parser, which wants exactly three arguments.
  ['if', [['c, a', 'CASE WHEN c THEN a END'], ['c, a, b', 'CASE WHEN c THEN a ELSE b END']]],
  // Strings
  ['replace', [['s, f', "replace(s, f, '')"], ['s, f, r', 'replace(s, f, r)']]],
  ['split_part', [['s, d, i', "CASE WHEN i <= len(string_split(s, d)) THEN split_part(s, d, i) END"]]],
  ['split', [['s, d', 'string_split(s, d)'], ['s, d, n', 'CASE WHEN len(string_split(s, d)) <= n THEN string_split(s, d) ELSE list_append(list_slice(string_split(s, d), 1, n - 1), array_to_string(list_slice(string_split(s, d), n, len(string_split(s, d))), d)) END']]],
  ['strpos', [['s, t', 'strpos(s, t)'], ['s, t, k', "CASE WHEN k > 0 THEN coalesce(list_filter(list_transform(generate_series(1, len(s)), i -> CASE WHEN substring(s, i, len(t)) = t THEN i END), x -> x IS NOT NULL)[k], 0) END"]]],
  // Regular expressions: Trino replaces every match and writes groups as $1.
  ['regexp_extract', [['s, p', extractOrNull('s', 'p', '0')], ['s, p, g', extractOrNull('s', 'p', 'g')]]],
  ['regexp_replace', [
    ['s, p', "regexp_replace(s, p, '', 'g')"],
    ['s, p, r', "regexp_replace(s, p, regexp_replace(replace(r, '\\', '\\\\'), '\\$(\\d)', '\\\\\\1', 'g'), 'g')"],
  ]],
  ['regexp_count', [['s, p', 'len(regexp_extract_all(s, p))']]],
  // URLs (java.net.URI's parts)
  ['url_extract_protocol', [['u', extractOrNull('u', "'^([A-Za-z][A-Za-z0-9+.-]*):'", '1')]]],
  ['url_extract_host', [['u', extractOrNull('u', `'${URL_AUTHORITY}([^:/?#]+)'`, '1')]]],
  ['url_extract_port', [['u', `CAST(${extractOrNull('u', `'${URL_AUTHORITY}[^:/?#]*:([0-9]+)'`, '1')} AS BIGINT)`]]],
  ['url_extract_path', [['u', "regexp_extract(u, '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)"]]],
  ['url_extract_query', [['u', extractOrNull('u', "'\\?([^#]*)'", '1')]]],
  ['url_extract_fragment', [['u', extractOrNull('u', "'#(.*)$'", '1')]]],
  ['url_extract_parameter', [['u, name', `list_extract(list_filter(list_transform(string_split(${extractOrNull('u', "'\\?([^#]*)'", '1')}, '&'), kv -> CASE WHEN split_part(kv, '=', 1) = name THEN substring(kv, len(name) + 2) END), v -> v IS NOT NULL), 1)`]]],
  // JSON: json_extract_scalar is NULL for objects and arrays.
  ['json_extract_scalar', [['j, p', "CASE WHEN json_type(json_extract(CAST(j AS JSON), p)) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(CAST(j AS JSON), p) END"]]],
  ['json_extract', [['j, p', 'json_extract(CAST(j AS JSON), p)']]],
  ['json_format', [['j', 'CAST(j AS VARCHAR)']]],
  ['json_parse', [['s', 'json(s)']]],
  ['json_size', [['j, p', "CASE json_type(json_extract(CAST(j AS JSON), p)) WHEN 'OBJECT' THEN len(json_keys(json_extract(CAST(j AS JSON), p))) WHEN 'ARRAY' THEN CAST(json_array_length(json_extract(CAST(j AS JSON), p)) AS BIGINT) ELSE 0 END"]]],
  ['json_array_get', [['j, i', "json_extract(CAST(j AS JSON), '$[' || CASE WHEN i < 0 THEN '#' || i ELSE CAST(i AS VARCHAR) END || ']')"]]],
  ['json_array_contains', [['j, v', "list_contains(json_extract_string(CAST(j AS JSON), '$[*]'), CAST(v AS VARCHAR))"]]],
  // Math
  ['random', [['', 'random()'], ['n', 'CAST(floor(random() * n) AS BIGINT)'], ['m, n', 'CAST(m + floor(random() * (n - m)) AS BIGINT)']]],
  ['infinity', [['', "CAST('Infinity' AS DOUBLE)"]]],
  ['nan', [['', "CAST('NaN' AS DOUBLE)"]]],
  ['e', [['', 'exp(1)']]],
  // Trino's sign keeps the argument's type (DuckDB's gives a TINYINT).
  ['sign', [
    ['x TINYINT', 'CAST(sign(x) AS TINYINT)'], ['x SMALLINT', 'CAST(sign(x) AS SMALLINT)'], ['x INTEGER', 'CAST(sign(x) AS INTEGER)'],
    ['x BIGINT', 'CAST(sign(x) AS BIGINT)'], ['x REAL', 'CAST(sign(x) AS REAL)'], ['x DOUBLE', 'CAST(sign(x) AS DOUBLE)'], ['x', 'sign(x)'],
  ]],
  ['from_base', [['s, radix', `CASE WHEN starts_with(s, '-') THEN -1 ELSE 1 END * list_reduce(list_transform(string_split(lower(ltrim(s, '-')), ''), c -> CASE WHEN strpos(${DIGITS36}, c) BETWEEN 1 AND radix THEN CAST(strpos(${DIGITS36}, c) - 1 AS BIGINT) ELSE error('INVALID_FUNCTION_ARGUMENT: Not a valid base-' || radix || ' number: ' || s) END), (acc, d) -> acc * radix + d, CAST(0 AS BIGINT))`]]],
  ['to_base', [['x, radix', `CASE WHEN x = 0 THEN '0' ELSE (CASE WHEN x < 0 THEN '-' ELSE '' END) || array_to_string(list_reverse(list_transform(generate_series(0, CAST(floor(log(radix, abs(x))) AS BIGINT) + 1), i -> substring(${DIGITS36}, CAST((abs(x) // CAST(pow(radix, i) AS HUGEINT)) % radix AS BIGINT) + 1, 1))).list_filter((d, i) -> i > 1 OR d <> '0'), '') END`]]],
  ['bitwise_and', [['a, b', 'a & b']]],
  ['bitwise_or', [['a, b', 'a | b']]],
  ['bitwise_xor', [['a, b', 'xor(a, b)']]],
  ['bitwise_not', [['a', '~a']]],
  // Binary: Trino's hashes return varbinary.
  ['md5', [['b', 'unhex(md5(b))']]],
  ['sha1', [['b', 'unhex(sha1(b))']]],
  ['sha256', [['b', 'unhex(sha256(b))']]],
  ['from_utf8', [['b', 'decode(b)']]],
  ['typeof', [['x', `regexp_replace(regexp_replace(replace(replace(replace(replace(replace(replace(replace(lower(typeof(x)), 'hugeint', 'bigint'), 'float', 'real'), 'blob', 'varbinary'), 'struct(', 'row('), 'timestamp with time zone', 'timestamp(3) with time zone'), 'timestamp_ms', 'timestamp(3)'), 'uuid', 'uuid'), '^timestamp$', 'timestamp(3)'), '^(.*)\\[\\]$', 'array(\\1)')`]]],
];
