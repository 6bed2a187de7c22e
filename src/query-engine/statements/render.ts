/**
 * The text Athena returns for SHOW statements, as lines (each line one result row of one
 * value), and the result shape of every utility statement. DESCRIBE is in render-describe.ts.
 *
 * Athena writes these results as `<id>.txt` (not .csv), one line per row; GetQueryResults gives
 * one VarCharValue per row, the whole line, even where the metadata names several columns
 * (DESCRIBE's lines hold its three fields separated by tabs).
 */
import type { CatalogColumn, PartitionDefinition, TableDefinition } from '../../storage/catalog.js';
import type { ResultColumn } from '../types.js';
import { partitionName } from './partitions.js';
import { backtick, matchesHivePattern, pad, quoteHive } from './render-text.js';
import { columnsFromDeserializer, DELIM, FROM_DESERIALIZER, SERDE } from './serdes.js';
import type { Statement } from './types.js';

export { renderDescribe } from './render-describe.js';
export { matchesHivePattern } from './render-text.js';

/** Delimited-text parameters SHOW CREATE TABLE writes as ROW FORMAT DELIMITED clauses, in order. */
const DELIMITED_CLAUSES: Array<[string, string]> = [
  [DELIM.collection, 'COLLECTION ITEMS TERMINATED BY'],
  [DELIM.mapKey, 'MAP KEYS TERMINATED BY'],
  [DELIM.line, 'LINES TERMINATED BY'],
  [DELIM.nullFormat, 'NULL DEFINED AS'],
];

/**
 * Whether a LazySimpleSerDe's parameters are exactly what ROW FORMAT DELIMITED writes, so that
 * printing them that way (as Athena does) reads back to the same parameters.
 */
function delimitedForm(serde: string | undefined, params: Record<string, string>): boolean {
  if (serde !== SERDE.lazySimple) return false;
  const field = params[DELIM.field];
  const known = new Set<string>([DELIM.field, DELIM.escape, DELIM.format, ...DELIMITED_CLAUSES.map(([k]) => k)]);
  if (Object.keys(params).some((k) => !known.has(k))) return false;
  if (params[DELIM.escape] !== undefined && field === undefined) return false;
  if ((params[DELIM.format] ?? '1') !== (field ?? '1')) return false;
  return field !== undefined || DELIMITED_CLAUSES.some(([k]) => params[k] !== undefined);
}

function rowFormat(table: TableDefinition): string[] {
  const sd = table.StorageDescriptor ?? {};
  const serde = sd.SerdeInfo?.SerializationLibrary;
  const params = sd.SerdeInfo?.Parameters ?? {};
  const lines: string[] = [];
  if (delimitedForm(serde, params)) {
    lines.push('ROW FORMAT DELIMITED ');
    const field = params[DELIM.field];
    const escape = params[DELIM.escape];
    if (field !== undefined) lines.push(`  FIELDS TERMINATED BY ${quoteHive(field)}${escape !== undefined ? ` ESCAPED BY ${quoteHive(escape)}` : ''} `);
    for (const [key, clause] of DELIMITED_CLAUSES) if (params[key] !== undefined) lines.push(`  ${clause} ${quoteHive(params[key]!)} `);
  } else if (serde !== undefined) {
    lines.push('ROW FORMAT SERDE ', `  ${quoteHive(serde)} `);
    // Hive leaves out serialization.format when it has its default value.
    const shown = Object.entries(params).filter(([k, v]) => !(k === DELIM.format && v === '1')).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (shown.length > 0) {
      lines.push('WITH SERDEPROPERTIES ( ');
      shown.forEach(([k, v], i) => lines.push(`  ${quoteHive(k)}=${quoteHive(v)}${i < shown.length - 1 ? ', ' : ') '}`));
    }
  }
  if (sd.InputFormat !== undefined && sd.OutputFormat !== undefined) {
    lines.push('STORED AS INPUTFORMAT ', `  ${quoteHive(sd.InputFormat)} `, 'OUTPUTFORMAT ', `  ${quoteHive(sd.OutputFormat)}`);
  }
  return lines;
}

function columnLines(columns: readonly CatalogColumn[], fromDeserializer: boolean): string[] {
  return columns.map((col, i) => {
    const comment = fromDeserializer ? FROM_DESERIALIZER : col.Comment;
    const text = `  ${backtick(col.Name)} ${col.Type ?? 'string'}${comment !== undefined ? ` COMMENT ${quoteHive(comment)}` : ''}`;
    return i < columns.length - 1 ? `${text}, ` : `${text})`;
  });
}

function bucketLines(table: TableDefinition): string[] {
  const sd = table.StorageDescriptor ?? {};
  const buckets = sd.BucketColumns ?? [];
  if (buckets.length === 0) return [];
  const lines = ['CLUSTERED BY ( ', ...buckets.map((b, i) => `  ${b}${i < buckets.length - 1 ? ', ' : ') '}`)];
  const sort = sd.SortColumns ?? [];
  if (sort.length > 0) {
    lines.push('SORTED BY ( ', ...sort.map((s, i) => `  ${s.Column} ${s.SortOrder === 0 ? 'DESC' : 'ASC'}${i < sort.length - 1 ? ', ' : ') '}`));
  }
  lines.push(`INTO ${sd.NumberOfBuckets ?? -1} BUCKETS`);
  return lines;
}

/**
 * SHOW CREATE TABLE: the CREATE EXTERNAL TABLE statement, in Hive's layout (backticked names,
 * trailing spaces and all), TBLPROPERTIES sorted without EXTERNAL and comment (the table comment
 * has its own clause). Columns of SerDes that read their own schema (OpenCSVSerde, the JSON
 * SerDes) show COMMENT 'from deserializer', as Hive prints them.
 * @example
 * renderShowCreateTable(table)[0] // 'CREATE EXTERNAL TABLE `sales`('
 */
export function renderShowCreateTable(table: TableDefinition): string[] {
  const sd = table.StorageDescriptor ?? {};
  const external = table.TableType === 'EXTERNAL_TABLE' || table.Parameters?.EXTERNAL?.toUpperCase() === 'TRUE';
  const columns = sd.Columns ?? [];
  const head = `CREATE ${external ? 'EXTERNAL ' : ''}TABLE ${backtick(table.Name)}`;
  const lines = columns.length > 0 ? [`${head}(`, ...columnLines(columns, columnsFromDeserializer(sd.SerdeInfo?.SerializationLibrary))] : [head];
  const comment = table.Parameters?.comment;
  if (comment !== undefined) lines.push(`COMMENT ${quoteHive(comment)}`);
  const keys = table.PartitionKeys ?? [];
  if (keys.length > 0) lines.push('PARTITIONED BY ( ', ...columnLines(keys, false));
  lines.push(...bucketLines(table), ...rowFormat(table));
  if (sd.Location !== undefined) lines.push('LOCATION', `  ${quoteHive(sd.Location)}`);
  const props = Object.entries(table.Parameters ?? {})
    .filter(([k]) => k !== 'EXTERNAL' && k !== 'comment')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (props.length > 0) {
    lines.push('TBLPROPERTIES (');
    props.forEach(([k, v], i) => lines.push(`  ${quoteHive(k)}=${quoteHive(v)}${i < props.length - 1 ? ', ' : ')'}`));
  }
  return lines;
}

/** SHOW COLUMNS: every column then every partition key, each name padded as Hive pads it. */
export function renderShowColumns(table: TableDefinition): string[] {
  return [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map((c) => pad(c.Name));
}

/** SHOW PARTITIONS: `k1=v1/k2=v2` per partition, in the order given, values escaped as Hive escapes them. */
export function renderShowPartitions(table: TableDefinition, partitions: readonly PartitionDefinition[]): string[] {
  return partitions.map((p) => partitionName(table.PartitionKeys ?? [], p.Values));
}

/** SHOW TABLES / SHOW DATABASES: the names matching the pattern (all without one), sorted. */
export function renderNames(names: readonly string[], like?: string): string[] {
  return names.filter((n) => like === undefined || matchesHivePattern(n, like)).sort();
}

/**
 * SHOW TBLPROPERTIES: `key\tvalue` for every table parameter, sorted by key; with a property
 * named, its value alone, or Hive's message when the table has no such property.
 */
export function renderTblProperties(table: TableDefinition & { databaseName?: string }, property?: string): string[] {
  const params = table.Parameters ?? {};
  if (property !== undefined) {
    const value = params[property];
    return [value ?? `Table ${table.databaseName ?? 'default'}.${table.Name} does not have property: ${property}`];
  }
  return Object.keys(params).sort().map((k) => `${k}\t${params[k]}`);
}

/** The statements whose output is lines of text. */
export type UtilityKind = Extract<Statement['kind'], `show-${string}` | 'describe'>;

/** The result column names Hive gives each utility statement's output. */
const COLUMNS: Record<UtilityKind, string[]> = {
  'show-databases': ['database_name'],
  'show-tables': ['tab_name'],
  'show-columns': ['field'],
  'show-partitions': ['partition'],
  'show-create-table': ['createtab_stmt'],
  'show-tblproperties': ['prpt_name', 'prpt_value'],
  describe: ['col_name', 'data_type', 'comment'],
};

/**
 * The result of a utility statement as Athena returns it: Hive's column names, typed `string`
 * (Hive's type name, which Athena reports for these), and one row per line holding the whole
 * line as its single value.
 * @example
 * utilityResult('show-tables', ['sales']) // { columns: [{ name: 'tab_name', type: 'string', … }], rows: [['sales']] }
 */
export function utilityResult(kind: UtilityKind, lines: readonly string[]): { columns: ResultColumn[]; rows: Array<Array<string | null>> } {
  const columns = COLUMNS[kind].map((name): ResultColumn => ({
    name,
    label: name,
    type: 'string',
    precision: 0,
    scale: 0,
    nullable: 'UNKNOWN',
    caseSensitive: false,
  }));
  return { columns, rows: lines.map((line) => [line]) };
}
