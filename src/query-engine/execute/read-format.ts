/**
 * How the view reads a table's files, from its SerDe and its parameters.
 * TODO(statements): replace with the statements module's tableFormat(table) once it lands.
 */
import { SERDE } from '../statements/serdes.js';
import type { CatalogTable } from '../../storage/catalog.js';
import { notSupported } from '../errors.js';
import type { ReadFormat } from './table-views.js';

export function readFormatOf(table: CatalogTable): ReadFormat {
  const sd = table.StorageDescriptor ?? {};
  const serde = sd.SerdeInfo?.SerializationLibrary ?? '';
  const p = { ...(sd.SerdeInfo?.Parameters ?? {}) };
  const skip = Number(table.Parameters?.['skip.header.line.count'] ?? 0) || 0;
  if (serde === SERDE.parquet || /parquet/i.test(sd.InputFormat ?? '')) return { kind: 'parquet' };
  if (serde === SERDE.openxJson || serde === SERDE.hcatalogJson || serde === SERDE.hiveJson) return { kind: 'json' };
  if (serde === SERDE.openCsv) {
    return { kind: 'text', delimiter: p['separatorChar'] ?? ',', quote: p['quoteChar'] ?? '"', escape: p['escapeChar'] ?? '\\', skipHeaderLines: skip };
  }
  if (serde === SERDE.lazySimple || serde === '') {
    const delimiter = p['field.delim'] ?? p['serialization.format'] ?? '\u0001';
    return { kind: 'text', delimiter: delimiter === '1' ? '\u0001' : delimiter, quote: '', escape: p['escape.delim'] ?? '', skipHeaderLines: skip, nullString: p['serialization.null.format'] ?? '\\N' };
  }
  throw notSupported(`sagelite reads Parquet, CSV/text and JSON tables, not ${serde}`);
}
