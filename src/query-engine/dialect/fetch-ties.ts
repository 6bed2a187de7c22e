/**
 * `ORDER BY k FETCH FIRST n ROWS WITH TIES` (Trino) → `QUALIFY rank() OVER (ORDER BY k) <= n
 * ORDER BY k` (DuckDB has no WITH TIES): the rows whose rank is at most n are the first n rows
 * and every row tied with the last of them. Forms the rewrite cannot express (a set operation,
 * SELECT DISTINCT, OFFSET, ORDER BY an output position) fail with NOT_SUPPORTED.
 */
import { ErrorCategory, QueryFailure } from '../types.js';
import { nextIndex, prevIndex } from './operands.js';
import type { Edits } from './syntax.js';
import type { Token } from './tokenizer.js';

const word = (t: Token | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : '');

function unsupported(what: string): QueryFailure {
  return new QueryFailure(ErrorCategory.User, 1000, `NOT_SUPPORTED: FETCH FIRST … WITH TIES ${what} is not supported by sagelite`);
}

/** Paren depth of every token. */
function depths(tokens: Token[]): number[] {
  let depth = 0;
  return tokens.map((t) => {
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) return depth++;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) return --depth;
    return depth;
  });
}

/** Rewrites every `FETCH FIRST|NEXT [n] ROW|ROWS WITH TIES`; throws NOT_SUPPORTED for forms it cannot express. */
export function rewriteFetchWithTies(tokens: Token[], edits: Edits): void {
  let depth: number[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (word(tokens[i]) !== 'fetch') continue;
    const first = nextIndex(tokens, i);
    let k = nextIndex(tokens, first);
    let count = '1';
    if (tokens[k]?.kind === 'number') {
      count = tokens[k]!.text;
      k = nextIndex(tokens, k);
    }
    const with_ = nextIndex(tokens, k);
    const ties = nextIndex(tokens, with_);
    if (!['first', 'next'].includes(word(tokens[first])) || !['row', 'rows'].includes(word(tokens[k])) || word(tokens[with_]) !== 'with' || word(tokens[ties]) !== 'ties') continue;
    depth ??= depths(tokens);
    const level = depth[i]!;
    // The ORDER BY of the same query level, and that level's SELECT.
    let order = -1;
    let select = -1;
    for (let j = i - 1; j >= 0; j--) {
      if (depth[j] !== level || tokens[j]!.kind !== 'word') continue;
      const w = word(tokens[j]);
      if (w === 'offset') throw unsupported('with OFFSET');
      if (['union', 'except', 'intersect'].includes(w)) throw unsupported('after a set operation');
      if (w === 'order' && order < 0 && word(tokens[nextIndex(tokens, j)]) === 'by') order = j;
      if (w === 'select') {
        select = j;
        break;
      }
    }
    if (order < 0 || select < 0) throw unsupported('without ORDER BY');
    if (word(tokens[nextIndex(tokens, select)]) === 'distinct') throw unsupported('with SELECT DISTINCT');
    const listStart = nextIndex(tokens, nextIndex(tokens, order));
    const listEnd = prevIndex(tokens, i);
    const keys = tokens.slice(listStart, listEnd + 1).map((t) => t.text).join('');
    if (keys.split(',').some((key) => /^\s*\d+(\s+(asc|desc))?(\s+nulls\s+(first|last))?\s*$/i.test(key))) throw unsupported('with ORDER BY an output position');
    edits.before.set(order, `QUALIFY rank() OVER (ORDER BY ${keys}) <= ${count} ` + (edits.before.get(order) ?? ''));
    for (let j = i; j <= ties; j++) edits.replaced.set(j, '');
    i = ties;
  }
}
