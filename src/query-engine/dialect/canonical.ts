/**
 * The sandbox's lexical layer (docs/SECURITY.md): every token of a Trino query is written out
 * again in one spelling that DuckDB's lexer reads exactly as sagelite's tokenizer did, so no
 * tenant text can mean one thing to the translator and another to DuckDB:
 * - comments are dropped and whitespace becomes one plain space or newline (DuckDB ends a `--`
 *   comment at `\r` too, and nests block comments; the tokenizer does neither);
 * - string literals are rewritten from their value as `'…'` with doubled quotes, and two words,
 *   numbers, strings or identifiers that touch are parted by a space (DuckDB reads `E'\';…'` as
 *   one escape string, Trino as the word E and a string);
 * - quoted identifiers are rewritten from their value as `"…"`;
 * - characters Trino has no token for (`$`, `\`, `;` inside the text, `{`, `@`, `#`…) are
 *   Trino's syntax error, so DuckDB's dollar quotes, parameters and operators never start.
 * The parse-tree check of sandbox.ts is the layer behind this one.
 */
import { MultipleStatementsError } from '../statements/errors.js';
import { syntaxError } from '../errors.js';
import { ErrorCategory, QueryFailure } from '../types.js';
import { sqlString, stringValue, type Token } from './tokenizer.js';

/** Trino's operators and punctuation (one- and two-character tokens as the tokenizer cuts them). */
const TRINO_PUNCT = new Set(['(', ')', '[', ']', ',', '.', '+', '-', '*', '/', '%', '=', '<', '>', '<=', '>=', '<>', '!=', '||', '->', '=>', '?', ';']);

/**
 * Deepest nesting of parentheses and brackets a query may have. DuckDB's binder takes time
 * growing with the square of the depth of nested expressions (ARRAY[ARRAY[…]] 990 deep: 12 s),
 * and does not notice a cancellation while it binds; real queries nest a few levels.
 */
export const MAX_NESTING = 64;

/** Tokens that DuckDB would read as one with a neighbour of the same kinds if they touched. */
const JOINABLE = new Set(['word', 'number', 'string', 'quoted']);

/** Trino's `line L:C: ` position of an offset. */
function at(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function tokenError(sql: string, token: Token, text = token.text): Error {
  const { line, column } = at(sql, token.start);
  return syntaxError(`token recognition error at: '${text.slice(0, 40)}'`, line, column);
}

function stringText(sql: string, token: Token): string {
  if (token.text.startsWith("'")) {
    const value = stringValue(token);
    if (value === undefined) throw tokenError(sql, token);
    return sqlString(value);
  }
  // X'0a0b': a varbinary literal, hexadecimal digits only (Trino's rule).
  const hex = /^[Xx]'([0-9A-Fa-f\s]*)'$/.exec(token.text);
  if (!hex) {
    const { line, column } = at(sql, token.start);
    throw syntaxError('Binary literal can only contain hexadecimal digits', line, column);
  }
  return `X'${hex[1]!.replace(/\s/g, '')}'`;
}

function quotedText(sql: string, token: Token): string {
  if (token.text.startsWith('`')) {
    const { line, column } = at(sql, token.start);
    throw syntaxError('backquoted identifiers are not supported; use double quotes to quote identifiers', line, column);
  }
  if (token.text.length < 2 || !token.text.endsWith('"')) throw tokenError(sql, token);
  const name = token.text.slice(1, -1).replace(/""/g, '"');
  if (name.length === 0) {
    const { line, column } = at(sql, token.start);
    throw syntaxError('Zero-length delimited identifier not allowed', line, column);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The canonical text of each token (same order; '' for a trailing `;` and its comments).
 * @throws QueryFailure SYNTAX_ERROR for what Trino's lexer refuses, MultipleStatementsError for a
 *   `;` with a statement after it
 * @example
 * canonicalTexts("SELECT E'x' -- c", tokenize("SELECT E'x' -- c")); // ['SELECT', ' ', 'E', " 'x'", ' ', ' ']
 */
export function canonicalTexts(sql: string, tokens: Token[]): string[] {
  // DuckDB reads SQL as a C string: text after a NUL would be checked here and never run there.
  const nul = sql.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = at(sql, nul);
    throw syntaxError("token recognition error at: '\\0'", line, column);
  }
  const out: string[] = [];
  let previousKind: string | undefined;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let text: string;
    switch (t.kind) {
      case 'comment':
        if (t.text.startsWith('/*') && (t.text.length < 4 || !t.text.endsWith('*/'))) throw tokenError(sql, t, t.text);
        text = ' ';
        break;
      case 'space':
        text = t.text.includes('\n') ? '\n' : ' ';
        break;
      case 'string':
        text = stringText(sql, t);
        break;
      case 'quoted':
        text = quotedText(sql, t);
        break;
      case 'word':
        text = t.text;
        break;
      case 'number':
        text = t.text;
        break;
      case 'punct':
        if (!TRINO_PUNCT.has(t.text)) throw tokenError(sql, t);
        if (t.text === '(' || t.text === '[') depth++;
        else if (t.text === ')' || t.text === ']') depth--;
        if (depth > MAX_NESTING) {
          const { line, column } = at(sql, t.start);
          throw new QueryFailure(ErrorCategory.User, 1000, `NOT_SUPPORTED: line ${line}:${column}: Expressions nested more than ${MAX_NESTING} levels deep are not supported`);
        }
        if (t.text === ';') {
          if (tokens.slice(i + 1).some((x) => x.kind !== 'space' && x.kind !== 'comment')) throw new MultipleStatementsError(sql);
          for (let j = i; j < tokens.length; j++) out.push('');
          return out;
        }
        text = t.text;
        break;
    }
    // Comments and spaces became plain spaces above: only tokens that touched in the text touch here.
    if (JOINABLE.has(t.kind) && previousKind !== undefined && JOINABLE.has(previousKind)) text = ` ${text}`;
    previousKind = t.kind;
    out.push(text);
  }
  return out;
}
