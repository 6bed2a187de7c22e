/**
 * Text helpers of Hive's metadata output: Java-style escaping of values in generated DDL, the
 * 20-column alignment of DESCRIBE, and Hive's SHOW pattern syntax.
 */

/** Hive's metadata column width: each field is padded to 20 characters. */
const ALIGNMENT = 20;

/** The number of tab-separated fields in DESCRIBE's rows (col_name, data_type, comment). */
const FIELDS = 3;

/**
 * Java's StringEscapeUtils.escapeJava followed by Hive's escapeHiveCommand, as Hive escapes
 * values in SHOW CREATE TABLE: `\` `"` and control characters Java-escaped, non-ASCII as \uXXXX,
 * then `'` and `;` backslashed.
 * @example
 * escapeHiveValue("a'b\t;") // "a\\'b\\t\\;"
 */
export function escapeHiveValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\b': '\\b', '\n': '\\n', '\t': '\\t', '\f': '\\f', '\r': '\\r', "'": "\\'", ';': '\\;' };
    if (named[ch] !== undefined) out += named[ch];
    else if (code < 0x20 || code > 0x7f) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

/** `'value'`, escaped for a Hive string literal. */
export const quoteHive = (value: string) => `'${escapeHiveValue(value)}'`;

/** `` `name` `` with backticks doubled. */
export const backtick = (name: string) => `\`${name.replaceAll('`', '``')}\``;

export const pad = (text: string) => text.padEnd(ALIGNMENT, ' ');

/**
 * One DESCRIBE row: the fields given (already padded where Hive pads them) joined by tabs, with
 * the missing ones written as a single space, as Hive's output shows them (`Table Parameters:\t \t `).
 */
export function row(...fields: string[]): string {
  const all = [...fields];
  while (all.length < FIELDS) all.push(' ');
  return all.join('\t');
}

/** A column row of DESCRIBE: name, type and comment, each padded to 20. */
export const columnRow = (name: string, type: string, comment = '') => row(pad(name), pad(type), pad(comment));

/**
 * Whether a name matches a Hive SHOW pattern: `*` is any text, `|` separates alternatives, the
 * rest is literal; case-insensitive, whole name (Athena documents only `*` and `|`).
 * @example
 * matchesHivePattern('sales_2024', 'sales*|orders') // true
 */
export function matchesHivePattern(name: string, pattern: string): boolean {
  return pattern.split('|').some((alternative) => {
    const source = alternative.trim().split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${source}$`, 'is').test(name);
  });
}

/** Java's Date.toString in UTC: `Mon Jan 01 00:00:00 UTC 2024`. */
export function javaDate(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}
