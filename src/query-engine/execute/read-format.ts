/**
 * How the view reads a table's files: the statements module's {@link tableFormat} as the
 * reader's options. LazySimpleSerDe never quotes and reads `\N` (or serialization.null.format)
 * as NULL; OpenCSVSerde quotes with `"` and has no NULL text.
 *
 * DuckDB's reader knows one escape character. OpenCSVSerde (opencsv) reads both `\"` and a
 * doubled `""` as a quote; when the table names no escapeChar, sagelite reads the doubled form
 * (RFC 4180, what most CSV writers produce); a table that sets escapeChar is read with that
 * escape, and the doubled quotes DuckDB then keeps are collapsed by the view (table-views.ts).
 */
import { tableFormat } from '../statements/table-format.js';
import type { CatalogTable } from '../../storage/catalog.js';
import type { ReadFormat } from './table-views.js';

/**
 * @example
 * readFormatOf(table) // { kind: 'text', delimiter: ',', quote: '"', escape: '\\', skipHeaderLines: 1 }
 */
export function readFormatOf(table: CatalogTable): ReadFormat {
  const format = tableFormat(table);
  if (format.kind !== 'csv') return format;
  if (format.serde === 'OpenCSVSerde') {
    const quote = format.quote ?? '"';
    const explicitEscape = table.StorageDescriptor?.SerdeInfo?.Parameters?.['escapeChar'];
    return { kind: 'text', delimiter: format.delimiter, quote, escape: explicitEscape ? (format.escape ?? '\\') : quote, skipHeaderLines: format.skipHeaderLines };
  }
  return { kind: 'text', delimiter: format.delimiter, quote: '', escape: format.escape ?? '', skipHeaderLines: format.skipHeaderLines, nullString: format.nullFormat ?? '\\N' };
}
