/**
 * How the view reads a table's files: the statements module's {@link tableFormat} as the
 * reader's options. LazySimpleSerDe never quotes and reads `\N` (or serialization.null.format)
 * as NULL; OpenCSVSerde quotes with `"` and escapes with `\` by default and has no NULL text.
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
    return { kind: 'text', delimiter: format.delimiter, quote: format.quote ?? '"', escape: format.escape ?? '\\', skipHeaderLines: format.skipHeaderLines };
  }
  return { kind: 'text', delimiter: format.delimiter, quote: '', escape: format.escape ?? '', skipHeaderLines: format.skipHeaderLines, nullString: format.nullFormat ?? '\\N' };
}
