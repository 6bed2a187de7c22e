/**
 * How a Glue table's files are read, derived as Athena derives it: from the SerDe library first,
 * then the input format, then the `classification` table parameter (what Glue crawlers set).
 */
import type { CatalogTable } from '../../storage/catalog.js';
import { ErrorCategory, QueryFailure } from '../types.js';
import { DELIM, SERDE } from './serdes.js';

/**
 * - `parquet`: columns matched by name.
 * - `csv`: delimited text, fields by position. Two SerDes read it differently, so the executor
 *   must look at `serde`:
 *   - `LazySimpleSerDe` (Hive's default text): no quoting (`quote` undefined); `escape` only when
 *     `escape.delim` is set; `nullFormat` is `serialization.null.format`, default `\N`; a field
 *     that does not convert to the column's type reads NULL.
 *   - `OpenCSVSerde`: quoting with `quote` (default `"`), `escape` (default `\`), no null text (an
 *     empty field is an empty string). Athena reads **every column as string** and casts to the
 *     declared type: BOOLEAN, INT, BIGINT and DOUBLE from their text (Athena documents these; cast
 *     the other numeric types the same way); DATE only as days since 1970-01-01 (`18276` is 2020-01-15); TIMESTAMP only as milliseconds since
 *     the epoch (`1579059880000`); a value that does not convert (an empty field in an INT
 *     column included) fails the query with HIVE_BAD_DATA, unless the table property
 *     `use.null.for.invalid.data` is `TRUE`, when it reads NULL. Embedded newlines in quoted
 *     fields are not supported by Athena either.
 * - `json`: one JSON object per line, keys matched to columns case-insensitively.
 *
 * `skipHeaderLines` is the table property `skip.header.line.count` (0 when absent), skipped at
 * the start of every file.
 */
export type TableFormat =
  | { kind: 'parquet' }
  | {
      kind: 'csv';
      serde: 'LazySimpleSerDe' | 'OpenCSVSerde';
      delimiter: string;
      quote?: string;
      escape?: string;
      skipHeaderLines: number;
      nullFormat?: string;
    }
  | { kind: 'json' };

const JSON_SERDES: readonly string[] = [SERDE.openxJson, SERDE.hcatalogJson, SERDE.hiveJson];
const PARQUET_INPUT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
const TEXT_INPUTS = ['org.apache.hadoop.mapred.TextInputFormat', 'org.apache.hadoop.mapreduce.lib.input.TextInputFormat'];

/**
 * Hive reads a delimiter given as a number (`'9'`) as that byte; anything else by its first
 * character. Hive's default field delimiter is \u0001.
 */
function delimiterChar(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (/^-?\d+$/.test(value)) return String.fromCharCode(((Number(value) % 256) + 256) % 256);
  return value[0]!;
}

function skipHeaderLines(table: CatalogTable): number {
  const raw = table.Parameters?.['skip.header.line.count'] ?? table.StorageDescriptor?.Parameters?.['skip.header.line.count'];
  const n = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function unsupported(table: CatalogTable, what: string): QueryFailure {
  return new QueryFailure(
    ErrorCategory.User,
    1201,
    `HIVE_UNSUPPORTED_FORMAT: table ${table.databaseName}.${table.Name} is stored as ${what}; sagelite reads Parquet, delimited text (LazySimpleSerDe, OpenCSVSerde) and JSON tables`,
  );
}

/**
 * The format of a table's files.
 * @throws QueryFailure (HIVE_UNSUPPORTED_FORMAT) for ORC, Avro, Ion, regex and other formats
 * @example
 * tableFormat(table) // { kind: 'csv', serde: 'OpenCSVSerde', delimiter: ',', quote: '"', escape: '\\', skipHeaderLines: 1 }
 */
export function tableFormat(table: CatalogTable): TableFormat {
  const sd = table.StorageDescriptor ?? {};
  const serde = sd.SerdeInfo?.SerializationLibrary;
  const params = sd.SerdeInfo?.Parameters ?? {};
  const input = sd.InputFormat;
  const classification = (table.Parameters?.classification ?? '').toLowerCase();
  if (serde === SERDE.parquet || input === PARQUET_INPUT) return { kind: 'parquet' };
  if (serde !== undefined && JSON_SERDES.includes(serde)) return { kind: 'json' };
  if (serde === SERDE.openCsv) {
    return {
      kind: 'csv',
      serde: 'OpenCSVSerde',
      delimiter: params.separatorChar?.[0] ?? ',',
      quote: params.quoteChar?.[0] ?? '"',
      escape: params.escapeChar?.[0] ?? '\\',
      skipHeaderLines: skipHeaderLines(table),
    };
  }
  if (serde === SERDE.lazySimple && (input === undefined || TEXT_INPUTS.includes(input))) {
    const format: TableFormat = {
      kind: 'csv',
      serde: 'LazySimpleSerDe',
      delimiter: delimiterChar(params[DELIM.field] ?? params[DELIM.format], '\u0001'),
      skipHeaderLines: skipHeaderLines(table),
      nullFormat: params[DELIM.nullFormat] ?? '\\N',
    };
    if (params[DELIM.escape] !== undefined && params[DELIM.escape] !== '') format.escape = params[DELIM.escape]![0]!;
    return format;
  }
  if (serde === undefined) {
    // No SerDe recorded: fall back on what a crawler's classification says.
    if (classification === 'parquet') return { kind: 'parquet' };
    if (classification === 'json') return { kind: 'json' };
    if (classification === 'csv' || (input !== undefined && TEXT_INPUTS.includes(input))) {
      return { kind: 'csv', serde: 'LazySimpleSerDe', delimiter: delimiterChar(params[DELIM.field], classification === 'csv' ? ',' : '\u0001'), skipHeaderLines: skipHeaderLines(table), nullFormat: '\\N' };
    }
  }
  throw unsupported(table, serde ?? input ?? (classification || 'an unknown format'));
}
