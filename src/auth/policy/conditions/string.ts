/**
 * String operators: StringEquals, StringEqualsIgnoreCase, StringLike (`*`, `?`), and their
 * negations (negation is applied by conditions/index.ts). Values may hold policy variables when
 * the document is Version 2012-10-17.
 */
import { compileGlob, matchGlob, type Glob } from '../wildcard.js';
import { parseTemplate, resolveToString, resolveToTokens, type TemplatePart } from '../variables.js';
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
  const parts: TemplatePart[][] = values.map((v, i) => templates[i] ?? [{ raw: v }]);
  return (reader) => {
    if (test === 'like') {
      const globs: Glob[] = [];
      for (const p of parts) {
        const tokens = resolveToTokens(p, reader.resolve, true);
        if (!tokens) return undefined;
        globs.push(compileGlob(tokens));
      }
      return (v) => globs.some((g) => matchGlob(g, String(v)));
    }
    const resolved: string[] = [];
    for (const p of parts) {
      const s = resolveToString(p, reader.resolve);
      if (s === undefined) return undefined;
      resolved.push(s);
    }
    return staticTest(test, resolved);
  };
}
