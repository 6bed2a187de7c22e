/**
 * ARN operators: ArnEquals and ArnLike (identical in AWS: component-wise, wildcards allowed) and
 * their negations. Case-sensitive. Values may hold policy variables in 2012-10-17 documents.
 */
import { compileArnPattern, matchArn, type ArnPattern } from '../arn-pattern.js';
import { MemoizedTemplate, parseTemplate } from '../variables.js';
import { constant, type PrepareTest, type ScalarValue, type ValueTest } from './shared.js';

function testFor(patterns: readonly ArnPattern[]): ValueTest {
  return (v: ScalarValue) => {
    if (typeof v !== 'string') return false;
    for (const p of patterns) if (matchArn(p, v)) return true;
    return false;
  };
}

/** @example compileArn(['arn:aws:iam::*:role/admin-*'], true) */
export function compileArn(values: readonly string[], variables: boolean): PrepareTest {
  const templates = variables ? values.map(parseTemplate) : [];
  if (!templates.some((t) => t !== undefined)) return constant(testFor(values.map((v) => compileArnPattern(v))));
  const perValue = values.map((v, i) => new MemoizedTemplate<ArnPattern>(templates[i] ?? [{ raw: v }], true, compileArnPattern));
  return (reader) => {
    const patterns: ArnPattern[] = [];
    for (const t of perValue) {
      const p = t.get(reader.resolve);
      if (p) patterns.push(p); // a value whose variable has no value is null: it matches nothing
    }
    return testFor(patterns);
  };
}
