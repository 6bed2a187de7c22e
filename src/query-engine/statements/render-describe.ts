/**
 * DESCRIBE's output as Hive (and so Athena) prints it: rows of three tab-separated fields
 * (col_name, data_type, comment), each padded to 20 characters, a missing field written as one
 * space.
 *
 * - DESCRIBE t: every column, then the partition keys again; for a partitioned table a
 *   `# Partition Information` section repeats the keys under a `# col_name` header.
 * - DESCRIBE FORMATTED t: a header row, the columns, the partition section, then
 *   `# Detailed Table Information` and `# Storage Information`.
 * - DESCRIBE EXTENDED t: DESCRIBE's rows, then `Detailed Table Information` and the table as
 *   Hive's Thrift object prints.
 * - DESCRIBE t col[.field]: that column's row.
 */
import type { CatalogColumn, CatalogTable } from '../../storage/catalog.js';
import { semanticError } from './errors.js';
import { formatHiveType, parseHiveType, type HiveType } from './hive-types.js';
import { columnRow, javaDate, pad, row } from './render-text.js';
import { columnsFromDeserializer, FROM_DESERIALIZER } from './serdes.js';

const BLANK = row('');
const HEADER = row(`# ${pad('col_name')}`, pad('data_type'), pad('comment'));

/** The table's columns with the comments Hive shows (`from deserializer` for SerDe-read schemas). */
function dataColumns(table: CatalogTable): CatalogColumn[] {
  const sd = table.StorageDescriptor ?? {};
  const fromDeserializer = columnsFromDeserializer(sd.SerdeInfo?.SerializationLibrary);
  return (sd.Columns ?? []).map((c) => (fromDeserializer ? { ...c, Comment: FROM_DESERIALIZER } : c));
}

const columnRows = (columns: readonly CatalogColumn[]) => columns.map((c) => columnRow(c.Name, c.Type ?? 'string', c.Comment ?? ''));

function partitionSection(keys: readonly CatalogColumn[]): string[] {
  return keys.length === 0 ? [] : [BLANK, row('# Partition Information'), HEADER, BLANK, ...columnRows(keys)];
}

/** `name:value` pairs under a heading, sorted by name, as Hive lists table and SerDe parameters. */
function parameterRows(params: Record<string, string> | undefined): string[] {
  return Object.keys(params ?? {})
    .sort()
    .map((k) => row('', pad(k), pad(params![k]!)));
}

function detailedRows(table: CatalogTable): string[] {
  const sd = table.StorageDescriptor ?? {};
  const pair = (name: string, value: string) => row(pad(name), pad(value));
  const sort = (sd.SortColumns ?? []).map((s) => `Order(col:${s.Column}, order:${s.SortOrder})`);
  return [
    BLANK,
    row('# Detailed Table Information'),
    pair('Database:', table.databaseName),
    pair('Owner:', table.Owner ?? 'hadoop'),
    pair('CreateTime:', javaDate(table.createdAt)),
    pair('LastAccessTime:', 'UNKNOWN'),
    pair('Retention:', String(table.Retention ?? 0)),
    pair('Location:', sd.Location ?? ''),
    pair('Table Type:', table.TableType ?? 'EXTERNAL_TABLE'),
    row('Table Parameters:'),
    ...parameterRows(table.Parameters),
    BLANK,
    row('# Storage Information'),
    pair('SerDe Library:', sd.SerdeInfo?.SerializationLibrary ?? ''),
    pair('InputFormat:', sd.InputFormat ?? ''),
    pair('OutputFormat:', sd.OutputFormat ?? ''),
    pair('Compressed:', sd.Compressed ? 'Yes' : 'No'),
    pair('Num Buckets:', String(sd.NumberOfBuckets ?? -1)),
    pair('Bucket Columns:', `[${(sd.BucketColumns ?? []).join(', ')}]`),
    pair('Sort Columns:', `[${sort.join(', ')}]`),
    row('Storage Desc Params:'),
    ...parameterRows(sd.SerdeInfo?.Parameters),
  ];
}

/** Hive's Thrift rendering of a table, the value of DESCRIBE EXTENDED's last row. */
function thriftTable(table: CatalogTable): string {
  const sd = table.StorageDescriptor ?? {};
  const cols = (list: readonly CatalogColumn[] | undefined) =>
    `[${(list ?? []).map((c) => `FieldSchema(name:${c.Name}, type:${c.Type}, comment:${c.Comment ?? 'null'})`).join(', ')}]`;
  const map = (m: Record<string, string> | undefined) => `{${Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
  const serde = `SerDeInfo(name:${sd.SerdeInfo?.Name ?? 'null'}, serializationLib:${sd.SerdeInfo?.SerializationLibrary ?? 'null'}, parameters:${map(sd.SerdeInfo?.Parameters)})`;
  const descriptor = `StorageDescriptor(cols:${cols(sd.Columns)}, location:${sd.Location ?? 'null'}, inputFormat:${sd.InputFormat ?? 'null'}, outputFormat:${sd.OutputFormat ?? 'null'}, compressed:${sd.Compressed ?? false}, numBuckets:${sd.NumberOfBuckets ?? -1}, serdeInfo:${serde}, bucketCols:[${(sd.BucketColumns ?? []).join(', ')}], sortCols:[], parameters:${map(sd.Parameters)}, storedAsSubDirectories:${sd.StoredAsSubDirectories ?? false})`;
  return `Table(tableName:${table.Name}, dbName:${table.databaseName}, owner:${table.Owner ?? 'hadoop'}, createTime:${Math.floor(table.createdAt.getTime() / 1000)}, lastAccessTime:0, retention:${table.Retention ?? 0}, sd:${descriptor}, partitionKeys:${cols(table.PartitionKeys)}, parameters:${map(table.Parameters)}, viewOriginalText:null, viewExpandedText:null, tableType:${table.TableType ?? 'EXTERNAL_TABLE'})`;
}

/** One column, or a field inside it (`a.b`, `tags.$elem$`, `m.$key$`, `m.$value$`). */
function describeColumn(table: CatalogTable, path: string): string[] {
  const [head, ...rest] = path.split('.');
  const column = [...dataColumns(table), ...(table.PartitionKeys ?? [])].find((c) => c.Name.toLowerCase() === head);
  const invalid = () => semanticError(`[Error 10002]: Invalid column reference ${path}`);
  if (column === undefined) throw invalid();
  if (rest.length === 0) return [columnRow(column.Name, column.Type ?? 'string', column.Comment ?? '')];
  let type: HiveType = parseHiveType(column.Type ?? 'string');
  for (const part of rest) {
    const next: HiveType | undefined =
      type.kind === 'struct' ? type.fields.find((f) => f.name === part.toLowerCase())?.type
      : type.kind === 'array' && part === '$elem$' ? type.element
      : type.kind === 'map' && part === '$key$' ? type.key
      : type.kind === 'map' && part === '$value$' ? type.value
      : undefined;
    if (next === undefined) throw invalid();
    type = next;
  }
  return [columnRow(rest[rest.length - 1]!, formatHiveType(type), FROM_DESERIALIZER)];
}

/**
 * DESCRIBE's lines for a table.
 * @example
 * renderDescribe(table) // ['id                  \tint                 \t                    ', …]
 */
export function renderDescribe(table: CatalogTable, options: { detail?: 'formatted' | 'extended'; column?: string } = {}): string[] {
  if (options.column !== undefined) return describeColumn(table, options.column.toLowerCase());
  const keys = table.PartitionKeys ?? [];
  if (options.detail === 'formatted') {
    return [HEADER, BLANK, ...columnRows(dataColumns(table)), ...partitionSection(keys), ...detailedRows(table)];
  }
  const plain = [...columnRows([...dataColumns(table), ...keys]), ...partitionSection(keys)];
  if (options.detail === 'extended') return [...plain, BLANK, row('Detailed Table Information', thriftTable(table))];
  return plain;
}
