/**
 * Trino operators whose meaning DuckDB does not share, rewritten as calls of sagelite macros
 * (macros-operators.ts):
 * - `a / b`, `a % b` → `trino_divide(a, b)`, `trino_modulus(a, b)`: DIVISION_BY_ZERO for exact
 *   types, Infinity/NaN for doubles, decimal division staying decimal (DuckDB gives NULL and a double);
 * - `x[i]` → `trino_subscript(x, i)`: an array index out of range fails as in Trino (DuckDB gives
 *   NULL); a string-literal index (a map key) is left alone;
 * - `d ± INTERVAL '…' unit` → `trino_plus_interval(d, ±INTERVAL …)`: a date stays a date;
 * - `ARRAY[…] || x` / `x || ARRAY[…]` with a literal element → `list_append` / `list_prepend`.
 */
import { MACRO_PREFIX } from './functions.js';
import { endsOperand, leftOperandStart, matchingClose, nextIndex, prevIndex, primaryEnd, primaryStart } from './operands.js';
import type { Edits } from './syntax.js';
import type { Token } from './tokenizer.js';

const prepend = (map: Map<number, string>, i: number, text: string) => map.set(i, text + (map.get(i) ?? ''));
const append = (map: Map<number, string>, i: number, text: string) => map.set(i, (map.get(i) ?? '') + text);

/**
 * Whether tokens `from`..`to` (but `op`) hold another operator or cast that becomes a macro call.
 * A macro's body names its arguments many times and DuckDB copies the argument text into each
 * place, so nesting such calls directly grows exponentially (`1/1/1/1` took 10 s to bind).
 */
function holdsRewrite(tokens: Token[], from: number, to: number, op: number): boolean {
  for (let j = from; j <= to; j++) {
    const t = tokens[j]!;
    if (j !== op && t.kind === 'punct' && (t.text === '/' || t.text === '%' || t.text === '[')) return true;
    if (t.kind === 'word' && /^(try_)?cast$/i.test(t.text)) return true;
  }
  return false;
}

/**
 * `L op R` → `fn(L, R)`; false when either operand is not understood. With `bindOnce`, operands
 * that hold other rewrites are bound once through a one-element list and a lambda
 * (`list_transform([{'a': L, 'b': R}], p -> fn(p.a, p.b))[1]`), so their text appears once: a
 * little slower per row, and only for nested operations.
 */
function asCall(tokens: Token[], op: number, edits: Edits, fn: string, level: 'mul' | 'add' | 'concat', separator = ',', bindOnce = false): boolean {
  const start = leftOperandStart(tokens, op, level);
  const right = nextIndex(tokens, op);
  const end = right < tokens.length ? primaryEnd(tokens, right) : -1;
  if (start < 0 || end < 0) return false;
  if (bindOnce && holdsRewrite(tokens, start, end, op)) {
    prepend(edits.before, start, "list_transform([{'a': ");
    edits.replaced.set(op, ", 'b': ");
    append(edits.after, end, `}], trino_bound -> ${fn}(trino_bound.a, trino_bound.b))[1]`);
    return true;
  }
  prepend(edits.before, start, `${fn}(`);
  edits.replaced.set(op, separator);
  append(edits.after, end, ')');
  return true;
}

/** Applies the operator rewrites to `edits` (before the function renames, after syntax.ts). */
export function rewriteOperators(tokens: Token[], edits: Edits): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '/' || t.text === '%') {
      asCall(tokens, i, edits, MACRO_PREFIX + (t.text === '/' ? 'divide' : 'modulus'), 'mul', ',', true);
    } else if (t.text === '[') {
      rewriteSubscript(tokens, i, edits);
    } else if ((t.text === '+' || t.text === '-') && endsOperand(tokens, prevIndex(tokens, i))) {
      const right = nextIndex(tokens, i);
      if (tokens[right]?.kind === 'word' && tokens[right]!.text.toLowerCase() === 'interval') {
        asCall(tokens, i, edits, `${MACRO_PREFIX}plus_interval`, 'add', t.text === '-' ? ', -' : ',');
      }
    } else if (t.text === '||') {
      rewriteArrayConcat(tokens, i, edits);
    }
  }
}

/** `x[i]` → `trino_subscript(x, i)` unless `i` is a string literal (a map key) or a DuckDB slice. */
function rewriteSubscript(tokens: Token[], open: number, edits: Edits): void {
  const before = prevIndex(tokens, open);
  if (!endsOperand(tokens, before) || tokens[before]!.text.toLowerCase() === 'array') return;
  const close = matchingClose(tokens, open);
  if (close < 0) return;
  const first = nextIndex(tokens, open);
  if (nextIndex(tokens, first) === close && tokens[first]!.kind === 'string') return;
  for (let j = open + 1; j < close; j++) if (tokens[j]!.text === ':') return;
  // The base is the primary (with its own postfixes) ending just before `[`.
  const baseStart = primaryStart(tokens, before);
  if (baseStart < 0) return;
  prepend(edits.before, baseStart, `${MACRO_PREFIX}subscript(`);
  edits.replaced.set(open, ', ');
  edits.replaced.set(close, ')');
}

/**
 * `ARRAY[…] || <literal>` → `list_append(…)`, `<literal> || ARRAY[…]` → `list_prepend(…)`; a NULL
 * literal beside a non-array operand makes it `trino_concat(a, NULL)`, a varchar NULL.
 */
function rewriteArrayConcat(tokens: Token[], op: number, edits: Edits): void {
  const leftEnd = prevIndex(tokens, op);
  const right = nextIndex(tokens, op);
  const rightEnd = right < tokens.length ? primaryEnd(tokens, right) : -1;
  const start = leftOperandStart(tokens, op, 'concat');
  if (start < 0 || rightEnd < 0) return;
  const isArray = (i: number) => tokens[i]?.kind === 'word' && tokens[i]!.text.toLowerCase() === 'array';
  const isLiteral = (s: number, e: number) => s === e && (tokens[s]!.kind === 'number' || tokens[s]!.kind === 'string' || tokens[s]!.text.toLowerCase() === 'null');
  // A NULL literal is a varchar NULL in Trino's `||` (DuckDB types 'a' || NULL as an INTEGER).
  const isNull = (i: number) => tokens[i]?.kind === 'word' && tokens[i]!.text.toLowerCase() === 'null';
  if (!isArray(start) && !isArray(right)) {
    if (!(isNull(right) && right === rightEnd) && !(isNull(leftEnd) && start === leftEnd)) return;
    prepend(edits.before, start, `${MACRO_PREFIX}concat(`);
  } else if (isArray(start) && primaryEnd(tokens, start) === leftEnd && isLiteral(right, rightEnd)) {
    prepend(edits.before, start, 'list_append(');
  } else if (isArray(right) && isLiteral(start, leftEnd)) {
    prepend(edits.before, start, 'list_prepend(');
  } else return;
  edits.replaced.set(op, ', ');
  append(edits.after, rightEnd, ')');
}
