/**
 * The tokenizer for Athena's statements, in the two dialects Athena parses with: Hive's (DDL,
 * SHOW, DESCRIBE, MSCK) and Trino's (queries, CTAS, EXPLAIN). They differ only in quoting:
 *
 * | text        | Hive                                  | Trino                          |
 * | ----------- | ------------------------------------- | ------------------------------ |
 * | `'…'`       | string, backslash escapes (`\t`, `\'`) | string, `''` is a quote        |
 * | `"…"`       | string, backslash escapes             | identifier, `""` is a quote    |
 * | `` `…` ``   | identifier, ` `` ` is a backtick      | a token Trino refuses (kept)   |
 *
 * Comments (`-- …` and `/* … *\/`) are skipped and their ranges kept, so a query can be passed on
 * with its comments blanked out and every other character where it was.
 */
import { syntaxError } from './errors.js';

export type Dialect = 'hive' | 'trino';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token as written (quotes included). */
  text: string;
  /** Words as written; quoted identifiers and strings unescaped; punctuation itself. */
  value: string;
  /** The quote character of a quoted identifier or a string. */
  quote?: '`' | '"' | "'";
  /** Offsets into the statement text: [offset, end). */
  offset: number;
  end: number;
  /** 1-based line. */
  line: number;
  /** 0-based column (Hive reports it so; Trino adds one). */
  column: number;
}

/** The result of tokenizing: tokens ending with one `eof`, and where the comments were. */
export interface Tokens {
  tokens: Token[];
  comments: Array<[number, number]>;
}

const WORD_START = /[\p{L}_$]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Hive's unescapeSQLString: `\n`, `\t`, `\0`…, octal `\001`, `\u0041`, anything else is itself. */
function unescapeHive(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-3][0-7][0-7]$/.test(octal)) {
      out += String.fromCharCode(parseInt(octal, 8));
      i += 3;
      continue;
    }
    const hex = body.slice(i + 2, i + 6);
    if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    const simple: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\u001a', '%': '\\%', _: '\\_' };
    out += simple[n] ?? n;
    i += 1;
  }
  return out;
}

class Scanner {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly comments: Array<[number, number]> = [];

  constructor(
    private readonly sql: string,
    private readonly dialect: Dialect,
  ) {}

  private advance(to: number): void {
    for (let i = this.pos; i < to; i++) {
      if (this.sql[i] === '\n') {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.pos = to;
  }

  private skipSpaceAndComments(): void {
    const s = this.sql;
    for (;;) {
      while (this.pos < s.length && /\s/.test(s[this.pos]!)) this.advance(this.pos + 1);
      if (s.startsWith('--', this.pos)) {
        const nl = s.indexOf('\n', this.pos);
        const end = nl < 0 ? s.length : nl;
        this.comments.push([this.pos, end]);
        this.advance(end);
      } else if (s.startsWith('/*', this.pos)) {
        const close = s.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail(this.pos, s.slice(this.pos));
        const end = close + 2;
        this.comments.push([this.pos, end]);
        this.advance(end);
      } else {
        return;
      }
    }
  }

  /** Hive's lexer says "character '<EOF>' not supported here"; Trino's "token recognition error at: '…'". */
  private fail(at: number, rest: string): never {
    this.advance(at);
    const column = at - this.lineStart;
    if (this.dialect === 'hive') throw syntaxError('hive', this.line, column, `character '<EOF>' not supported here`);
    throw syntaxError('trino', this.line, column, `token recognition error at: '${rest.slice(0, 40)}'`);
  }

  /** The end of a quoted run starting at `start` (the opening quote), honouring the dialect's escapes. */
  private quotedEnd(start: number, quote: string, backslashEscapes: boolean): number {
    const s = this.sql;
    for (let i = start + 1; i < s.length; i++) {
      const c = s[i];
      if (backslashEscapes && c === '\\') {
        i++;
        continue;
      }
      if (c === quote) {
        if (!backslashEscapes && s[i + 1] === quote) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return this.fail(start, s.slice(start));
  }

  next(): Token {
    this.skipSpaceAndComments();
    const s = this.sql;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart;
    const make = (kind: TokenKind, end: number, value: string, quote?: Token['quote']): Token => {
      const token: Token = { kind, text: s.slice(start, end), value, offset: start, end, line, column };
      if (quote !== undefined) token.quote = quote;
      this.advance(end);
      return token;
    };
    if (start >= s.length) return { kind: 'eof', text: '<EOF>', value: '', offset: s.length, end: s.length, line, column };
    const c = s[start]!;
    const hive = this.dialect === 'hive';
    if (c === "'" || (c === '"' && hive)) {
      const end = this.quotedEnd(start, c, hive);
      const body = s.slice(start + 1, end - 1);
      return make('string', end, hive ? unescapeHive(body) : body.replaceAll("''", "'"), c);
    }
    if (c === '"' || c === '`') {
      const end = this.quotedEnd(start, c, false);
      return make('quoted', end, s.slice(start + 1, end - 1).replaceAll(c + c, c), c);
    }
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(s[start + 1] ?? ''))) {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(s)!;
      let end = start + m[0].length;
      if (end < s.length && WORD_PART.test(s[end]!)) {
        // Hive reads `2024abc` (and suffixed literals such as 10L) as one token.
        while (end < s.length && WORD_PART.test(s[end]!)) end++;
        return make('word', end, s.slice(start, end));
      }
      return make('number', end, m[0]);
    }
    if (WORD_START.test(c)) {
      let end = start + 1;
      while (end < s.length && WORD_PART.test(s[end]!)) end++;
      return make('word', end, s.slice(start, end));
    }
    return make('punct', start + 1, c);
  }
}

/**
 * Every token of `sql` in `dialect`, ending with `eof`.
 * @throws QueryFailure for an unterminated string, quoted identifier or comment
 * @example
 * tokenize("SHOW TABLES IN `db` 'a*'", 'hive').tokens.map((t) => t.value) // ['SHOW', 'TABLES', 'IN', 'db', 'a*', '']
 */
export function tokenize(sql: string, dialect: Dialect): Tokens {
  const scanner = new Scanner(sql, dialect);
  const tokens: Token[] = [];
  for (;;) {
    const token = scanner.next();
    tokens.push(token);
    if (token.kind === 'eof') return { tokens, comments: scanner.comments };
  }
}

/**
 * Up to `count` leading tokens, for recognising a statement before choosing its dialect; stops
 * early (with what it has) at the end or at text it cannot read.
 */
export function leadingTokens(sql: string, count: number): Token[] {
  const scanner = new Scanner(sql, 'trino');
  const out: Token[] = [];
  try {
    while (out.length < count) {
      const token = scanner.next();
      if (token.kind === 'eof') break;
      out.push(token);
    }
  } catch {
    // A lexical error this early is reported by the full parse in the statement's own dialect.
  }
  return out;
}

/** `sql` with every comment replaced by spaces (newlines kept), so positions do not move. */
export function blankComments(sql: string, comments: ReadonlyArray<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of comments) {
    out += sql.slice(at, start) + sql.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + sql.slice(at);
}
