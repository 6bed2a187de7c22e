/**
 * The closed set of functions a translated query may call: Trino's own function names (those
 * DuckDB runs under the same name pass through the translator unchanged), the DuckDB names the
 * translator itself writes (renamed built-ins, sagelite's macros, the helpers of its rewrites)
 * and operators. Everything else — DuckDB's file and table functions (read_csv, read_text, glob,
 * parquet_metadata, query…), its catalog and settings functions (duckdb_*, pragma_*,
 * current_setting) — is Athena's FUNCTION_NOT_FOUND before DuckDB sees the query (sandbox.ts).
 *
 * A Trino name listed here that DuckDB lacks fails in DuckDB's binder as before: listing a name
 * gives no power, leaving one out only refuses it.
 */
import { ALL_MACROS, BUILTIN_RENAMES, MACRO_PREFIX } from './functions.js';

/** Trino's functions and special forms that reach DuckDB as calls, by family (trino.io/docs/current/functions). */
const TRINO_FUNCTIONS = `
  abs acos asin atan atan2 cbrt ceil ceiling cos cosh degrees e exp floor ln log log2 log10 mod pi pow power
  radians random rand round sign sin sinh sqrt tan tanh truncate width_bucket infinity nan is_nan is_finite
  is_infinite from_base to_base bitwise_and bitwise_or bitwise_xor bitwise_not bit_count
  bitwise_left_shift bitwise_right_shift bitwise_right_shift_arithmetic
  chr codepoint concat concat_ws format hamming_distance length levenshtein_distance lower lpad ltrim luhn_check
  normalize position replace reverse rpad rtrim soundex split split_part split_to_map split_to_multimap strpos
  starts_with substr substring translate trim upper word_stem to_utf8 from_utf8
  regexp_count regexp_extract regexp_extract_all regexp_like regexp_position regexp_replace regexp_split
  url_extract_fragment url_extract_host url_extract_parameter url_extract_path url_extract_port
  url_extract_protocol url_extract_query url_encode url_decode
  json_array_contains json_array_get json_array_length json_extract json_extract_scalar json_format json_parse
  json_size json_exists json_query json_value is_json_scalar
  coalesce nullif if try greatest least typeof
  md5 sha1 sha256 sha512 crc32 xxhash64 murmur3 spooky_hash_v2_32 spooky_hash_v2_64 hmac_md5 hmac_sha1
  hmac_sha256 hmac_sha512 to_base64 from_base64 to_base64url from_base64url to_hex from_hex
  to_big_endian_32 from_big_endian_32 to_big_endian_64 from_big_endian_64
  to_ieee754_32 from_ieee754_32 to_ieee754_64 from_ieee754_64
  current_date current_time current_timestamp current_timezone localtime localtimestamp now
  date date_add date_diff date_format date_parse date_trunc day day_of_month day_of_week day_of_year dow doy
  extract format_datetime from_iso8601_date from_iso8601_timestamp from_iso8601_timestamp_nanos from_unixtime
  from_unixtime_nanos hour human_readable_seconds last_day_of_month millisecond minute month parse_datetime
  parse_duration quarter second timezone_hour timezone_minute to_iso8601 to_milliseconds to_unixtime week
  week_of_year with_timezone year year_of_week yow at_timezone to_char to_date to_timestamp
  approx_distinct approx_most_frequent approx_percentile approx_set arbitrary any_value array_agg avg bool_and
  bool_or checksum corr count count_if covar_pop covar_samp every geometric_mean histogram kurtosis
  map_agg map_union max max_by merge min min_by multimap_agg regr_intercept regr_slope skewness stddev
  stddev_pop stddev_samp sum variance var_pop var_samp listagg bitwise_and_agg bitwise_or_agg
  cume_dist dense_rank first_value lag last_value lead nth_value ntile percent_rank rank row_number
  all_match any_match none_match array_distinct array_except array_histogram array_intersect array_join
  array_max array_min array_position array_remove array_sort array_union arrays_overlap cardinality
  combinations contains contains_sequence element_at filter flatten ngrams reduce repeat sequence shuffle
  slice trim_array transform zip zip_with array
  map map_concat map_entries map_filter map_from_entries map_keys map_values map_zip_with multimap_from_entries
  transform_keys transform_values
  row cast try_cast unnest grouping
`;

/** DuckDB names the translator writes itself (rewrites in calls.ts, syntax.ts, operators.ts, translate.ts). */
const TRANSLATOR_OUTPUT = `
  arg_max_null arg_min_null bool_and count_star date_part like_escape list list_append list_contains
  list_extract list_filter list_prepend list_reduce list_sort list_transform list_value struct_pack
  strftime strptime to_days to_hours to_minutes to_seconds to_months to_years to_milliseconds to_microseconds
  timezone isodow dayofyear dayofmonth weekofyear isoyear trunc unicode printf regexp_matches
  string_split_regex hamming encode hex unhex isnan isfinite isinf list_intersect
`;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Every function name (lower-case, as DuckDB's parse tree gives it) a translated query may call. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...words(TRINO_FUNCTIONS),
  ...words(TRANSLATOR_OUTPUT),
  ...Object.values(BUILTIN_RENAMES),
  ...ALL_MACROS.map(([name]) => MACRO_PREFIX + name),
]);

/** Table functions a query may read from: Trino's UNNEST only. */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['unnest']);

/** Operators are calls too in DuckDB's tree (`+`, `||`, `~~`): symbols only, never a name. */
export const isOperatorName = (name: string): boolean => /^[^A-Za-z0-9_\s]+$/.test(name);
