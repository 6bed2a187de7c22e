import { readFileSync, writeFileSync } from 'node:fs';
import type { Row } from '../../packages/sdk/src/feature-values.js';
import { parseCsv } from './csv.js';

/** A row of an input file, with where it came from ("file.csv:12") for reports. */
export interface SourcedRow {
  source: string;
  row: Row;
}

/** One line of a failed-rows report: the row as it was read, where from, and the service's error. */
export interface FailedRowEntry {
  source: string;
  error: { code: string; message: string };
  row: Row;
}

export class RowsFileError extends Error {
  override readonly name = 'RowsFileError';
}

/** Whether a JSON line is an entry of a failed-rows report (so a report can be ingested again as it is). */
function isReportEntry(v: Record<string, unknown>): v is Record<string, unknown> & FailedRowEntry {
  const keys = Object.keys(v);
  return keys.includes('row') && keys.includes('error') && keys.every((k) => k === 'row' || k === 'error' || k === 'source')
    && typeof v['row'] === 'object' && v['row'] !== null && !Array.isArray(v['row']);
}

/**
 * Reads the rows to ingest from a CSV or JSON Lines file (by its extension: .csv, else JSON Lines).
 * CSV: the first line names the features unless `columns` does (for files without a header, such
 * as the guide's sample); an empty field leaves the feature out. JSON Lines: one object per line,
 * feature name → value; lines of a failed-rows report are read as their `row`.
 *
 * @example
 * readRows('purchases.csv', { columns: ['pid', 'cid', 'product_name'] }); // [{ source: 'purchases.csv:1', row: { pid: '31618', … } }, …]
 */
export function readRows(file: string, opts: { columns?: string[] } = {}): SourcedRow[] {
  return readRowsFile(file, opts).rows;
}

/** {@link readRows}, with a CSV's column names (its header, or `columns`) to check before sending. */
export function readRowsFile(file: string, opts: { columns?: string[] } = {}): { rows: SourcedRow[]; columns?: string[] } {
  const text = readFileSync(file, 'utf8');
  return /\.csv$/i.test(file) ? csvRows(file, text, opts.columns) : { rows: jsonLines(file, text) };
}

function csvRows(file: string, text: string, columns: string[] | undefined): { rows: SourcedRow[]; columns?: string[] } {
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new RowsFileError(`${file}: ${(e as Error).message}`);
  }
  const names = columns ?? rows.shift()?.fields.map((f) => f.trim());
  if (!names || names.length === 0) return { rows: [] };
  return { columns: names, rows: rows.map(({ line, fields }) => {
    if (fields.length > names.length) throw new RowsFileError(`${file}:${line}: ${fields.length} fields, but only ${names.length} columns are named (${names.join(',')})`);
    const row: Row = {};
    names.forEach((name, i) => {
      const v = fields[i];
      if (v !== undefined && v !== '') row[name] = v;
    });
    return { source: `${file}:${line}`, row };
  }) };
}

function jsonLines(file: string, text: string): SourcedRow[] {
  const out: SourcedRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new RowsFileError(`${file}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RowsFileError(`${file}:${i + 1}: a line must be a JSON object (feature name → value)`);
    const obj = v as Record<string, unknown>;
    if (isReportEntry(obj)) out.push({ source: typeof obj.source === 'string' ? obj.source : `${file}:${i + 1}`, row: obj.row });
    else out.push({ source: `${file}:${i + 1}`, row: obj as Row });
  });
  return out;
}

/**
 * Writes a failed-rows report as JSON Lines, one entry per row; `sagelite ingest` reads it back
 * as input, so fixing the rows (or the cause) and running ingest on the report retries them.
 */
export function writeFailedRows(file: string, entries: FailedRowEntry[]): void {
  writeFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
}
