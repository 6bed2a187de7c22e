/**
 * A cursor over one statement's tokens, with the primitives the statement parsers share
 * (keywords, identifiers, strings, qualified names) and the dialect's error wording.
 */
import { QueryFailure, ErrorCategory } from '../types.js';
import { syntaxError } from './errors.js';
import type { Dialect, Token } from './lexer.js';
import type { QualifiedName } from './types.js';

/**
 * Words Athena's DDL refuses as unquoted identifiers (Athena's "reserved keywords in DDL"),
 * less ROW: Athena's own errors show it read as a column name (`cannot recognize input near
 * 'FORMAT' 'SERDE' … in column type` after a column list left open).
 */
const HIVE_RESERVED = new Set(
  ('ALL ALTER AND ARRAY AS AUTHORIZATION BETWEEN BIGINT BINARY BOOLEAN BOTH BY CASE CAST CHAR COLUMN CONF ' +
    'CONSTRAINT COMMIT CREATE CROSS CUBE CURRENT CURRENT_DATE CURRENT_TIMESTAMP CURSOR DATABASE DATE DAYOFWEEK ' +
    'DECIMAL DELETE DESCRIBE DISTINCT DIV DOUBLE DROP ELSE END EXCHANGE EXISTS EXTENDED EXTERNAL EXTRACT FALSE ' +
    'FETCH FLOAT FLOOR FOLLOWING FOR FOREIGN FROM FULL FUNCTION GRANT GROUP GROUPING HAVING IF IMPORT IN INNER ' +
    'INSERT INT INTEGER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LESS LIKE LOCAL MACRO MAP MORE NONE NOT ' +
    'NULL NUMERIC OF ON ONLY OR ORDER OUT OUTER OVER PARTIALSCAN PARTITION PERCENT PRECEDING PRECISION PRESERVE ' +
    'PRIMARY PROCEDURE RANGE READS REDUCE REGEXP REFERENCES REVOKE RIGHT RLIKE ROLLBACK ROLLUP ROWS SELECT ' +
    'SET SMALLINT START TABLE TABLESAMPLE THEN TIME TIMESTAMP TO TRANSFORM TRIGGER TRUE TRUNCATE UNBOUNDED UNION ' +
    'UNIQUEJOIN UPDATE USER USING UTC_TIMESTAMP VALUES VARCHAR VIEWS WHEN WHERE WINDOW WITH').split(' '),
);

/** Words that end or structure a Trino CTAS name, never a bare table name. */
const TRINO_RESERVED = new Set(['AS', 'WITH', 'SELECT', 'FROM', 'TABLE', 'CREATE', 'VALUES', 'NOT', 'EXISTS']);

const show = (t: Token) => `'${t.text}'`;

export class Cursor {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly dialect: Dialect,
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Whether the tokens from here are these words (case-insensitive), without consuming them. */
  isWords(...words: string[]): boolean {
    return words.every((w, i) => {
      const t = this.peek(i);
      return t.kind === 'word' && t.value.toUpperCase() === w;
    });
  }

  /** Consumes the words if they are all next. */
  acceptWords(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.pos += words.length;
    return true;
  }

  expectWords(context: string, ...words: string[]): void {
    for (const w of words) {
      if (!this.acceptWords(w)) this.fail(context, [w]);
    }
  }

  isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.value === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.pos++;
    return true;
  }

  expectPunct(p: string, context: string): Token {
    if (!this.isPunct(p)) this.fail(context, [p]);
    return this.next();
  }

  /** A string literal (Hive: single or double quotes; Trino: single quotes). */
  expectString(context: string): Token {
    const t = this.peek();
    if (t.kind !== 'string') this.fail(context, [this.dialect === 'hive' ? 'StringLiteral' : '<string>']);
    return this.next();
  }

  /**
   * An identifier, lower-cased as Glue stores names. Hive: a word that is not reserved, a
   * `backticked` name, or (as Athena allows for table names) a "double-quoted" one. Trino: a word
   * or a "quoted" name; backticks are refused as Trino refuses them.
   */
  expectIdentifier(context: string): string {
    const t = this.peek();
    if (t.kind === 'word' && !/^[0-9]/.test(t.value)) {
      const reserved = this.dialect === 'hive' ? HIVE_RESERVED : TRINO_RESERVED;
      if (!reserved.has(t.value.toUpperCase())) return this.next().value.toLowerCase();
    }
    if (t.kind === 'quoted' && t.quote === '`' && this.dialect === 'trino') {
      throw syntaxError('trino', t.line, t.column, 'backquoted identifiers are not supported; use double quotes to quote identifiers');
    }
    if (t.kind === 'quoted' || (this.dialect === 'hive' && t.kind === 'string' && t.quote === '"')) {
      if (t.value === '') throw syntaxError(this.dialect, t.line, t.column, this.dialect === 'hive' ? `cannot recognize input near ${show(t)} in ${context}` : 'Zero-length delimited identifier not allowed');
      return this.next().value.toLowerCase();
    }
    // Hive reports a keyword where a name should be as "cannot recognize input near …".
    return this.fail(context, this.dialect === 'hive' ? [] : ['<identifier>']);
  }

  /** `name`, `db.name` or `awsdatacatalog.db.name` (the only catalog there is). */
  expectQualifiedName(context: string): QualifiedName {
    const first = this.peek();
    const parts = [this.expectIdentifier(context)];
    while (this.isPunct('.') && parts.length < 3) {
      this.next();
      parts.push(this.expectIdentifier(context));
    }
    if (parts.length === 3) {
      if (parts[0] !== 'awsdatacatalog') {
        throw new QueryFailure(ErrorCategory.User, 1301, `CATALOG_NOT_FOUND: line ${first.line}:${first.column + 1}: Catalog '${parts[0]}' does not exist`);
      }
      parts.shift();
    }
    return parts.length === 2 ? { database: parts[0]!, table: parts[1]! } : { table: parts[0]! };
  }

  /**
   * Fails at the current token. With one expectation Hive says "mismatched input … expecting X";
   * with none or several it says "cannot recognize input near …" (the next three tokens); Trino
   * says "mismatched input 'x'. Expecting: …".
   */
  fail(context: string, expected: readonly string[] = []): never {
    const t = this.peek();
    if (this.dialect === 'trino') {
      const list = expected.map((e) => (e.startsWith('<') ? e : `'${e}'`)).join(', ');
      throw syntaxError('trino', t.line, t.column, `mismatched input ${show(t)}.${list ? ` Expecting: ${list}` : ''}`);
    }
    const prev = this.tokens[this.pos - 1];
    if (expected.length === 1 && prev) {
      throw syntaxError('hive', t.line, t.column, `mismatched input ${show(t)} expecting ${expected[0]} near ${show(prev)} in ${context}`);
    }
    const near = [0, 1, 2].map((i) => show(this.peek(i))).join(' ');
    throw syntaxError('hive', t.line, t.column, `cannot recognize input near ${near} in ${context}`);
  }

  /** The statement must end here. */
  expectEnd(): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    if (this.dialect === 'trino') this.fail('statement', ['<EOF>']);
    const prev = this.tokens[this.pos - 1];
    throw syntaxError('hive', t.line, t.column, `missing EOF at ${show(t)}${prev ? ` near ${show(prev)}` : ''}`);
  }

  /** Index of the current token, to come back to. */
  get position(): number {
    return this.pos;
  }

  /** The tokens from here to the end, `eof` excluded. */
  remaining(): Token[] {
    return this.tokens.slice(this.pos, this.tokens.length - 1);
  }

  seek(position: number): void {
    this.pos = Math.max(0, Math.min(position, this.tokens.length - 1));
  }
}
