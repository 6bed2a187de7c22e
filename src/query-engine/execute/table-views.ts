/**
 * The DuckDB view that presents one Glue table to a query: the table's declared columns in
 * Glue's order with Glue's types, then its partition columns, over the files fetched for it.
 *
 * - Parquet: columns are matched by name, case-insensitively (as Athena does); a declared column
 *   missing from every file reads NULL, files missing it read NULL (`union_by_name`), columns
 *   the table does not declare are ignored.
 * - Text (CSV and Hive's delimited text): columns are positional; every field is read as text
 *   and converted to the declared type, a field that does not convert reading NULL (as Hive's
 *   SerDes do); short rows are padded with NULL, extra fields ignored.
 * - JSON lines: keys are matched case-insensitively (the OpenX and Hive JSON SerDes' default).
 *
 * Partition values come from the Glue partition each file was fetched for, so a partition's
 * location need not be a Hive-style path. When the files were laid out locally under
 * `…/__sagelite_partition=<index>/` (table-data.ts does so), DuckDB's hive partitioning reads that
 * index as a constant per file and each partition column is a constant list indexed by it: no
 * per-row work, so count(*) still answers from Parquet footers and aggregates scan only their
 * columns. Otherwise the values are joined on each row's file name (several times slower on
 * large tables).
 */
import { ident, literal } from './instance.js';

/** A declared column, its type already DuckDB's. */
export interface ViewColumn {
  name: string;
  duckType: string;
}

/** How the table's files are read. */
export type ReadFormat =
  | { kind: 'parquet' }
  | { kind: 'json' }
  | {
      kind: 'text';
      delimiter: string;
      /** '' when fields are never quoted (LazySimpleSerDe). */
      quote: string;
      escape: string;
      skipHeaderLines: number;
      /** The text that means NULL (`\N` for LazySimpleSerDe); undefined when none does (OpenCSVSerde: an empty field is an empty string). */
      nullString?: string;
    };

/** A local file of the table, with the values of the partition it belongs to (in PartitionKeys order). */
export interface ViewFile {
  path: string;
  partitionValues: string[];
  /**
   * The partition's number when the file lies in a folder `<PARTITION_INDEX_COLUMN>=<index>` and
   * no other folder on its path holds a `=` (so DuckDB's hive partitioning finds only that one).
   */
  partitionIndex?: number;
}

/** The folder name (before `=`) that carries a file's partition number, read by DuckDB's hive partitioning. */
export const PARTITION_INDEX_COLUMN = '__sagelite_partition';

export interface ViewSpec {
  columns: ViewColumn[];
  partitionKeys: ViewColumn[];
  format: ReadFormat;
  files: ViewFile[];
}

/** The column every reader adds with each row's file, for the partition join. Unlikely in real data. */
const FILE_COLUMN = '__sagelite_source_file';

const list = (paths: readonly string[]) => `[${paths.map(literal).join(', ')}]`;

/** True when every file carries its partition number in its path (see {@link ViewFile.partitionIndex}). */
function byPartitionIndex(spec: ViewSpec): boolean {
  return spec.partitionKeys.length > 0 && spec.files.every((f) => f.partitionIndex !== undefined);
}

/** The multi-file reader options that find the partition of each row: hive partitioning, or the file name to join on. */
function readerOptions(spec: ViewSpec): string {
  if (spec.partitionKeys.length === 0) return 'hive_partitioning = false';
  if (byPartitionIndex(spec)) return `hive_partitioning = true, hive_types = {${literal(PARTITION_INDEX_COLUMN)}: 'INTEGER'}`;
  return `hive_partitioning = false, filename = ${literal(FILE_COLUMN)}`;
}

function partitionSelect(spec: ViewSpec): string[] {
  if (!byPartitionIndex(spec)) return spec.partitionKeys.map((k, i) => `TRY_CAST(part.${ident(`p${i}`)} AS ${k.duckType}) AS ${ident(k.name)}`);
  const values = new Map<number, string[]>();
  for (const f of spec.files) values.set(f.partitionIndex!, f.partitionValues);
  const count = Math.max(...values.keys()) + 1;
  const index = `src.${ident(PARTITION_INDEX_COLUMN)} + 1`;
  return spec.partitionKeys.map((k, i) => {
    const list = Array.from({ length: count }, (_, n) => {
      const v = values.get(n)?.[i];
      return v === undefined ? 'CAST(NULL AS VARCHAR)' : literal(v);
    });
    return `TRY_CAST([${list.join(', ')}][${index}] AS ${k.duckType}) AS ${ident(k.name)}`;
  });
}

/** `FROM <reader> src [JOIN <partition values> part]`. */
function fromClause(reader: string, spec: ViewSpec): string {
  if (spec.partitionKeys.length === 0 || byPartitionIndex(spec)) return `FROM ${reader} AS src`;
  const rows = spec.files.map((f) => `(${[f.path, ...f.partitionValues].map(literal).join(', ')})`).join(', ');
  const names = [ident('file'), ...spec.partitionKeys.map((_, i) => ident(`p${i}`))].join(', ');
  return `FROM ${reader} AS src JOIN (VALUES ${rows}) AS part(${names}) ON src.${ident(FILE_COLUMN)} = part.${ident('file')}`;
}

/** The view's body when the table has no file: its columns, no rows. */
function emptySelect(spec: ViewSpec): string {
  const cols = [...spec.columns, ...spec.partitionKeys].map((c) => `CAST(NULL AS ${c.duckType}) AS ${ident(c.name)}`);
  return `SELECT ${cols.join(', ')} WHERE false`;
}

/** Each declared name → the name as the files spell it, matched case-insensitively. */
function matchNames(declared: readonly ViewColumn[], present: readonly string[]): Map<string, string> {
  const byLower = new Map<string, string>();
  for (const name of present) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
  const out = new Map<string, string>();
  for (const c of declared) {
    const found = byLower.get(c.name.toLowerCase());
    if (found !== undefined) out.set(c.name, found);
  }
  return out;
}

/** Reads rows of a metadata query (file schemas); DuckDB failures keep their SQL. */
export type RowReader = (sql: string) => Promise<unknown[][]>;

async function firstColumn(read: RowReader, sql: string): Promise<string[]> {
  return (await read(sql)).map((r) => String(r[0]));
}

async function parquetSelect(read: RowReader, spec: ViewSpec): Promise<string> {
  const paths = spec.files.map((f) => f.path);
  const reader = `read_parquet(${list(paths)}, union_by_name = true, ${readerOptions(spec)})`;
  const present = await firstColumn(read, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${reader})`);
  const names = matchNames(spec.columns, present.filter((n) => n !== FILE_COLUMN && n !== PARTITION_INDEX_COLUMN));
  const cols = spec.columns.map((c) => {
    const source = names.get(c.name);
    return source === undefined ? `CAST(NULL AS ${c.duckType}) AS ${ident(c.name)}` : `CAST(src.${ident(source)} AS ${c.duckType}) AS ${ident(c.name)}`;
  });
  return `SELECT ${[...cols, ...partitionSelect(spec)].join(', ')} ${fromClause(reader, spec)}`;
}

/** A JSON path to one key, quoted so any key works. */
const jsonKeyPath = (key: string) => literal(`$."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);

async function jsonSelect(read: RowReader, spec: ViewSpec): Promise<string> {
  const paths = list(spec.files.map((f) => f.path));
  const reader = `read_ndjson_objects(${paths}, ${readerOptions(spec)})`;
  const keys = await firstColumn(read, `SELECT DISTINCT unnest(json_keys(json)) AS k FROM ${reader} WHERE json_type(json) = 'OBJECT' ORDER BY k`);
  // Keys match case-insensitively; every spelling of a name is read (`ID` in one line, `id` in another), the first non-NULL wins.
  const cols = spec.columns.map((c) => {
    const values = keys
      .filter((k) => k.toLowerCase() === c.name.toLowerCase())
      .map((k) => (c.duckType === 'VARCHAR' ? `json_extract_string(src.json, ${jsonKeyPath(k)})` : `CAST(json_extract(src.json, ${jsonKeyPath(k)}) AS ${c.duckType})`));
    if (values.length === 0) return `CAST(NULL AS ${c.duckType}) AS ${ident(c.name)}`;
    return `${values.length === 1 ? values[0] : `COALESCE(${values.join(', ')})`} AS ${ident(c.name)}`;
  });
  return `SELECT ${[...cols, ...partitionSelect(spec)].join(', ')} ${fromClause(reader, spec)}`;
}

function textSelect(spec: ViewSpec & { format: Extract<ReadFormat, { kind: 'text' }> }): string {
  const f = spec.format;
  const fields = spec.columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`);
  if (fields.length === 0) fields.push(`'c0': 'VARCHAR'`);
  const options = [
    `columns = {${fields.join(', ')}}`,
    'header = false',
    'auto_detect = false',
    'null_padding = true',
    'strict_mode = false',
    `skip = ${Math.max(0, Math.floor(f.skipHeaderLines))}`,
    `delim = ${literal(f.delimiter)}`,
    `quote = ${literal(f.quote)}`,
    `escape = ${literal(f.escape)}`,
    // No NULL text: a value that can never be a whole field (a field never holds the newline).
    `nullstr = ${literal(f.nullString ?? '\n')}`,
    readerOptions(spec),
  ];
  const reader = `read_csv(${list(spec.files.map((x) => x.path))}, ${options.join(', ')})`;
  // OpenCSVSerde (opencsv) reads a doubled quote as one quote whatever its escapeChar; DuckDB,
  // told to escape with `\`, keeps both quotes, so they are collapsed here.
  const collapseDoubled = f.quote !== '' && f.escape !== f.quote;
  const cols = spec.columns.map((c, i) => {
    const raw = `src.${ident(`c${i}`)}`;
    const field = collapseDoubled ? `replace(${raw}, ${literal(f.quote + f.quote)}, ${literal(f.quote)})` : raw;
    return c.duckType === 'VARCHAR' ? `${field} AS ${ident(c.name)}` : `TRY_CAST(trim(${field}) AS ${c.duckType}) AS ${ident(c.name)}`;
  });
  return `SELECT ${[...cols, ...partitionSelect(spec)].join(', ')} ${fromClause(reader, spec)}`;
}

/**
 * The SELECT that presents the table, for `CREATE TEMP VIEW … AS <it>`. Reads the files' schemas
 * (Parquet footers, JSON keys) through `read`.
 *
 * @example
 * const body = await tableViewSelect((sql) => session.rows(sql), { columns: [{ name: 'id', duckType: 'VARCHAR' }], partitionKeys: [], format: { kind: 'parquet' }, files });
 */
export async function tableViewSelect(read: RowReader, spec: ViewSpec): Promise<string> {
  if (spec.files.length === 0) return emptySelect(spec);
  switch (spec.format.kind) {
    case 'parquet':
      return parquetSelect(read, spec);
    case 'json':
      return jsonSelect(read, spec);
    case 'text':
      return textSelect({ ...spec, format: spec.format });
  }
}
