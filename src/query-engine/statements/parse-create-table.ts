/**
 * CREATE [EXTERNAL] TABLE in Hive's DDL, turned into the Glue TableInput Athena registers:
 * TableType EXTERNAL_TABLE, Owner `hadoop`, Parameters {EXTERNAL: 'TRUE', comment?, …TBLPROPERTIES},
 * and a StorageDescriptor whose formats and SerDe follow Hive's rules:
 *
 * - SerDe: ROW FORMAT SERDE's class, else STORED AS's default, else LazySimpleSerDe;
 * - input/output formats: STORED AS's (INPUTFORMAT/OUTPUTFORMAT as given), else TEXTFILE's;
 * - SerDe parameters: `serialization.format` '1', then ROW FORMAT DELIMITED's delimiters
 *   (FIELDS TERMINATED BY also sets `serialization.format`), then SERDEPROPERTIES.
 *
 * Clauses come in Hive's order (COMMENT, PARTITIONED BY, CLUSTERED BY, ROW FORMAT, STORED AS,
 * WITH SERDEPROPERTIES, LOCATION, TBLPROPERTIES); out of order, Hive's "missing EOF" error.
 */
import type { CatalogColumn, TableDefinition } from '../../storage/catalog.js';
import type { Cursor } from './cursor.js';
import { notSupported, semanticError } from './errors.js';
import { parseColumnList, parseProperties } from './hive-clauses.js';
import { columnsFromDeserializer, DELIM, SERDE, STORED_AS } from './serdes.js';
import type { Statement } from './types.js';

const CONTEXT = 'create table statement';

interface Storage {
  serde?: string;
  serdeParams: Record<string, string>;
  input?: string;
  output?: string;
  formatSerde?: string;
}

function parseDelimited(c: Cursor, params: Record<string, string>): void {
  const delimiter = (key: string) => {
    params[key] = c.expectString('table row format\'s field separator').value;
  };
  if (c.acceptWords('FIELDS', 'TERMINATED', 'BY')) {
    const value = c.expectString('table row format\'s field separator').value;
    params[DELIM.field] = value;
    params[DELIM.format] = value;
    if (c.acceptWords('ESCAPED', 'BY')) delimiter(DELIM.escape);
  }
  if (c.acceptWords('COLLECTION', 'ITEMS', 'TERMINATED', 'BY')) delimiter(DELIM.collection);
  if (c.acceptWords('MAP', 'KEYS', 'TERMINATED', 'BY')) delimiter(DELIM.mapKey);
  if (c.isWords('LINES', 'TERMINATED', 'BY')) {
    c.expectWords(CONTEXT, 'LINES', 'TERMINATED', 'BY');
    const t = c.expectString('table row format\'s line separator');
    if (t.value !== '\n') {
      throw semanticError(`${t.line}:${t.column} LINES TERMINATED BY only supports newline '\\n' right now. Error encountered near token '${t.text}'`);
    }
    params[DELIM.line] = t.value;
  }
  if (c.acceptWords('NULL', 'DEFINED', 'AS')) delimiter(DELIM.nullFormat);
}

function parseRowFormat(c: Cursor, storage: Storage): void {
  if (c.acceptWords('SERDE')) {
    storage.serde = c.expectString('table row format specification').value;
    if (c.acceptWords('WITH', 'SERDEPROPERTIES')) Object.assign(storage.serdeParams, parseProperties(c, 'table row format specification'));
  } else if (c.acceptWords('DELIMITED')) {
    parseDelimited(c, storage.serdeParams);
  } else {
    c.fail('table row format specification', ['SERDE', 'DELIMITED']);
  }
}

function parseStoredAs(c: Cursor, storage: Storage): void {
  if (c.acceptWords('BY')) throw notSupported('STORED BY (storage handlers)');
  c.expectWords('table file format specification', 'AS');
  if (c.acceptWords('INPUTFORMAT')) {
    storage.input = c.expectString('table file format specification').value;
    c.expectWords('table file format specification', 'OUTPUTFORMAT');
    storage.output = c.expectString('table file format specification').value;
    return;
  }
  const t = c.peek();
  const format = t.kind === 'word' ? STORED_AS[t.value.toUpperCase()] : undefined;
  if (format === undefined) return c.fail('table file format specification');
  c.next();
  storage.input = format.input;
  storage.output = format.output;
  storage.formatSerde = format.serde;
}

/** CLUSTERED BY (a, b) [SORTED BY (a [ASC|DESC], …)] INTO n BUCKETS. */
function parseClustered(c: Cursor, descriptor: NonNullable<TableDefinition['StorageDescriptor']>): void {
  const context = 'table buckets specification';
  c.expectWords(context, 'BY');
  const columns: string[] = [];
  c.expectPunct('(', context);
  do columns.push(c.expectIdentifier(context));
  while (c.acceptPunct(','));
  c.expectPunct(')', context);
  const sort: Array<{ Column: string; SortOrder: number }> = [];
  if (c.acceptWords('SORTED', 'BY')) {
    c.expectPunct('(', context);
    do {
      const Column = c.expectIdentifier(context);
      const SortOrder = c.acceptWords('DESC') ? 0 : (c.acceptWords('ASC'), 1);
      sort.push({ Column, SortOrder });
    } while (c.acceptPunct(','));
    c.expectPunct(')', context);
  }
  c.expectWords(context, 'INTO');
  const n = c.peek();
  if (n.kind !== 'number' || !/^\d+$/.test(n.value) || Number(n.value) < 1) return c.fail(context, ['Number']);
  c.next();
  c.expectWords(context, 'BUCKETS');
  descriptor.NumberOfBuckets = Number(n.value);
  descriptor.BucketColumns = columns;
  descriptor.SortColumns = sort;
}

function checkPartitionColumns(columns: CatalogColumn[], partitionKeys: CatalogColumn[]): void {
  const seen = new Set<string>();
  for (const key of partitionKeys) {
    if (columns.some((col) => col.Name === key.Name)) throw semanticError('[Error 10035]: Column repeated in partitioning columns');
    if (seen.has(key.Name)) throw semanticError(`[Error 10036]: Duplicate column name: ${key.Name}`);
    seen.add(key.Name);
  }
}

/**
 * Parses from after `CREATE`. The table is external whether EXTERNAL was written or not:
 * sagelite has no managed tables (Athena refuses non-Iceberg CREATE TABLE without EXTERNAL).
 */
export function parseCreateTable(c: Cursor, sql: string): Statement {
  c.acceptWords('EXTERNAL');
  c.expectWords(CONTEXT, 'TABLE');
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = c.expectQualifiedName('table name');
  if (c.isWords('LIKE')) throw notSupported('CREATE TABLE LIKE');
  const columns = c.isPunct('(') ? parseColumnList(c, sql) : [];
  const parameters: Record<string, string> = { EXTERNAL: 'TRUE' };
  if (c.acceptWords('COMMENT')) parameters.comment = c.expectString('table comment').value;
  let partitionKeys: CatalogColumn[] = [];
  if (c.acceptWords('PARTITIONED', 'BY')) {
    partitionKeys = parseColumnList(c, sql, true);
    checkPartitionColumns(columns, partitionKeys);
  }
  const descriptor: NonNullable<TableDefinition['StorageDescriptor']> = { Columns: columns };
  if (c.acceptWords('CLUSTERED')) parseClustered(c, descriptor);
  if (c.isWords('SKEWED')) throw notSupported('SKEWED BY');
  const storage: Storage = { serdeParams: { [DELIM.format]: '1' } };
  if (c.acceptWords('ROW', 'FORMAT')) parseRowFormat(c, storage);
  if (c.acceptWords('STORED')) parseStoredAs(c, storage);
  if (c.acceptWords('WITH', 'SERDEPROPERTIES')) Object.assign(storage.serdeParams, parseProperties(c, 'table row format specification'));
  let location: string | undefined;
  if (c.acceptWords('LOCATION')) location = c.expectString('table location specification').value;
  if (c.acceptWords('TBLPROPERTIES')) {
    const props = parseProperties(c, 'table properties');
    if ((props.table_type ?? '').toUpperCase() === 'ICEBERG') throw notSupported('Iceberg tables');
    Object.assign(parameters, props, { EXTERNAL: 'TRUE' });
  }
  c.expectEnd();
  const serde = storage.serde ?? storage.formatSerde ?? SERDE.lazySimple;
  if (columns.length === 0 && !columnsFromDeserializer(serde)) {
    throw semanticError('[Error 10043]: Either list of columns or a custom serializer should be specified');
  }
  const text = STORED_AS.TEXTFILE!;
  Object.assign(descriptor, {
    Location: location,
    InputFormat: storage.input ?? text.input,
    OutputFormat: storage.output ?? text.output,
    Compressed: false,
    NumberOfBuckets: descriptor.NumberOfBuckets ?? -1,
    SerdeInfo: { SerializationLibrary: serde, Parameters: storage.serdeParams },
    BucketColumns: descriptor.BucketColumns ?? [],
    SortColumns: descriptor.SortColumns ?? [],
    Parameters: {},
    StoredAsSubDirectories: false,
  });
  if (location === undefined) delete descriptor.Location;
  const table: TableDefinition = {
    Name: name.table,
    Owner: 'hadoop',
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    PartitionKeys: partitionKeys,
    Parameters: parameters,
    StorageDescriptor: descriptor,
  };
  const statement: Statement = { kind: 'create-table', ifNotExists, table };
  if (name.database !== undefined) statement.database = name.database;
  return statement;
}
