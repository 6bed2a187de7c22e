/**
 * Trino syntax DuckDB reads differently, rewritten on tokens: `x AT TIME ZONE z` (Trino converts
 * a timestamp's instant to the zone; DuckDB reads a plain timestamp as wall-clock time in the
 * zone) and bare `VALUES 1, 2` rows (DuckDB wants each row in parentheses).
 */
import { isTrivia, type Token } from './tokenizer.js';
import { MACRO_PREFIX } from './functions.js';

/**
 * Text edits keyed by token index: a replacement, text before, text after; tokens `hidden` from
 * their place, and token ranges [start, end) emitted again (with their edits) after a token.
 */
export interface Edits {
  replaced: Map<number, string>;
  before: Map<number, string>;
  after: Map<number, string>;
  hidden: Set<number>;
  insertAfter: Map<number, [number, number]>;
}

const add = (map: Map<number, string>, index: number, text: string, prepend = false) =>
  map.set(index, prepend ? text + (map.get(index) ?? '') : (map.get(index) ?? '') + text);

const word = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toLowerCase() === w;

function next(tokens: Token[], i: number): number {
  let j = i + 1;
  while (j < tokens.length && isTrivia(tokens[j]!)) j++;
  return j;
}

function previous(tokens: Token[], i: number): number {
  let j = i - 1;
  while (j >= 0 && isTrivia(tokens[j]!)) j--;
  return j;
}

/** Index of the '(' matching the ')' at `close`, or -1. */
function matchingOpen(tokens: Token[], close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    const t = tokens[j]!.text;
    if (tokens[j]!.kind !== 'punct') continue;
    if (t === ')' || t === ']') depth++;
    else if (t === '(' || t === '[') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** First token of the primary expression ending at `end`: a call, a (qualified) name, a literal. */
function operandStart(tokens: Token[], end: number): number {
  let start = end;
  const t = tokens[end];
  if (!t) return -1;
  if (t.text === ')' || t.text === ']') {
    start = matchingOpen(tokens, end);
    if (start < 0) return -1;
    const name = previous(tokens, start);
    if (tokens[name]?.kind === 'word' || tokens[name]?.kind === 'quoted') start = name;
    else return start;
  } else if (t.kind === 'string') {
    const typeWord = previous(tokens, end);
    if (word(tokens[typeWord], 'timestamp') || word(tokens[typeWord], 'date')) start = typeWord;
    return start;
  } else if (t.kind !== 'word' && t.kind !== 'quoted') {
    return -1;
  }
  // Qualifiers: a.b.c(…)
  for (;;) {
    const dot = previous(tokens, start);
    if (tokens[dot]?.text !== '.') return start;
    const qualifier = previous(tokens, dot);
    if (tokens[qualifier]?.kind !== 'word' && tokens[qualifier]?.kind !== 'quoted') return start;
    start = qualifier;
  }
}

/** `x AT TIME ZONE 'z'` → `trino_at_timezone(x, 'z')` (the zone a string literal or a name). */
function rewriteAtTimeZone(tokens: Token[], edits: Edits): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!word(tokens[i], 'at')) continue;
    const time = next(tokens, i);
    const zone = next(tokens, time);
    if (!word(tokens[time], 'time') || !word(tokens[zone], 'zone')) continue;
    const value = next(tokens, zone);
    const v = tokens[value];
    if (!v || (v.kind !== 'string' && v.kind !== 'word' && v.kind !== 'quoted')) continue;
    const end = previous(tokens, i);
    const start = operandStart(tokens, end);
    if (start < 0) continue;
    add(edits.before, start, `${MACRO_PREFIX}at_timezone(`, true);
    edits.replaced.set(i, ',');
    edits.replaced.set(time, '');
    edits.replaced.set(zone, '');
    add(edits.after, value, ')');
  }
}

const VALUES_END = new Set(['order', 'limit', 'offset', 'fetch', 'union', 'except', 'intersect', 'window']);

/** `VALUES 1, 2` → `VALUES (1), (2)`; rows already in parentheses are left alone. */
function rewriteBareValues(tokens: Token[], edits: Edits): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!word(tokens[i], 'values')) continue;
    const first = next(tokens, i);
    if (first >= tokens.length || tokens[first]!.text === '(') continue;
    let depth = 0;
    let itemStart = first;
    let last = first;
    const close = (end: number) => {
      add(edits.before, itemStart, '(', true);
      add(edits.after, end, ')');
    };
    let j = first;
    for (; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (isTrivia(t)) continue;
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (t.text === ',' || t.text === ';')) {
        if (t.text === ';') break;
        close(last);
        itemStart = next(tokens, j);
        continue;
      } else if (depth === 0 && t.kind === 'word' && VALUES_END.has(t.text.toLowerCase())) break;
      last = j;
    }
    close(last);
    i = j;
  }
}

/** Applies every syntax rewrite to `edits`. */
export function rewriteSyntax(tokens: Token[], edits: Edits): void {
  rewriteAtTimeZone(tokens, edits);
  rewriteBareValues(tokens, edits);
}
