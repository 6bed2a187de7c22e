/**
 * Pieces of Hive DDL several statements share: `('k'='v', …)` property lists, partition specs
 * `(k='v', …)`, and column lists `(name type [COMMENT 'c'], …)` with their types canonicalised.
 */
import type { CatalogColumn } from '../../storage/catalog.js';
import type { Cursor } from './cursor.js';
import { semanticError, syntaxError } from './errors.js';
import { formatHiveType, HiveTypeSyntaxError, parseHiveType, type HiveType } from './hive-types.js';
import type { Token } from './lexer.js';
import { FROM_DESERIALIZER } from './serdes.js';

/**
 * `( 'k' = 'v' [, …] )`, keys and values as written (Hive keeps their case).
 * @example
 * // TBLPROPERTIES ('skip.header.line.count'='1') → { 'skip.header.line.count': '1' }
 */
export function parseProperties(c: Cursor, context: string): Record<string, string> {
  const out: Record<string, string> = {};
  c.expectPunct('(', context);
  do {
    const key = c.expectString(context).value;
    c.expectPunct('=', context);
    out[key] = c.expectString(context).value;
  } while (c.acceptPunct(','));
  c.expectPunct(')', context);
  return out;
}

/** A constant in a partition spec: a string, a number, or a word such as TRUE; kept as text. */
function partitionValue(c: Cursor, context: string): string {
  const t = c.peek();
  if (t.kind === 'string' || t.kind === 'number') return c.next().value;
  if (t.kind === 'punct' && t.value === '-' && c.peek(1).kind === 'number') {
    c.next();
    return `-${c.next().value}`;
  }
  if (t.kind === 'word' && /^(true|false|[0-9][0-9a-z]*)$/i.test(t.value)) return c.next().value;
  return c.fail(context);
}

/**
 * `( key = value [, …] )`, keys lower-cased (Hive's partition column names are), values as text.
 * @example
 * // PARTITION (Year=2024, month='01') → { year: '2024', month: '01' }
 */
export function parsePartitionSpec(c: Cursor, context: string): Record<string, string> {
  const spec: Record<string, string> = {};
  c.expectPunct('(', context);
  do {
    const key = c.expectIdentifier(context);
    c.expectPunct('=', context);
    if (key in spec) throw semanticError(`[Error 10002]: Duplicate partition key ${key} in partition spec`);
    spec[key] = partitionValue(c, context);
  } while (c.acceptPunct(','));
  c.expectPunct(')', context);
  return spec;
}

/**
 * A column type, from here to the `,`, `)` or COMMENT that ends it, in Hive's canonical form
 * (`INTEGER` → `int`, `ARRAY< STRING >` → `array<string>`).
 */
export function parseColumnType(c: Cursor, sql: string, context = 'column type'): { text: string; type: HiveType } {
  const start = c.position;
  const tokens: Token[] = [];
  let depth = 0;
  for (;;) {
    const t = c.peek();
    if (t.kind === 'eof') break;
    if (depth === 0 && (c.isPunct(',') || c.isPunct(')') || c.isWords('COMMENT'))) break;
    if (t.kind === 'punct' && (t.value === '<' || t.value === '(')) depth++;
    if (t.kind === 'punct' && (t.value === '>' || t.value === ')')) depth--;
    tokens.push(c.next());
  }
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (first === undefined || last === undefined) return c.fail(context);
  try {
    const type = parseHiveType(sql.slice(first.offset, last.end));
    return { text: formatHiveType(type), type };
  } catch (e) {
    if (!(e instanceof HiveTypeSyntaxError)) throw e;
    const at = first.offset + e.position;
    const index = tokens.findIndex((t) => t.end > at);
    c.seek(start + (index < 0 ? tokens.length : index));
    return c.fail(context);
  }
}

/**
 * `( name type [COMMENT 'c'] [, …] )`, names lower-cased. A comment reading `from deserializer`
 * is Hive's placeholder (SHOW CREATE TABLE prints it), not the user's, and is dropped.
 * @param primitiveOnly partition columns must have primitive types
 */
export function parseColumnList(c: Cursor, sql: string, primitiveOnly = false): CatalogColumn[] {
  const columns: CatalogColumn[] = [];
  c.expectPunct('(', 'create table statement');
  do {
    const at = c.peek();
    const name = c.expectIdentifier('column specification');
    const { text, type } = parseColumnType(c, sql);
    if (primitiveOnly && type.kind !== 'primitive') {
      throw syntaxError('hive', at.line, at.column, `Partition column '${name}' must have a primitive type, not ${text}`);
    }
    const column: CatalogColumn = { Name: name, Type: text };
    if (c.acceptWords('COMMENT')) {
      const comment = c.expectString('column specification').value;
      if (comment !== FROM_DESERIALIZER) column.Comment = comment;
    }
    if (columns.some((x) => x.Name === name)) throw semanticError(`[Error 10036]: Duplicate column name: ${name}`);
    columns.push(column);
  } while (c.acceptPunct(','));
  c.expectPunct(')', 'create table statement');
  return columns;
}
