/**
 * Trino calls rewritten as more than a rename: `reduce` (DuckDB's list_reduce takes the lambda
 * before the initial state and has no output function), `any_match`/`all_match`/`none_match`
 * (lambdas cannot be macro arguments in DuckDB, so the lambda is applied by list_transform and the
 * macro reads its results), `avg` of decimals, `typeof` of a string literal, and `DECIMAL '…'`
 * literals (DuckDB reads them as DECIMAL(18,3)).
 */
import { MACRO_PREFIX } from './functions.js';
import { matchingClose, nextIndex, prevIndex } from './operands.js';
import type { Edits } from './syntax.js';
import { sqlString, stringValue, type Token } from './tokenizer.js';

/** Top-level argument ranges [start, end) of the call whose `(` is at `open`, and its `)`. */
function argumentsOf(tokens: Token[], open: number): { args: Array<[number, number]>; close: number } {
  const close = matchingClose(tokens, open);
  const args: Array<[number, number]> = [];
  if (close < 0) return { args, close: -1 };
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!.text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (t === ',' && depth === 0) {
      args.push([start, i]);
      start = i + 1;
    }
  }
  if (nextIndex(tokens, open) < close) args.push([start, close]);
  return { args, close };
}

/** Last significant token index of a range. */
const lastOf = (tokens: Token[], [start, end]: [number, number]) => prevIndex(tokens, end) >= start ? prevIndex(tokens, end) : start;

/**
 * `reduce(a, s, f)` → `list_reduce(a, f, s)`; with an output function `o`,
 * `list_extract(list_transform([list_reduce(a, f, s)], o), 1)`. Returns false when not rewritten.
 */
export function rewriteReduce(tokens: Token[], name: number, open: number, edits: Edits): boolean {
  const { args, close } = argumentsOf(tokens, open);
  if (close < 0 || (args.length !== 3 && args.length !== 4)) return false;
  const [, init, fn, out] = args as Array<[number, number]>;
  edits.replaced.set(name, out ? 'list_extract(list_transform([list_reduce' : 'list_reduce');
  // Move the initial state (with the comma before it) after the lambda.
  for (let i = init![0] - 1; i < init![1]; i++) edits.hidden.add(i);
  edits.insertAfter.set(lastOf(tokens, fn!), [init![0] - 1, init![1]]);
  if (out) {
    edits.replaced.set(out[0] - 1, ')], ');
    edits.after.set(close, (edits.after.get(close) ?? '') + ', 1)');
  }
  return true;
}

/** `any_match(a, f)` → `trino_any_match(list_transform(a, f))` (and all_match, none_match). */
export function rewriteMatch(tokens: Token[], name: number, open: number, edits: Edits): boolean {
  const { args, close } = argumentsOf(tokens, open);
  if (close < 0 || args.length !== 2) return false;
  edits.replaced.set(name, `${MACRO_PREFIX}${tokens[name]!.text.toLowerCase()}(list_transform`);
  edits.after.set(close, (edits.after.get(close) ?? '') + ')');
  return true;
}

/** `avg(x)` → `trino_avg(x)` (decimal stays decimal), unless DISTINCT, FILTER or OVER make it more than a plain aggregate. */
export function rewriteAvg(tokens: Token[], name: number, open: number, edits: Edits): boolean {
  const { args, close } = argumentsOf(tokens, open);
  if (close < 0 || args.length !== 1) return false;
  const first = tokens[nextIndex(tokens, open)]!.text.toLowerCase();
  const following = tokens[nextIndex(tokens, close)]?.text.toLowerCase();
  if (first === 'distinct' || first === 'all' || following === 'over' || following === 'filter') return false;
  edits.replaced.set(name, `${MACRO_PREFIX}avg`);
  return true;
}

/** `typeof('abc')` → `'varchar(3)'`: a Trino string literal is a varchar of its length. */
export function rewriteTypeofLiteral(tokens: Token[], name: number, open: number, edits: Edits): boolean {
  const { args, close } = argumentsOf(tokens, open);
  if (close < 0 || args.length !== 1) return false;
  const only = nextIndex(tokens, open);
  const value = stringValue(tokens[only]);
  if (value === undefined || nextIndex(tokens, only) !== close || tokens[only]!.text.startsWith('X')) return false;
  edits.replaced.set(name, sqlString(`varchar(${[...value].length})`));
  for (let i = name + 1; i <= close; i++) edits.replaced.set(i, '');
  return true;
}

/**
 * `DECIMAL '1.10'` → `CAST('1.10' AS DECIMAL(3, 2))`: precision the number of digits, scale the
 * fraction digits, trailing zeros included (Trino's decimal literal).
 */
export function rewriteDecimalLiteral(tokens: Token[], word: number, edits: Edits): void {
  const literal = nextIndex(tokens, word);
  const value = stringValue(tokens[literal]);
  if (value === undefined) return;
  const m = /^\s*[+-]?(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return;
  const scale = (m[2] ?? '').length;
  const precision = Math.min(38, Math.max(1, m[1]!.length + scale));
  edits.replaced.set(word, 'CAST(');
  edits.after.set(literal, ` AS DECIMAL(${precision}, ${Math.min(scale, precision)}))` + (edits.after.get(literal) ?? ''));
}
