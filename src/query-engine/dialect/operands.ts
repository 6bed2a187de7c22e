/**
 * Where an operand begins and ends in a token list, for rewriting Trino operators as calls
 * (`a / b` → `trino_divide(a, b)`). Operands are found by Trino's precedence: a primary (literal,
 * name, call, CAST, CASE…END, ARRAY[…], parenthesised expression, typed literal) with its
 * postfixes (`[i]`, `.field`, `OVER (…)`) and unary signs; a left operand extends over operators
 * of the same or higher precedence (`a * b / c` divides `a * b`). When the text is not an
 * expression this reader understands, -1 is returned and the operator is left as it is.
 */
import { isTrivia, type Token } from './tokenizer.js';

/** Operators a left operand may extend over, by the precedence of the operator being rewritten. */
export const CHAIN_OPERATORS = {
  mul: new Set(['*', '/', '%']),
  add: new Set(['*', '/', '%', '+', '-']),
  concat: new Set(['*', '/', '%', '+', '-', '||']),
} as const;
export type Level = keyof typeof CHAIN_OPERATORS;

/** Words that end an operand: where one of these stands, no operand does. */
const KEYWORDS = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'in', 'is', 'as', 'on', 'by', 'when', 'then', 'else', 'case',
  'between', 'like', 'group', 'order', 'having', 'limit', 'offset', 'fetch', 'union', 'except', 'intersect', 'join',
  'left', 'right', 'full', 'inner', 'cross', 'outer', 'using', 'with', 'distinct', 'all', 'exists', 'any', 'some',
  'return', 'escape', 'values', 'window', 'partition', 'rows', 'range', 'asc', 'desc', 'nulls', 'lateral', 'unnest',
  'filter', 'over', 'within', 'if', 'do', 'at', 'to', 'first', 'last', 'qualify',
]);
/** Words before `'…'` that make a typed literal. */
const TYPED_LITERALS = new Set(['date', 'timestamp', 'time', 'decimal', 'interval', 'real', 'double', 'char', 'varchar', 'json', 'bigint', 'integer', 'smallint', 'tinyint', 'ipaddress', 'uuid']);
const INTERVAL_UNITS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'years', 'months', 'days', 'hours', 'minutes', 'seconds']);

const lower = (t: Token | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : '');

export function nextIndex(tokens: Token[], i: number): number {
  let j = i + 1;
  while (j < tokens.length && isTrivia(tokens[j]!)) j++;
  return j;
}

export function prevIndex(tokens: Token[], i: number): number {
  let j = i - 1;
  while (j >= 0 && isTrivia(tokens[j]!)) j--;
  return j;
}

/** Index of the bracket closing the one at `open` (`(`/`[`), or -1. */
export function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** Index of the bracket opening the one at `close`, or -1. */
export function matchingOpen(tokens: Token[], close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    const t = tokens[j]!;
    if (t.kind !== 'punct') continue;
    if (t.text === ')' || t.text === ']') depth++;
    else if (t.text === '(' || t.text === '[') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** CASE … END nesting: the END closing the CASE at `i`, or the CASE opening the END at `i`. */
function matchingCase(tokens: Token[], i: number, forward: boolean): number {
  let depth = 0;
  for (let j = i; forward ? j < tokens.length : j >= 0; j += forward ? 1 : -1) {
    const w = lower(tokens[j]);
    if (w === (forward ? 'case' : 'end')) depth++;
    else if (w === (forward ? 'end' : 'case')) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** True when the token at `i` ends an operand (so a following `-` is binary, `[` a subscript). */
export function endsOperand(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.kind === 'number' || t.kind === 'string' || t.kind === 'quoted') return true;
  if (t.kind === 'punct') return t.text === ')' || t.text === ']';
  return t.kind === 'word' && (!KEYWORDS.has(t.text.toLowerCase()) || t.text.toLowerCase() === 'end');
}

/** Start of the primary (with postfixes) that ends at token `end`, or -1. */
export function primaryStart(tokens: Token[], end: number): number {
  const t = tokens[end];
  if (!t) return -1;
  let start: number;
  if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
    start = matchingOpen(tokens, end);
    if (start < 0) return -1;
    const before = prevIndex(tokens, start);
    const b = tokens[before];
    const w = lower(b);
    if (w === 'over' || w === 'filter') return primaryStart(tokens, prevIndex(tokens, before));
    if (b && ((b.kind === 'word' && (!KEYWORDS.has(w) || w === 'if')) || b.kind === 'quoted')) start = before;
    else if (b && t.text === ']' && endsOperand(tokens, before)) return primaryStart(tokens, before);
    else return start;
  } else if (lower(t) === 'end') {
    return matchingCase(tokens, end, false);
  } else if (t.kind === 'string') {
    const before = prevIndex(tokens, end);
    return TYPED_LITERALS.has(lower(tokens[before])) ? before : end;
  } else if (t.kind === 'number') {
    return end;
  } else if (t.kind === 'word' && INTERVAL_UNITS.has(lower(t)) && tokens[prevIndex(tokens, end)]?.kind === 'string') {
    const literal = prevIndex(tokens, end);
    return lower(tokens[prevIndex(tokens, literal)]) === 'interval' ? prevIndex(tokens, literal) : -1;
  } else if ((t.kind === 'word' && !KEYWORDS.has(lower(t))) || t.kind === 'quoted') {
    start = end;
  } else {
    return -1;
  }
  // Qualifiers: a.b.c, a.f(…)
  for (;;) {
    const dot = prevIndex(tokens, start);
    if (tokens[dot]?.text !== '.') return start;
    const q = prevIndex(tokens, dot);
    if (tokens[q]?.kind !== 'word' && tokens[q]?.kind !== 'quoted') return start;
    start = q;
  }
}

/** Start of the left operand of the operator at `op` (unary signs and same-level chains included), or -1. */
export function leftOperandStart(tokens: Token[], op: number, level: Level): number {
  let end = prevIndex(tokens, op);
  for (;;) {
    let start = primaryStart(tokens, end);
    if (start < 0) return -1;
    // Unary signs bind tighter than any binary operator: `-a / b` is `(-a) / b`.
    for (;;) {
      const sign = prevIndex(tokens, start);
      const s = tokens[sign];
      if (!s || s.kind !== 'punct' || (s.text !== '-' && s.text !== '+') || endsOperand(tokens, prevIndex(tokens, sign))) break;
      start = sign;
    }
    const before = prevIndex(tokens, start);
    const b = tokens[before];
    if (b && b.kind === 'punct' && CHAIN_OPERATORS[level].has(b.text)) {
      end = prevIndex(tokens, before);
      continue;
    }
    return start;
  }
}

/** End (inclusive) of the primary starting at `start`, with its postfixes, or -1. */
export function primaryEnd(tokens: Token[], start: number): number {
  let i = start;
  while (tokens[i]?.kind === 'punct' && (tokens[i]!.text === '-' || tokens[i]!.text === '+')) i = nextIndex(tokens, i);
  const t = tokens[i];
  if (!t) return -1;
  let end: number;
  const w = lower(t);
  const after = nextIndex(tokens, i);
  if (t.kind === 'punct' && t.text === '(') end = matchingClose(tokens, i);
  else if (w === 'case') end = matchingCase(tokens, i, true);
  else if (w === 'array' && tokens[after]?.text === '[') end = matchingClose(tokens, after);
  else if (TYPED_LITERALS.has(w) && tokens[after]?.kind === 'string') {
    end = after;
    if (w === 'interval') {
      const unit = nextIndex(tokens, after);
      if (INTERVAL_UNITS.has(lower(tokens[unit]))) end = unit;
      const to = nextIndex(tokens, end);
      if (lower(tokens[to]) === 'to' && INTERVAL_UNITS.has(lower(tokens[nextIndex(tokens, to)]))) end = nextIndex(tokens, to);
    }
  } else if ((t.kind === 'word' && (!KEYWORDS.has(w) || w === 'if')) || t.kind === 'quoted') {
    end = i;
    while (tokens[nextIndex(tokens, end)]?.text === '.' && ['word', 'quoted'].includes(tokens[nextIndex(tokens, nextIndex(tokens, end))]?.kind ?? '')) {
      end = nextIndex(tokens, nextIndex(tokens, end));
    }
    if (tokens[nextIndex(tokens, end)]?.text === '(') {
      end = matchingClose(tokens, nextIndex(tokens, end));
      if (end < 0) return -1;
      let k = nextIndex(tokens, end);
      if (lower(tokens[k]) === 'filter' && tokens[nextIndex(tokens, k)]?.text === '(') {
        end = matchingClose(tokens, nextIndex(tokens, k));
        k = nextIndex(tokens, end);
      }
      if (lower(tokens[k]) === 'over') {
        const w2 = nextIndex(tokens, k);
        end = tokens[w2]?.text === '(' ? matchingClose(tokens, w2) : w2;
      }
    }
  } else if (t.kind === 'number' || t.kind === 'string') end = i;
  else return -1;
  if (end < 0) return -1;
  // Postfixes: subscripts and field references.
  for (;;) {
    const n = nextIndex(tokens, end);
    if (tokens[n]?.text === '[') {
      end = matchingClose(tokens, n);
      if (end < 0) return -1;
    } else if (tokens[n]?.text === '.' && ['word', 'quoted'].includes(tokens[nextIndex(tokens, n)]?.kind ?? '')) {
      end = nextIndex(tokens, n);
    } else return end;
  }
}
