/**
 * The result objects a query leaves in S3, and reading them back for GetQueryResults:
 * `<id>.csv` (header row, every value double-quoted, NULL an empty unquoted field) for SELECT and
 * CTAS, `<id>.txt` (one line per row, values tab-separated) for DDL and utility statements, and
 * `<id>.csv.metadata` / `<id>.txt.metadata` beside them. Athena's metadata file is an undocumented
 * binary; sagelite writes a JSON document of the ResultSetMetadata instead (clients do not read it).
 */
import type { ResultColumn } from '../../query-engine/types.js';
import { columnInfo } from './views.js';

/** One value as Athena's CSV writes it. */
function csvField(v: string | null): string {
  return v === null ? '' : `"${v.replace(/"/g, '""')}"`;
}

/** The result CSV: a header row of column names, then the rows. */
export function renderCsv(columns: readonly ResultColumn[], rows: ReadonlyArray<ReadonlyArray<string | null>>): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/** The result text of DDL and utility statements: one line per row, values tab-separated, NULL empty. */
export function renderText(rows: ReadonlyArray<ReadonlyArray<string | null>>): string {
  return rows.map((r) => r.map((v) => v ?? '').join('\t') + '\n').join('');
}

/**
 * Parses a result CSV back into rows (the header row included): a quoted field is a value (`""`
 * inside it a quote), an empty unquoted field is NULL.
 */
export function parseCsv(text: string): Array<Array<string | null>> {
  const rows: Array<Array<string | null>> = [];
  let row: Array<string | null> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field in result CSV');
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n') j++;
      const raw = text.slice(i, j).replace(/\r$/, '');
      value = raw === '' ? null : raw;
      i = j;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n || text[i] === '\n') row.push(null);
    }
    if (i >= n || text[i] === '\n') {
      rows.push(row);
      row = [];
      i++;
    }
  }
  return rows;
}

/** Parses result text: one row per line; with several columns, values are tab-separated. */
export function parseText(text: string, columnCount: number): Array<Array<string | null>> {
  if (text === '') return [];
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((l) => (columnCount > 1 ? l.split('\t', columnCount) : [l]));
}

/** The `.metadata` object's JSON: the ResultSetMetadata GetQueryResults answers with. */
export function renderMetadata(columns: readonly ResultColumn[]): string {
  return JSON.stringify({ ResultSetMetadata: { ColumnInfo: columns.map(columnInfo) } });
}
