/**
 * Trino SQL → DuckDB SQL, token by token: function names that sagelite implements as macros or
 * that DuckDB spells differently, literal date formats turned into strftime/strptime formats,
 * Trino type names in CASTs, and the syntax of syntax.ts (AT TIME ZONE, bare VALUES rows). Strings, quoted identifiers and comments are never touched; table
 * names are left as written (the executor's attached `awsdatacatalog` database resolves them).
 */
import { rewriteAvg, rewriteDecimalLiteral, rewriteMatch, rewriteReduce, rewriteTypeofLiteral } from './calls.js';
import { canonicalTexts } from './canonical.js';
import { rewriteFetchWithTies } from './fetch-ties.js';
import { duckFunctionName, MACRO_PREFIX } from './functions.js';
import { rewriteOperators } from './operators.js';
import { jodaToStrftime, mysqlToStrftime, teradataToStrftime } from './formats.js';
import { rewriteSyntax, type Edits } from './syntax.js';
import { isTrivia, sqlString, stringValue, tokenize, type Token } from './tokenizer.js';
import { translateType } from './types.js';

/** Output pieces, each remembering where its text came from in the Trino SQL. */
interface Piece {
  text: string;
  origin: number;
}

/** What a translation remembers for mapping DuckDB error positions back to the Trino text. */
export interface Translation {
  trino: string;
  duck: string;
  /** Output offsets at which a piece starts, and the Trino offsets they came from. */
  outStarts: number[];
  origins: number[];
}

/** Functions whose literal format argument is converted at translation time. */
const FORMAT_CALLS: Record<string, { convert: (f: string) => string; fn: string; wrap?: string; arity: number }> = {
  date_parse: { convert: mysqlToStrftime, fn: 'strptime', arity: 2 },
  date_format: { convert: mysqlToStrftime, fn: 'strftime', arity: 2 },
  format_datetime: { convert: jodaToStrftime, fn: 'strftime', arity: 2 },
  parse_datetime: { convert: jodaToStrftime, fn: 'strptime', wrap: 'TIMESTAMPTZ', arity: 2 },
  to_char: { convert: teradataToStrftime, fn: 'strftime', arity: 2 },
  to_timestamp: { convert: teradataToStrftime, fn: 'strptime', arity: 2 },
  to_date: { convert: teradataToStrftime, fn: 'strptime', wrap: 'DATE', arity: 2 },
};

/** Words after which `name(` is not a function call (FILTER (WHERE …), a table alias list…). */
const NOT_A_CALL_AFTER = new Set(['as', 'table', 'join', 'into', 'update']);

const RECENT_LIMIT = 128;
const recent = new Map<string, Translation>();

/** Index of the next non-trivia token at or after `i`, or tokens.length. */
function nextSignificant(tokens: Token[], i: number): number {
  while (i < tokens.length && isTrivia(tokens[i]!)) i++;
  return i;
}

function previousSignificant(tokens: Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) if (!isTrivia(tokens[j]!)) return tokens[j];
  return undefined;
}

/**
 * The call's arguments: token index ranges [start, end) of each top-level argument, and the
 * index of the closing parenthesis (tokens.length when unbalanced).
 */
export function callArguments(tokens: Token[], open: number): { args: Array<[number, number]>; close: number } {
  const args: Array<[number, number]> = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      depth--;
      if (depth === 0) {
        if (i > start || args.length > 0) args.push([start, i]);
        return { args, close: i };
      }
    } else if (t.text === ',' && depth === 1) {
      args.push([start, i]);
      start = i + 1;
    }
  }
  return { args, close: tokens.length };
}

/** The single string literal an argument consists of, if it is one. */
function literalArgument(tokens: Token[], [start, end]: [number, number]): { index: number; value: string } | undefined {
  const significant: number[] = [];
  for (let i = start; i < end; i++) if (!isTrivia(tokens[i]!)) significant.push(i);
  if (significant.length !== 1) return undefined;
  const value = stringValue(tokens[significant[0]!]);
  return value === undefined ? undefined : { index: significant[0]!, value };
}

/**
 * Rewrites Trino SQL as DuckDB SQL (see the module comment for what changes).
 *
 * @example
 * translateQuery("SELECT from_unixtime(0), date_format(ts, '%Y-%m-%d') FROM t");
 * // "SELECT trino_from_unixtime(0), strftime(ts, '%Y-%m-%d') FROM t"
 */
export function translateQuery(sql: string): string {
  return translate(sql).duck;
}

/** {@link translateQuery} with the position map errors.ts uses. */
export function translate(sql: string): Translation {
  const cached = recent.get(sql);
  if (cached) return cached;
  const tokens = tokenize(sql);
  const canonical = canonicalTexts(sql, tokens);
  const edits: Edits = { replaced: new Map(), before: new Map(), after: new Map(), hidden: new Set(), insertAfter: new Map() };
  const { replaced, after: appendAfter } = edits;
  rewriteSyntax(tokens, edits);
  rewriteFetchWithTies(tokens, edits);
  rewriteOperators(tokens, edits);

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    const open = nextSignificant(tokens, i + 1);
    if (t.text.toLowerCase() === 'decimal' && tokens[open]?.kind === 'string') {
      rewriteDecimalLiteral(tokens, i, edits);
      continue;
    }
    if (tokens[open]?.text !== '(') continue;
    const before = previousSignificant(tokens, i);
    if (before && (before.text === '.' || before.text === ')' || NOT_A_CALL_AFTER.has(before.text.toLowerCase()))) continue;
    const name = t.text.toLowerCase();

    if (name === 'cast' || name === 'try_cast') {
      rewriteCast(tokens, i, open, edits);
      continue;
    }
    if (name === 'reduce' && rewriteReduce(tokens, i, open, edits)) continue;
    if ((name === 'any_match' || name === 'all_match' || name === 'none_match') && rewriteMatch(tokens, i, open, edits)) continue;
    if (name === 'avg' && rewriteAvg(tokens, i, open, edits)) continue;
    if (name === 'typeof' && rewriteTypeofLiteral(tokens, i, open, edits)) continue;
    if (name === 'row') {
      nameRowFields(tokens, i, open, edits);
      continue;
    }
    const format = FORMAT_CALLS[name];
    if (format) {
      const { args, close } = callArguments(tokens, open);
      const literal = args.length === format.arity ? literalArgument(tokens, args[1]!) : undefined;
      if (literal) {
        replaced.set(i, format.wrap ? `CAST(${format.fn}` : format.fn);
        replaced.set(literal.index, sqlString(format.convert(literal.value)));
        if (format.wrap) appendAfter.set(close, ` AS ${format.wrap})` + (appendAfter.get(close) ?? ''));
        continue;
      }
      if (name === 'to_timestamp' && args.length === 1) continue; // DuckDB's own to_timestamp(epoch seconds)
    }
    const duck = duckFunctionName(name);
    if (duck) replaced.set(i, duck);
  }

  const pieces: Piece[] = [];
  const emit = (i: number) => {
    const t = tokens[i]!;
    const before = edits.before.get(i);
    if (before) pieces.push({ text: before, origin: t.start });
    pieces.push({ text: replaced.get(i) ?? canonical[i]!, origin: t.start });
    const after = appendAfter.get(i);
    if (after) pieces.push({ text: after, origin: t.start });
    const moved = edits.insertAfter.get(i);
    if (moved) for (let j = moved[0]; j < moved[1]; j++) emit(j);
  };
  tokens.forEach((_, i) => {
    if (!edits.hidden.has(i)) emit(i);
  });
  const translation: Translation = { trino: sql, duck: '', outStarts: [], origins: [] };
  let out = '';
  for (const piece of pieces) {
    translation.outStarts.push(out.length);
    translation.origins.push(piece.origin);
    out += piece.text;
  }
  translation.duck = out;
  remember(sql, translation);
  return translation;
}

function remember(sql: string, translation: Translation): void {
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
  recent.set(sql, translation);
  recent.set(translation.duck, translation);
}

/**
 * `ROW(a, b)` → `struct_pack(field0 := a, field1 := b)`: DuckDB's anonymous structs have empty
 * field names, which its client cannot tell apart, and Athena prints anonymous fields as
 * `field0`, `field1`. A ROW that is CAST's operand stays as it is: DuckDB casts structs by field
 * name, so the CAST names its fields.
 */
function nameRowFields(tokens: Token[], i: number, open: number, edits: Edits): void {
  const before = previousIndex(tokens, i);
  if (tokens[before]?.text === '(' && /^(try_)?cast$/i.test(tokens[previousIndex(tokens, before)]?.text ?? '')) return;
  const { args, close } = callArguments(tokens, open);
  if (close >= tokens.length || args.length === 0) return;
  edits.replaced.set(i, 'struct_pack');
  args.forEach(([start], n) => {
    const first = nextSignificant(tokens, start);
    edits.before.set(first, `field${n} := ` + (edits.before.get(first) ?? ''));
  });
}

function previousIndex(tokens: Token[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (!isTrivia(tokens[j]!)) return j;
  return -1;
}

/** Integral CAST targets: Trino rounds a double half away from zero when casting to them. */
const INTEGRAL = /^(tinyint|smallint|integer|int|bigint)$/i;

/**
 * CAST(x AS <Trino type>) → CAST(x AS <DuckDB type>): the type's tokens become one replaced piece.
 * A cast to an integer type reads doubles through `trino_integral_source` (half away from zero);
 * a cast to varchar becomes `trino_to_varchar(x)` (Java's double text, timestamps with milliseconds).
 */
function rewriteCast(tokens: Token[], name: number, open: number, edits: Edits): void {
  const { replaced } = edits;
  const { args, close } = callArguments(tokens, open);
  if (args.length !== 1 || close >= tokens.length) return;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (depth === 0 && t.kind === 'word' && t.text.toLowerCase() === 'as') {
      const first = nextSignificant(tokens, i + 1);
      if (first >= close) return;
      const rawType = tokens.slice(first, close).map((x) => (isTrivia(x) ? ' ' : x.text)).join('');
      const typeText = rawType.trim();
      const operandStart = nextSignificant(tokens, open + 1);
      const operandEnd = previousIndex(tokens, i);
      if (/^varchar(\s*\(\s*\d+\s*\))?$/i.test(typeText) && operandEnd >= operandStart) {
        // CAST(x AS varchar) → trino_to_varchar(x)
        replaced.set(name, `${MACRO_PREFIX}to_varchar`);
        for (let j = operandEnd + 1; j < close; j++) replaced.set(j, '');
        return;
      }
      if (INTEGRAL.test(typeText) && operandEnd >= operandStart) {
        edits.before.set(operandStart, `${MACRO_PREFIX}integral_source(` + (edits.before.get(operandStart) ?? ''));
        edits.after.set(operandEnd, (edits.after.get(operandEnd) ?? '') + ')');
      }
      const duckType = translateType(typeText);
      if (duckType === typeText) return;
      replaced.set(first, duckType + rawType.slice(rawType.trimEnd().length));
      for (let j = first + 1; j < close; j++) replaced.set(j, '');
      return;
    }
  }
}

/**
 * Where a DuckDB error position (an offset into translated SQL) lies in the Trino text, when that
 * SQL came from a recent {@link translate}. Positions inside an inserted text map to its origin.
 */
export function trinoPosition(sql: string, position: number): { sql: string; position: number } {
  const translation = recent.get(sql);
  if (!translation || translation.duck !== sql) return { sql, position };
  const { outStarts, origins } = translation;
  let lo = 0;
  let hi = outStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (outStarts[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  const offset = position - (outStarts[lo] ?? 0);
  const origin = origins[lo] ?? 0;
  // Within a piece the offset carries over (clamped to the piece's source); past the last piece it
  // may reach the end of the text, where DuckDB points for "syntax error at end of input".
  const limit = lo + 1 < origins.length ? Math.max(origin, origins[lo + 1]! - 1) : translation.trino.length;
  return { sql: translation.trino, position: Math.min(origin + offset, limit) };
}

export { referencedTables } from './tables.js';
