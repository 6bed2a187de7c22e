import type { CatalogColumn } from '../../storage/catalog.js';
import { invalidInput } from './errors.js';

/** A compiled GetPartitions Expression: true for the partition values it selects. */
export type PartitionFilter = (values: readonly string[]) => boolean;

type Token = { kind: 'word' | 'string' | 'number' | 'op'; text: string };
const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|decimal)/i;

function tokenize(text: string): Token[] {
  const re = /\s*(?:'((?:[^']|'')*)'|`([^`]+)`|(-?\d+(?:\.\d+)?)(?![\w])|(<>|!=|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][\w]*))/y;
  const out: Token[] = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[1] !== undefined) out.push({ kind: 'string', text: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) out.push({ kind: 'word', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'op', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'word', text: m[5] });
  }
  if (text.slice(re.lastIndex).trim() !== '') throw invalidInput(`Unsupported expression '${text}'`);
  return out;
}

/**
 * Compiles GetPartitions' Expression, a SQL WHERE clause over the partition keys: comparisons
 * (`=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`), `[NOT] IN (…)`, `BETWEEN … AND …`, `[NOT] LIKE`, with
 * AND, OR, NOT and parentheses. Keys of numeric Hive types compare as numbers, others as strings.
 *
 * @example
 * partitionFilter("year = '2024' AND month IN ('01','02')", keys)(['2024', '01']) // true
 */
export function partitionFilter(expression: string, keys: readonly CatalogColumn[]): PartitionFilter {
  const tokens = tokenize(expression);
  let i = 0;
  const peekWord = (w: string) => tokens[i]?.kind === 'word' && tokens[i]!.text.toUpperCase() === w;
  const fail = (): never => { throw invalidInput(`Unsupported expression '${expression}'`); };
  const expectOp = (op: string) => (tokens[i]?.kind === 'op' && tokens[i]!.text === op ? i++ : fail());
  const value = (): string => {
    const t = tokens[i++];
    return t && (t.kind === 'string' || t.kind === 'number') ? t.text : fail();
  };

  function comparison(): PartitionFilter {
    const name = tokens[i++];
    if (!name || name.kind !== 'word') return fail();
    const index = keys.findIndex((k) => k.Name.toLowerCase() === name.text.toLowerCase());
    if (index < 0) throw invalidInput(`Unknown column '${name.text}'`);
    const numeric = NUMERIC.test(keys[index]!.Type ?? 'string');
    const cmp = (a: string, b: string) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0);
    const negate = peekWord('NOT') ? (i++, true) : false;
    const not = (f: PartitionFilter): PartitionFilter => (negate ? (v) => !f(v) : f);
    if (peekWord('IN')) {
      i++;
      expectOp('(');
      const list = [value()];
      while (tokens[i]?.text === ',') (i++, list.push(value()));
      expectOp(')');
      return not((v) => list.some((x) => cmp(v[index]!, x) === 0));
    }
    if (peekWord('LIKE')) {
      i++;
      const pattern = new RegExp(`^${value().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      return not((v) => pattern.test(v[index]!));
    }
    if (peekWord('BETWEEN')) {
      i++;
      const low = value();
      if (!peekWord('AND')) return fail();
      i++;
      const high = value();
      return not((v) => cmp(v[index]!, low) >= 0 && cmp(v[index]!, high) <= 0);
    }
    if (negate) return fail();
    const op = tokens[i++];
    if (!op || op.kind !== 'op') return fail();
    const right = value();
    const test: Record<string, (c: number) => boolean> = { '=': (c) => c === 0, '<>': (c) => c !== 0, '!=': (c) => c !== 0, '<': (c) => c < 0, '<=': (c) => c <= 0, '>': (c) => c > 0, '>=': (c) => c >= 0 };
    const t = test[op.text] ?? fail();
    return (v) => t(cmp(v[index]!, right));
  }
  function primary(): PartitionFilter {
    if (peekWord('NOT')) {
      i++;
      const f = primary();
      return (v) => !f(v);
    }
    if (tokens[i]?.text === '(' && tokens[i]?.kind === 'op') {
      i++;
      const f = or();
      expectOp(')');
      return f;
    }
    return comparison();
  }
  function and(): PartitionFilter {
    const parts = [primary()];
    while (peekWord('AND')) (i++, parts.push(primary()));
    return (v) => parts.every((f) => f(v));
  }
  function or(): PartitionFilter {
    const parts = [and()];
    while (peekWord('OR')) (i++, parts.push(and()));
    return (v) => parts.some((f) => f(v));
  }
  const filter = or();
  if (i !== tokens.length) fail();
  return filter;
}
