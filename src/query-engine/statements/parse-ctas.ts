/**
 * CREATE TABLE … AS <query> in Trino's syntax:
 * `CREATE TABLE [IF NOT EXISTS] name [(alias, …)] [COMMENT '…'] [WITH (prop = value, …)] AS query [WITH [NO] DATA]`,
 * with Athena's documented CTAS properties checked by name and type.
 */
import { ErrorCategory, QueryFailure } from '../types.js';
import type { Cursor } from './cursor.js';
import { INVALID_TABLE_PROPERTY, notSupported } from './errors.js';
import type { Token } from './lexer.js';
import type { CtasProperties, Statement } from './types.js';

type PropertyValue = string | number | boolean | string[];
type PropertyKind = 'string' | 'number' | 'boolean' | 'array';

/** Athena's CTAS table properties (Hive and Iceberg tables) and the type of each. */
const PROPERTIES: Record<string, PropertyKind> = {
  table_type: 'string', format: 'string', external_location: 'string', location: 'string', is_external: 'boolean',
  partitioned_by: 'array', partitioning: 'array', bucketed_by: 'array', bucket_count: 'number', field_delimiter: 'string',
  write_compression: 'string', compression_level: 'number', orc_compression: 'string', parquet_compression: 'string',
  vacuum_min_snapshots_to_keep: 'number', vacuum_max_snapshot_age_seconds: 'number', vacuum_max_metadata_files_to_keep: 'number',
  optimize_rewrite_min_data_file_size_bytes: 'number', optimize_rewrite_max_data_file_size_bytes: 'number',
  optimize_rewrite_data_file_threshold: 'number', optimize_rewrite_delete_file_threshold: 'number',
};

const FORMATS = ['PARQUET', 'ORC', 'AVRO', 'JSON', 'TEXTFILE', 'ION'];

const QUERY_STARTS = ['SELECT', 'WITH', 'VALUES', 'TABLE'];

function invalidProperty(at: Token, text: string): QueryFailure {
  return new QueryFailure(ErrorCategory.User, INVALID_TABLE_PROPERTY, `INVALID_TABLE_PROPERTY: line ${at.line}:${at.column + 1}: ${text}`);
}

function propertyValue(c: Cursor): PropertyValue {
  const t = c.peek();
  if (t.kind === 'string') return c.next().value;
  if (t.kind === 'number') return Number(c.next().value);
  if (c.acceptWords('TRUE')) return true;
  if (c.acceptWords('FALSE')) return false;
  if (c.acceptWords('ARRAY')) {
    const items: string[] = [];
    c.expectPunct('[', 'property value');
    if (!c.isPunct(']')) {
      do items.push(c.expectString('array element').value);
      while (c.acceptPunct(','));
    }
    c.expectPunct(']', 'property value');
    return items;
  }
  return c.fail('property value', ['ARRAY', '<string>', '<integer>', 'TRUE', 'FALSE']);
}

function kindOf(value: PropertyValue): PropertyKind {
  return Array.isArray(value) ? 'array' : (typeof value as PropertyKind);
}

function parseProperties(c: Cursor): Map<string, { value: PropertyValue; at: Token }> {
  const out = new Map<string, { value: PropertyValue; at: Token }>();
  c.expectPunct('(', 'properties');
  do {
    const at = c.peek();
    const name = c.expectIdentifier('property name');
    c.expectPunct('=', 'property');
    const valueAt = c.peek();
    const value = propertyValue(c);
    const kind = PROPERTIES[name];
    if (kind === undefined) throw invalidProperty(at, `Catalog 'awsdatacatalog' table property '${name}' does not exist`);
    if (out.has(name)) throw invalidProperty(at, `Duplicate property: ${name}`);
    if (kindOf(value) !== kind) {
      throw invalidProperty(valueAt, `Invalid value for catalog 'awsdatacatalog' table property '${name}': Cannot convert [${valueAt.text}] to ${kind === 'array' ? 'array(varchar)' : kind === 'number' ? 'integer' : kind === 'string' ? 'varchar' : kind}`);
    }
    out.set(name, { value, at: valueAt });
  } while (c.acceptPunct(','));
  c.expectPunct(')', 'properties');
  return out;
}

function toCtasProperties(props: Map<string, { value: PropertyValue; at: Token }>): CtasProperties {
  const result: CtasProperties = { format: 'PARQUET', partitionedBy: [], other: {} };
  for (const [name, { value, at }] of props) {
    const text = Array.isArray(value) ? value.join(',') : String(value);
    switch (name) {
      case 'table_type':
        if (text.toUpperCase() === 'ICEBERG') throw notSupported('Iceberg tables');
        if (text.toUpperCase() !== 'HIVE') throw invalidProperty(at, `Unsupported table_type: ${text}`);
        result.other[name] = text.toUpperCase();
        break;
      case 'format':
        if (!FORMATS.includes(text.toUpperCase())) throw invalidProperty(at, `Invalid value for table property 'format': '${text}' is not one of ${FORMATS.join(', ')}`);
        result.format = text.toUpperCase();
        break;
      case 'external_location':
        result.externalLocation = text;
        break;
      case 'partitioned_by':
        result.partitionedBy = (value as string[]).map((v) => v.toLowerCase());
        break;
      case 'field_delimiter':
        if ([...text].length !== 1) throw invalidProperty(at, `field_delimiter must be a single character, not '${text}'`);
        result.fieldDelimiter = text;
        break;
      case 'write_compression':
        result.writeCompression = text.toUpperCase();
        break;
      default:
        result.other[name] = name === 'bucketed_by' ? text.toLowerCase() : text;
    }
  }
  return result;
}

/** The query after AS, and whether WITH [NO] DATA ended the statement. */
function splitQuery(c: Cursor): { tokens: Token[]; withData: boolean } {
  const tokens = c.remaining();
  const tail = tokens.slice(-3).map((t) => (t.kind === 'word' ? t.value.toUpperCase() : t.value));
  if (tail.slice(-3).join(' ') === 'WITH NO DATA') return { tokens: tokens.slice(0, -3), withData: false };
  if (tail.slice(-2).join(' ') === 'WITH DATA') return { tokens: tokens.slice(0, -2), withData: true };
  return { tokens, withData: true };
}

/**
 * Parses from after `CREATE`. `sql` is the statement's text with comments blanked; the query is
 * cut from it with everything before blanked, so positions in it stay those of the caller's text.
 */
export function parseCtas(c: Cursor, sql: string): Statement {
  c.expectWords('create table statement', 'TABLE');
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const target = c.expectQualifiedName('table name');
  let columnAliases: string[] | undefined;
  if (c.acceptPunct('(')) {
    columnAliases = [];
    do columnAliases.push(c.expectIdentifier('column alias'));
    while (c.acceptPunct(','));
    c.expectPunct(')', 'column aliases');
  }
  if (c.acceptWords('COMMENT')) c.expectString('comment');
  const props = c.acceptWords('WITH') ? parseProperties(c) : new Map<string, { value: PropertyValue; at: Token }>();
  if (!c.acceptWords('AS')) return c.fail('create table statement', ['AS', 'COMMENT', 'WITH']);
  const { tokens, withData } = splitQuery(c);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const startsQuery = first !== undefined && ((first.kind === 'punct' && first.value === '(') || (first.kind === 'word' && QUERY_STARTS.includes(first.value.toUpperCase())));
  if (first === undefined || last === undefined || !startsQuery) return c.fail('query', ['(', 'SELECT', 'TABLE', 'VALUES', 'WITH']);
  const query = sql.slice(0, first.offset).replace(/[^\n]/g, ' ') + sql.slice(first.offset, last.end);
  const statement: Statement = { kind: 'ctas', target, ifNotExists, properties: toCtasProperties(props), query, withData };
  if (columnAliases !== undefined) statement.columnAliases = columnAliases;
  return statement;
}
