/**
 * A small SQL tokenizer for Trino text: enough to rewrite function names and literal arguments
 * without ever touching what is inside a 'string', a "quoted identifier" or a comment.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'comment' | 'space' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the token's first character in the tokenized text. */
  start: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

/**
 * Splits SQL into tokens whose texts, joined, give back the input exactly.
 * Unterminated strings, identifiers and comments run to the end of the text (DuckDB reports them).
 *
 * @example
 * tokenize("SELECT 'a''b' -- c").map((t) => t.kind); // ['word', 'space', 'string', 'space', 'comment']
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'") push('string', endOfQuoted(sql, i, "'"));
    else if ((c === 'X' || c === 'x') && next === "'") {
      // X'0a0b' is a varbinary literal: its prefix belongs to the string.
      push('string', endOfQuoted(sql, i + 1, "'"));
    } else if (c === '"') push('quoted', endOfQuoted(sql, i, '"'));
    else if (c === '`') push('quoted', endOfQuoted(sql, i, '`'));
    else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      push('comment', close < 0 ? sql.length : close + 2);
    } else if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push('space', j);
    } else if (DIGIT.test(c) || (c === '.' && next !== undefined && DIGIT.test(next))) {
      let j = i + 1;
      while (j < sql.length && /[0-9.]/.test(sql[j]!)) j++;
      if (j < sql.length && /[eE]/.test(sql[j]!) && /[0-9+-]/.test(sql[j + 1] ?? '')) {
        j += 2;
        while (j < sql.length && DIGIT.test(sql[j]!)) j++;
      }
      push('number', j);
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j++;
      push('word', j);
    } else {
      const two = sql.slice(i, i + 2);
      push('punct', i + (['->', '||', '<=', '>=', '<>', '!=', '::', '=>'].includes(two) ? 2 : 1));
    }
  }
  return tokens;
}

/** End (exclusive) of a quoted token opening at `open`, a doubled quote being an escaped one. */
function endOfQuoted(sql: string, open: number, quote: string): number {
  let j = open + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

/** The value of a 'string' token ('' unescaped), or undefined when the token is not a plain string literal. */
export function stringValue(token: Token | undefined): string | undefined {
  if (!token || token.kind !== 'string' || !token.text.startsWith("'") || token.text.length < 2 || !token.text.endsWith("'")) return undefined;
  return token.text.slice(1, -1).replace(/''/g, "'");
}

/** A value as a SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** True for tokens that carry no meaning (spaces, comments). */
export const isTrivia = (t: Token): boolean => t.kind === 'space' || t.kind === 'comment';
