/**
 * Date/time format strings: MySQL's (Trino's date_format/date_parse), Joda's (format_datetime,
 * parse_datetime) and Teradata's (to_char, to_timestamp, to_date), turned into the strftime /
 * strptime format DuckDB uses, at translation time (DuckDB only takes constant formats).
 */

/** MySQL specifier (the letter after %) → strftime. Missing ones are left as written. */
const MYSQL: Record<string, string> = {
  a: '%a', b: '%b', c: '%-m', d: '%d', e: '%-d', f: '%f', H: '%H', h: '%I', I: '%I', i: '%M',
  j: '%j', k: '%-H', l: '%-I', M: '%B', m: '%m', p: '%p', r: '%I:%M:%S %p', S: '%S', s: '%S',
  T: '%H:%M:%S', v: '%V', W: '%A', x: '%G', Y: '%Y', y: '%y', '%': '%%',
};

/**
 * @example
 * mysqlToStrftime('%Y-%m-%d %H:%i:%s'); // '%Y-%m-%d %H:%M:%S'
 */
export function mysqlToStrftime(format: string): string {
  return format.replace(/%(.)/gs, (whole, letter: string) => MYSQL[letter] ?? whole);
}

/** Teradata format elements (case-insensitive), longest first. */
const TERADATA: Array<[string, string]> = [
  ['yyyy', '%Y'], ['hh24', '%H'], ['hh12', '%I'], ['yy', '%y'], ['mm', '%m'], ['dd', '%d'],
  ['hh', '%I'], ['mi', '%M'], ['ss', '%S'], ['ff', '%f'],
];
const TERADATA_RE = new RegExp(TERADATA.map(([k]) => k).join('|') + '|%', 'gi');

/**
 * @example
 * teradataToStrftime('yyyy-mm-dd hh24:mi:ss'); // '%Y-%m-%d %H:%M:%S'
 */
export function teradataToStrftime(format: string): string {
  return format.replace(TERADATA_RE, (m) => (m === '%' ? '%%' : TERADATA.find(([k]) => k === m.toLowerCase())![1]));
}

/** Joda pattern letter runs → strftime, by letter and run length (the longest rule ≤ the run wins). */
const JODA: Record<string, Array<[number, string]>> = {
  y: [[1, '%Y'], [2, '%y'], [3, '%Y']],
  Y: [[1, '%Y'], [2, '%y'], [3, '%Y']],
  x: [[1, '%G']],
  M: [[1, '%-m'], [2, '%m'], [3, '%b'], [4, '%B']],
  d: [[1, '%-d'], [2, '%d']],
  D: [[1, '%-j'], [3, '%j']],
  H: [[1, '%-H'], [2, '%H']],
  k: [[1, '%-H'], [2, '%H']],
  h: [[1, '%-I'], [2, '%I']],
  K: [[1, '%-I'], [2, '%I']],
  m: [[1, '%-M'], [2, '%M']],
  s: [[1, '%-S'], [2, '%S']],
  S: [[1, '%g'], [4, '%f']],
  a: [[1, '%p']],
  E: [[1, '%a'], [4, '%A']],
  e: [[1, '%u']],
  w: [[1, '%V']],
  Z: [[1, '%z']],
  z: [[1, '%Z']],
};

function jodaRun(letter: string, count: number): string | undefined {
  const rules = JODA[letter];
  if (!rules) return undefined;
  let out: string | undefined;
  for (const [min, spec] of rules) if (count >= min) out = spec;
  return out;
}

/**
 * Joda-Time pattern (format_datetime) → strftime; 'quoted' text is literal, '' a quote.
 *
 * @example
 * jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS"); // '%Y-%m-%dT%H:%M:%S.%g'
 */
export function jodaToStrftime(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const close = pattern.indexOf("'", i + 1);
      const end = close < 0 ? pattern.length : close;
      out += pattern.slice(i + 1, end).replace(/%/g, '%%');
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out += jodaRun(c, j - i) ?? pattern.slice(i, j);
      i = j;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}

