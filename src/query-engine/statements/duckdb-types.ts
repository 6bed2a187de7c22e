/**
 * DuckDB's column types (as `DESCRIBE` prints them) mapped to the Hive types a CTAS registers in
 * Glue for the columns it wrote, as Athena registers them (Trino's types mapped to Hive's).
 */
import { ErrorCategory, QueryFailure } from '../types.js';
import { NOT_SUPPORTED } from './errors.js';

interface DuckToken {
  text: string;
  kind: 'word' | 'quoted' | 'number' | 'string' | 'punct' | 'end';
}

function lex(text: string): DuckToken[] {
  const out: DuckToken[] = [];
  const re = /\s+|([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"]|"")*)"|(\d+)|'((?:[^']|'')*)'|(.)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push({ text: m[1], kind: 'word' });
    else if (m[2] !== undefined) out.push({ text: m[2].replaceAll('""', '"'), kind: 'quoted' });
    else if (m[3] !== undefined) out.push({ text: m[3], kind: 'number' });
    else if (m[4] !== undefined) out.push({ text: m[4], kind: 'string' });
    else if (m[5] !== undefined) out.push({ text: m[5], kind: 'punct' });
  }
  out.push({ text: '', kind: 'end' });
  return out;
}

/** DuckDB scalar names → Hive. Unsigned integers widen to the next signed type that holds them. */
const SCALARS: Record<string, string> = {
  VARCHAR: 'string', TEXT: 'string', STRING: 'string', CHAR: 'string', BPCHAR: 'string', UUID: 'string', JSON: 'string',
  BOOLEAN: 'boolean', BOOL: 'boolean',
  TINYINT: 'tinyint', INT1: 'tinyint', SMALLINT: 'smallint', INT2: 'smallint', INTEGER: 'int', INT: 'int', INT4: 'int',
  BIGINT: 'bigint', INT8: 'bigint', HUGEINT: 'bigint', INT128: 'bigint',
  UTINYINT: 'smallint', USMALLINT: 'int', UINTEGER: 'bigint', UBIGINT: 'decimal(20,0)', UHUGEINT: 'decimal(38,0)',
  DOUBLE: 'double', FLOAT8: 'double', FLOAT: 'float', FLOAT4: 'float', REAL: 'float',
  DATE: 'date', TIMESTAMP: 'timestamp', DATETIME: 'timestamp', TIMESTAMP_S: 'timestamp', TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_NS: 'timestamp', TIMESTAMP_US: 'timestamp', TIMESTAMPTZ: 'timestamp',
  BLOB: 'binary', BYTEA: 'binary', VARBINARY: 'binary',
};

/** Deeper types are refused (see hive-types.ts). */
const MAX_DEPTH = 100;

class DuckParser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: DuckToken[],
    private readonly text: string,
  ) {}

  private peek(): DuckToken {
    return this.tokens[this.i]!;
  }
  private take(): DuckToken {
    return this.tokens[this.i++] ?? { text: '', kind: 'end' };
  }
  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }
  private expect(p: string): void {
    if (!this.isPunct(p)) this.unsupported();
    this.i++;
  }
  unsupported(): never {
    // Trino's wording when a CTAS column has a type Hive cannot store.
    throw new QueryFailure(ErrorCategory.User, NOT_SUPPORTED, `NOT_SUPPORTED: Unsupported Hive type: ${this.text}`);
  }

  type(): string {
    if (++this.depth > MAX_DEPTH) this.unsupported();
    let hive = this.base();
    let lists = 0;
    // T[] and T[n] are lists.
    while (this.isPunct('[')) {
      this.i++;
      if (this.peek().kind === 'number') this.i++;
      this.expect(']');
      if (++lists + this.depth > MAX_DEPTH) this.unsupported();
      hive = `array<${hive}>`;
    }
    this.depth--;
    return hive;
  }

  private base(): string {
    const t = this.take();
    if (t.kind !== 'word') this.unsupported();
    const name = t.text.toUpperCase();
    if (name === 'STRUCT' || name === 'ROW') return this.struct();
    if (name === 'MAP') {
      this.expect('(');
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect(')');
      return `map<${key},${value}>`;
    }
    if (name === 'LIST') {
      this.expect('(');
      const element = this.type();
      this.expect(')');
      return `array<${element}>`;
    }
    if (name === 'DECIMAL' || name === 'NUMERIC') return this.decimal();
    if (name === 'ENUM') {
      this.skipParens();
      return 'string';
    }
    if (name === 'VARCHAR' && this.isPunct('(')) this.skipParens();
    if (name === 'TIMESTAMP' && this.peek().text.toUpperCase() === 'WITH') {
      this.i += 3; // WITH TIME ZONE
      return 'timestamp';
    }
    if (name === 'DOUBLE' && this.peek().text.toUpperCase() === 'PRECISION') this.i++;
    const hive = SCALARS[name];
    if (hive === undefined) this.unsupported();
    return hive;
  }

  private decimal(): string {
    if (!this.isPunct('(')) return 'decimal(18,3)'; // DuckDB's default DECIMAL
    this.i++;
    const p = this.take().text;
    let s = '0';
    if (this.isPunct(',')) {
      this.i++;
      s = this.take().text;
    }
    this.expect(')');
    return `decimal(${p},${s})`;
  }

  private struct(): string {
    this.expect('(');
    const fields: string[] = [];
    do {
      const name = this.take();
      if (name.kind !== 'word' && name.kind !== 'quoted') this.unsupported();
      fields.push(`${name.text.toLowerCase()}:${this.type()}`);
    } while (this.isPunct(',') && this.take());
    this.expect(')');
    return `struct<${fields.join(',')}>`;
  }

  private skipParens(): void {
    this.expect('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.take();
      if (t.kind === 'end') this.unsupported();
      if (t.kind === 'punct' && t.text === '(') depth++;
      if (t.kind === 'punct' && t.text === ')') depth--;
    }
  }

  end(): void {
    if (this.peek().kind !== 'end') this.unsupported();
  }
}

/**
 * The Hive type Glue records for a column DuckDB wrote: VARCHAR → string, INTEGER → int,
 * BIGINT/HUGEINT → bigint, DECIMAL(p,s) → decimal(p,s), TIMESTAMP (with or without time zone) →
 * timestamp, BLOB → binary, lists, maps and structs recursively (struct field names lower-cased).
 * @throws QueryFailure NOT_SUPPORTED for a type Hive cannot store (TIME, INTERVAL, UNION, NULL…)
 * @example
 * duckDbToHiveType('STRUCT(a INTEGER, "Tags" VARCHAR[])') // 'struct<a:int,tags:array<string>>'
 */
export function duckDbToHiveType(duckType: string): string {
  const parser = new DuckParser(lex(duckType), duckType);
  const hive = parser.type();
  parser.end();
  return hive;
}
