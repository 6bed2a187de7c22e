/**
 * The result objects a query leaves in S3, and reading them back for GetQueryResults:
 * `<id>.csv` (header row, every value double-quoted, NULL an empty unquoted field) for SELECT and
 * CTAS, `<id>.txt` (one line per row, values tab-separated) for DDL and utility statements, and
 * `<id>.csv.metadata` / `<id>.txt.metadata` beside them. Athena's metadata file is an undocumented
 * binary; sagelite writes a JSON document of the ResultSetMetadata instead (clients do not read it).
 */
import { fromAthenaCsv, toAthenaCsv, toAthenaText } from '../../query-engine/results/csv.js';
import type { ResultColumn } from '../../query-engine/types.js';
import { columnInfo } from './views.js';

/** The result CSV: a header row of column names, then the rows (every value quoted, NULL empty). */
export function renderCsv(columns: ResultColumn[], rows: Array<Array<string | null>>): Buffer {
  return toAthenaCsv(columns, rows);
}

/** The result text of DDL and utility statements: one line per row, values tab-separated, NULL empty. */
export function renderText(rows: Array<Array<string | null>>): Buffer {
  return toAthenaText(rows);
}

/** A result CSV read back into rows, the header row included; an empty unquoted field is NULL. */
export function parseCsv(text: string): Array<Array<string | null>> {
  return fromAthenaCsv(text);
}

/**
 * Parses result text: one row per line, the whole line its one value. Athena returns DESCRIBE
 * and SHOW TBLPROPERTIES this way although their metadata names several columns: the fields
 * stay tab-separated inside the value (`id                  \tint                 \t `).
 */
export function parseText(text: string): Array<Array<string | null>> {
  if (text === '') return [];
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((l) => [l]);
}

/** The `.metadata` object's JSON: the ResultSetMetadata GetQueryResults answers with. */
export function renderMetadata(columns: readonly ResultColumn[]): string {
  return JSON.stringify({ ResultSetMetadata: { ColumnInfo: columns.map(columnInfo) } });
}
