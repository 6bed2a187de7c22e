/**
 * Hive's column types as Glue stores them (`string`, `decimal(10,2)`, `array<struct<a:int>>`):
 * parsed, written back in Hive's canonical form (lower case, no spaces, `integer` → `int`,
 * `decimal` → `decimal(10,0)`), and mapped to DuckDB's types for reading.
 */
import { ErrorCategory, QueryFailure } from '../types.js';

export type HivePrimitive =
  | 'boolean' | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'float' | 'double' | 'decimal'
  | 'string' | 'varchar' | 'char' | 'date' | 'timestamp' | 'binary';

export type HiveType =
  | { kind: 'primitive'; name: HivePrimitive; params: number[] }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: Array<{ name: string; type: HiveType }> };

/** A type string Hive cannot read; `position` is the offset of the offending token. */
export class HiveTypeSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly found: string,
    readonly typeText: string,
  ) {
    // Hive's TypeInfoParser words it so (Athena shows it for a malformed Glue type).
    super(`Error: type expected at the position ${position} of '${typeText}' but '${found}' is found.`);
  }
}

const ALIASES: Record<string, HivePrimitive> = {
  boolean: 'boolean', tinyint: 'tinyint', smallint: 'smallint', int: 'int', integer: 'int', bigint: 'bigint',
  float: 'float', double: 'double', decimal: 'decimal', dec: 'decimal', numeric: 'decimal', string: 'string',
  varchar: 'varchar', char: 'char', date: 'date', timestamp: 'timestamp', binary: 'binary',
};

interface TypeToken {
  text: string;
  /** Lower-cased word, or the unquoted name of a `backticked` one. */
  value: string;
  position: number;
  kind: 'word' | 'number' | 'punct' | 'string' | 'end';
}

function lex(text: string): TypeToken[] {
  const out: TypeToken[] = [];
  const re = /\s+|([A-Za-z_][A-Za-z0-9_]*)|`((?:[^`]|``)*)`|(\d+)|'((?:[^'\\]|\\.)*)'|([<>(),:])|(.)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    const position = m.index;
    if (m[1] !== undefined) out.push({ text: m[0], value: m[1].toLowerCase(), position, kind: 'word' });
    else if (m[2] !== undefined) out.push({ text: m[0], value: m[2].replaceAll('``', '`').toLowerCase(), position, kind: 'word' });
    else if (m[3] !== undefined) out.push({ text: m[0], value: m[3], position, kind: 'number' });
    else if (m[4] !== undefined) out.push({ text: m[0], value: m[4], position, kind: 'string' });
    else if (m[5] !== undefined) out.push({ text: m[0], value: m[5], position, kind: 'punct' });
    else if (m[6] !== undefined) out.push({ text: m[0], value: m[6], position, kind: 'punct' });
    if (re.lastIndex >= text.length) break;
  }
  out.push({ text: '', value: '', position: text.length, kind: 'end' });
  return out;
}

/** Deeper types are refused: far beyond any real schema, and well within the stack. */
export const MAX_TYPE_DEPTH = 100;

class TypeParser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: TypeToken[],
    private readonly text: string,
  ) {}

  private peek(): TypeToken {
    return this.tokens[this.i]!;
  }
  private fail(): never {
    const t = this.peek();
    throw new HiveTypeSyntaxError(t.position, t.text, this.text);
  }
  private punct(p: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.value !== p) this.fail();
    this.i++;
  }
  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === p;
  }
  private number(): number {
    const t = this.peek();
    if (t.kind !== 'number') this.fail();
    this.i++;
    return Number(t.value);
  }

  type(): HiveType {
    if (++this.depth > MAX_TYPE_DEPTH) this.fail();
    try {
      return this.typeBody();
    } finally {
      this.depth--;
    }
  }

  private typeBody(): HiveType {
    const t = this.peek();
    if (t.kind !== 'word') this.fail();
    this.i++;
    if (t.value === 'array') {
      this.punct('<');
      const element = this.type();
      this.punct('>');
      return { kind: 'array', element };
    }
    if (t.value === 'map') {
      this.punct('<');
      const keyAt = this.i;
      const key = this.type();
      if (key.kind !== 'primitive') {
        this.i = keyAt;
        this.fail();
      }
      this.punct(',');
      const value = this.type();
      this.punct('>');
      return { kind: 'map', key, value };
    }
    if (t.value === 'struct') return this.struct();
    const name = ALIASES[t.value];
    if (name === undefined) {
      this.i--;
      this.fail();
    }
    if (name === 'double' && this.peek().kind === 'word' && this.peek().value === 'precision') this.i++;
    return { kind: 'primitive', name, params: this.params(name) };
  }

  private struct(): HiveType {
    this.punct('<');
    const fields: Array<{ name: string; type: HiveType }> = [];
    do {
      const name = this.peek();
      if (name.kind !== 'word') this.fail();
      this.i++;
      this.punct(':');
      fields.push({ name: name.value, type: this.type() });
      if (this.peek().kind === 'word' && this.peek().value === 'comment') {
        this.i++;
        if (this.peek().kind !== 'string') this.fail();
        this.i++;
      }
    } while (this.isPunct(',') && ++this.i);
    this.punct('>');
    return { kind: 'struct', fields };
  }

  /** decimal(p[,s]) with 1 ≤ p ≤ 38, 0 ≤ s ≤ p (default (10,0)); varchar(1..65535); char(1..255). */
  private params(name: HivePrimitive): number[] {
    const limits: Partial<Record<HivePrimitive, number>> = { decimal: 38, varchar: 65535, char: 255 };
    const max = limits[name];
    if (max === undefined) return [];
    if (!this.isPunct('(')) {
      if (name === 'decimal') return [10, 0];
      this.fail();
    }
    this.i++;
    const atLength = this.i;
    const length = this.number();
    let scale: number | undefined;
    if (name === 'decimal' && this.isPunct(',')) {
      this.i++;
      scale = this.number();
    }
    const bad = length < 1 || length > max || (scale !== undefined && scale > length);
    if (bad) {
      this.i = atLength;
      this.fail();
    }
    this.punct(')');
    return name === 'decimal' ? [length, scale ?? 0] : [length];
  }

  end(): void {
    if (this.peek().kind !== 'end') this.fail();
  }
}

/**
 * Parses a Hive type string.
 * @throws HiveTypeSyntaxError
 * @example
 * parseHiveType('ARRAY<INTEGER>') // { kind: 'array', element: { kind: 'primitive', name: 'int', params: [] } }
 */
export function parseHiveType(text: string): HiveType {
  const parser = new TypeParser(lex(text), text);
  const type = parser.type();
  parser.end();
  return type;
}

/**
 * Hive's canonical spelling of a type, as Glue stores it after Athena's DDL.
 * @example
 * formatHiveType(parseHiveType('Map<String, Decimal>')) // 'map<string,decimal(10,0)>'
 */
export function formatHiveType(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.params.length === 0 ? type.name : `${type.name}(${type.params.join(',')})`;
    case 'array':
      return `array<${formatHiveType(type.element)}>`;
    case 'map':
      return `map<${formatHiveType(type.key)},${formatHiveType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${formatHiveType(f.type)}`).join(',')}>`;
  }
}

const DUCK_PRIMITIVES: Record<HivePrimitive, string> = {
  boolean: 'BOOLEAN', tinyint: 'TINYINT', smallint: 'SMALLINT', int: 'INTEGER', bigint: 'BIGINT', float: 'FLOAT',
  double: 'DOUBLE', decimal: 'DECIMAL', string: 'VARCHAR', varchar: 'VARCHAR', char: 'VARCHAR', date: 'DATE',
  timestamp: 'TIMESTAMP', binary: 'BLOB',
};

function toDuck(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'decimal' ? `DECIMAL(${type.params.join(', ')})` : DUCK_PRIMITIVES[type.name];
    case 'array':
      return `${toDuck(type.element)}[]`;
    case 'map':
      return `MAP(${toDuck(type.key)}, ${toDuck(type.value)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `"${f.name.replaceAll('"', '""')}" ${toDuck(f.type)}`).join(', ')})`;
  }
}

/**
 * The DuckDB type a Hive column is read as: string/varchar(n)/char(n) → VARCHAR, int → INTEGER,
 * binary → BLOB, decimal(p,s) → DECIMAL(p, s), array<t> → T[], map<k,v> → MAP(K, V),
 * struct<a:t> → STRUCT("a" T), nested to any depth.
 * @throws QueryFailure (HIVE_INVALID_METADATA, Hive's wording) for a type Hive cannot read
 * @example
 * hiveToDuckDbType('array<struct<id:bigint,tags:map<string,int>>>') // 'STRUCT("id" BIGINT, "tags" MAP(VARCHAR, INTEGER))[]'
 */
export function hiveToDuckDbType(hiveType: string): string {
  try {
    return toDuck(parseHiveType(hiveType));
  } catch (e) {
    if (e instanceof HiveTypeSyntaxError) throw new QueryFailure(ErrorCategory.User, 1004, `HIVE_INVALID_METADATA: ${e.message}`);
    throw e;
  }
}

export { duckDbToHiveType } from './duckdb-types.js';
