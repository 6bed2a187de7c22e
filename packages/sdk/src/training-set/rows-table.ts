import type { FeatureScalar, Row } from '../feature-values.js';
import type { EventTimeType } from './source.js';

/** Athena column types a rows base can have (the SDK's pandas dtype map: object, int64, float64, bool). */
export type RowsColumnType = 'STRING' | 'INT' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';

export interface RowsColumn {
  name: string;
  type: RowsColumnType;
}

const INT32 = 2 ** 31;
const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The columns of a rows base, in first-seen key order, each typed from its values as pandas would
 * type a data frame's: all strings (or Dates, written as ISO 8601) → STRING; all integers → INT
 * (BIGINT when one is beyond 32 bits, where the SDK would say INT and Athena would fail);
 * numbers with a fraction → DOUBLE; booleans → BOOLEAN. `types` overrides any column.
 *
 * @example
 * inferColumns([{ cid: 1001, ts: '2024-01-01T00:00:00Z', label: 0.5 }]); // cid INT, ts STRING, label DOUBLE
 */
export function inferColumns(rows: readonly Row[], types: Record<string, RowsColumnType> = {}): RowsColumn[] {
  const names: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!names.includes(k)) names.push(k);
  return names.map((name) => ({ name, type: types[name] ?? inferType(name, rows.map((r) => r[name])) }));
}

function inferType(name: string, values: unknown[]): RowsColumnType {
  const present = values.filter((v) => v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v)));
  if (present.some((v) => Array.isArray(v))) throw new Error(`Column ${name} holds a list; a rows base takes scalars only`);
  if (present.length === 0 || present.some((v) => typeof v === 'string' || v instanceof Date)) return 'STRING';
  if (present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) {
    return present.every((v) => Number(v) >= -INT32 && Number(v) < INT32) ? 'INT' : 'BIGINT';
  }
  return 'DOUBLE';
}

/** How the event time is cast in SQL: STRING columns hold ISO 8601 (from_iso8601_timestamp), numbers Unix seconds. */
export function eventTimeTypeOf(column: RowsColumn): EventTimeType {
  return column.type === 'STRING' ? 'String' : column.type === 'DOUBLE' ? 'Fractional' : 'Integral';
}

function field(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  const text = value instanceof Date ? value.toISOString() : String(value as FeatureScalar);
  // OpenCSVSerde as the SDK configures it: quote character `, escape character \.
  return /[,`\\\r\n]/.test(text) ? `\`${text.replace(/[`\\]/g, (c) => `\\${c}`)}\`` : text;
}

/**
 * The rows as the CSV the SDK uploads for a data-frame base: no header, comma-separated, values
 * quoted with a backtick when they need it; a missing value is an empty field.
 *
 * @example
 * rowsCsv([{ cid: 1, name: 'a,b' }], [{ name: 'cid', type: 'INT' }, { name: 'name', type: 'STRING' }]); // "1,`a,b`\n"
 */
export function rowsCsv(rows: readonly Row[], columns: readonly RowsColumn[]): string {
  return rows.map((r) => columns.map((c) => field(r[c.name])).join(',') + '\n').join('');
}

/**
 * The DDL the SDK runs for a data-frame base: an external table over the uploaded CSV, read with
 * OpenCSVSerde (separator `,`, quote `` ` ``, escape `\`).
 *
 * @example
 * createRowsTableSql('dataframe_base_1', columns, 's3://results/dataframe-base-1/');
 */
export function createRowsTableSql(table: string, columns: readonly RowsColumn[], location: string): string {
  const cols = columns.map((c) => `${SIMPLE_NAME.test(c.name) ? c.name : `\`${c.name.replace(/`/g, '``')}\``} ${c.type}`).join(', ');
  return `CREATE EXTERNAL TABLE ${table} (${cols}) `
    + `ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' `
    + `WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "\`", "escapeChar" = "\\\\") `
    + `LOCATION '${location.replace(/'/g, "''")}';`;
}

/**
 * A name for the temporary table and its S3 folder, as the SDK makes them
 * (`dataframe-base-<time>-<random>`; the table is `dataframe_` + that with `_` for `-`).
 *
 * @example
 * tempBaseName(new Date(0), () => 0.5); // { id: 'dataframe-base-1970-01-01-00-00-00-000-8000', table: 'dataframe_dataframe_base_1970_01_01_00_00_00_000_8000' }
 */
export function tempBaseName(now = new Date(), random = Math.random): { id: string; table: string } {
  const stamp = now.toISOString().replace(/[T:.]/g, '-').replace('Z', '');
  const id = `dataframe-base-${stamp}-${Math.floor(random() * 0x10000).toString(16).padStart(4, '0')}`;
  return { id, table: `dataframe_${id.replace(/-/g, '_')}` };
}
