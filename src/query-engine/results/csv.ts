/**
 * Athena's result files: `<id>.csv` for queries (a header row of quoted column names, every
 * non-null value double-quoted with embedded quotes doubled, NULL as an empty unquoted field, `\n`
 * after each row) and `<id>.txt` for DDL and utility statements (one line per row, tab-separated).
 */
import type { ResultColumn } from '../types.js';

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

/**
 * @example
 * toAthenaCsv([{ name: 'a', ... }], [['x'], [null], ['']]).toString(); // '"a"\n"x"\n\n""\n'
 */
export function toAthenaCsv(columns: ResultColumn[], rows: Array<Array<string | null>>): Buffer {
  const lines = [columns.map((c) => quote(c.name)).join(',')];
  for (const row of rows) lines.push(row.map((v) => (v === null ? '' : quote(v))).join(','));
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/**
 * @example
 * toAthenaText([['db1'], ['db2']]).toString(); // 'db1\ndb2\n'
 */
export function toAthenaText(rows: Array<Array<string | null>>): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  return Buffer.from(rows.map((row) => row.map((v) => v ?? '').join('\t')).join('\n') + '\n', 'utf8');
}

/**
 * Reads an Athena result CSV back, header row included (GetQueryResults returns it as the first
 * row of a SELECT): an empty unquoted field is NULL, `""` is the empty string.
 *
 * @example
 * fromAthenaCsv('"a","b"\n"x",\n'); // [['a', 'b'], ['x', null]]
 */
export function fromAthenaCsv(text: string): Array<Array<string | null>> {
  const rows: Array<Array<string | null>> = [];
  let row: Array<string | null> = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  while (i <= n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          out += text.slice(i);
          i = n;
          break;
        }
        out += text.slice(i, close);
        if (text[close + 1] === '"') {
          out += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      const raw = text.slice(i, j);
      value = raw === '' ? null : raw;
      i = j;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    // End of a row: a newline, or the end of the text.
    rows.push(row);
    row = [];
    i++;
    if (i >= n) break;
  }
  return rows;
}
