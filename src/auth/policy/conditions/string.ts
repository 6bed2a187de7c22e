/**
 * String operators: StringEquals, StringEqualsIgnoreCase, StringLike (`*`, `?`), and their
 * negations (negation is applied by conditions/index.ts). Values may hold policy variables when
 * the document is Version 2012-10-17.
 */
import { compileGlob, matchGlob, type Glob } from '../wildcard.js';
import { MemoizedTemplate, parseTemplate } from '../variables.js';
import { constant, type PrepareTest, type ScalarValue, type ValueTest } from './shared.js';

export type StringTest = 'equals' | 'equalsIgnoreCase' | 'like';

function staticTest(test: StringTest, values: readonly string[]): ValueTest {
  if (test === 'equals') return (v: ScalarValue) => values.includes(String(v));
  if (test === 'equalsIgnoreCase') {
    const lower = values.map((x) => x.toLowerCase());
    return (v: ScalarValue) => lower.includes(String(v).toLowerCase());
  }
  const globs: Glob[] = values.map((x) => compileGlob(x));
  return (v: ScalarValue) => {
    const s = String(v);
    for (const g of globs) if (matchGlob(g, s)) return true;
    return false;
  };
}

/**
 * Compiles a string operator's values.
 *
 * @example compileString('like', ['home/${aws:username}/*'], true)
 */
export function compileString(test: StringTest, values: readonly string[], variables: boolean): PrepareTest {
  const templates = variables ? values.map(parseTemplate) : [];
  if (!templates.some((t) => t !== undefined)) return constant(staticTest(test, values));
  // Each value becomes a memoized template (a literal value is a template without variables);
  // the per-request test is memoized too, keyed by the values it was built from.
  const like = test === 'like';
  const parts = values.map((v, i) => templates[i] ?? [{ raw: v }]);
  const perValue = parts.map((p) => new MemoizedTemplate<string | Glob>(p, like, (tokens) => (like ? compileGlob(tokens) : (tokens as string[]).join(''))));
  let lastKey: readonly (string | Glob)[] = [];
  let lastTest: ValueTest | undefined;
  return (reader) => {
    // A variable without a value makes that value null: it equals and is like nothing, so the
    // condition's other values still decide, and negated operators hold against it (AWS docs,
    // "policy variables with no value").
    const resolved: Array<string | Glob> = [];
    for (const t of perValue) {
      const v = t.get(reader.resolve);
      if (v !== undefined) resolved.push(v);
    }
    if (lastTest && resolved.length === lastKey.length && resolved.every((v, i) => v === lastKey[i])) return lastTest;
    const globs = resolved as Glob[];
    lastTest = like ? (v) => globs.some((g) => matchGlob(g, String(v))) : staticTest(test, resolved as string[]);
    lastKey = resolved;
    return lastTest;
  };
}
