/**
 * Hive-style partition directories (`year=2024/month=01/`): the names Hive gives them, the ones
 * MSCK REPAIR TABLE finds under a table's location, and the location a partition added without
 * LOCATION gets.
 */
import type { CatalogColumn } from '../../storage/catalog.js';
import { semanticError } from './errors.js';

/** Hive's default partition name, for a null or empty value. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Characters Hive's FileUtils.escapePathName writes as %XX in partition names. */
function needsEscape(code: number): boolean {
  return code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(String.fromCharCode(code));
}

/**
 * A value (or key) as Hive writes it in a directory name.
 * @example
 * escapePathName('a/b=c') // 'a%2Fb%3Dc'
 */
export function escapePathName(value: string): string {
  if (value === '') return HIVE_DEFAULT_PARTITION;
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    out += code < 0x80 && needsEscape(code) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** Hive's unescapePathName: `%XX` (two hex digits) is that character; anything else stays. */
export function unescapePathName(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * `k1=v1/k2=v2`, keys in the table's order, as SHOW PARTITIONS prints a partition and Hive names
 * its directory.
 * @example
 * partitionName([{ Name: 'year' }, { Name: 'month' }], ['2024', '01']) // 'year=2024/month=01'
 */
export function partitionName(keys: readonly CatalogColumn[], values: readonly string[]): string {
  return keys.map((k, i) => `${escapePathName(k.Name)}=${escapePathName(values[i] ?? '')}`).join('/');
}

/** Hidden files and directories (`_SUCCESS`, `.tmp`) that Hive's listing skips. */
const hidden = (segment: string) => segment.startsWith('_') || segment.startsWith('.');

/**
 * The partitions MSCK REPAIR TABLE finds among the object keys under a table's location (keys
 * relative to it): every directory path whose first segments are `key=value` for the table's
 * partition keys, in order (names compared case-insensitively, as Hive stores them lower-cased),
 * holding at least one object at or below it. Values are unescaped as Hive does; paths through
 * hidden directories and segments that do not match are ignored. Each partition once, in the
 * order first seen.
 * @example
 * partitionsFromKeys(['year=2024/month=01/a.parquet', 'year=2024/_tmp/b', 'x.csv'], [{ Name: 'year' }, { Name: 'month' }])
 * // [{ values: ['2024', '01'], relativeDir: 'year=2024/month=01' }]
 */
export function partitionsFromKeys(relativeKeys: string[], partitionKeys: CatalogColumn[]): Array<{ values: string[]; relativeDir: string }> {
  const found = new Map<string, string[]>();
  if (partitionKeys.length === 0) return [];
  for (const key of relativeKeys) {
    const segments = key.replace(/^\/+/, '').split('/');
    // The last segment is the object's own name; a partition directory must hold something.
    if (segments.length <= partitionKeys.length) continue;
    const values: string[] = [];
    for (let i = 0; i < partitionKeys.length; i++) {
      const segment = segments[i]!;
      const eq = segment.indexOf('=');
      if (hidden(segment) || eq <= 0) break;
      if (unescapePathName(segment.slice(0, eq)).toLowerCase() !== partitionKeys[i]!.Name.toLowerCase()) break;
      values.push(unescapePathName(segment.slice(eq + 1)));
    }
    if (values.length !== partitionKeys.length) continue;
    const relativeDir = segments.slice(0, partitionKeys.length).join('/');
    if (!found.has(relativeDir)) found.set(relativeDir, values);
  }
  return [...found].map(([relativeDir, values]) => ({ values, relativeDir }));
}

/**
 * The values of a partition spec in the table's key order, checked as Hive checks them: every
 * key given once, and no other.
 * @throws QueryFailure (Hive's ValidationFailureSemanticException wording)
 */
export function partitionValues(values: Record<string, string>, keys: readonly CatalogColumn[]): string[] {
  const given = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  const shown = `{${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
  for (const k of given.keys()) {
    if (!keys.some((key) => key.Name.toLowerCase() === k)) throw semanticError(`Partition spec ${shown} contains non-partition columns`);
  }
  return keys.map((key) => {
    const v = given.get(key.Name.toLowerCase());
    if (v === undefined) {
      throw semanticError(`table is partitioned but partition spec is not specified or does not fully match table partitioning: ${shown}`);
    }
    return v;
  });
}

/**
 * Where a partition added without LOCATION lives: the table's location joined with Hive's
 * directory name for it (no trailing slash, as Hive's Path writes it).
 * @example
 * partitionLocation('s3://b/sales/', { month: '01', year: '2024' }, [{ Name: 'year' }, { Name: 'month' }])
 * // 's3://b/sales/year=2024/month=01'
 */
export function partitionLocation(tableLocation: string, values: Record<string, string>, keys: CatalogColumn[]): string {
  return `${tableLocation.replace(/\/+$/, '')}/${partitionName(keys, partitionValues(values, keys))}`;
}
