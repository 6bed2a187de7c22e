/**
 * Divergences about policy variables: where they may stand, the ${*} ${?} ${$} escapes, a
 * variable with no value under a negated operator, and 2008-10-17 documents where ${…} is text.
 */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { DiffCase } from '../generate.js';
import { allDocuments, caseDocuments, conditionValues, contextString, policiesOf, rewriteConditionValues, type Json } from './documents.js';
import { ANY_PAIR, type KnownDivergence } from './types.js';

/** An ARN value with a ${…} before its fifth colon (colons inside ${…} not counted). */
function variableBeforeResource(v: string): boolean {
  let colons = 0;
  for (let i = 0; i < v.length && colons < 5; i++) {
    if (v.startsWith('${', i)) return true;
    if (v[i] === ':') colons++;
  }
  return false;
}

const NEGATED_OPERATOR = /^(ForAllValues:|ForAnyValue:)?(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/;

/** A value with a ${key} (no default) whose key the request context does not carry as one value. */
function hasNullVariable(v: string, c: DiffCase): boolean {
  const ctx = new Map(Object.entries(c.request.context).map(([k, x]) => [k.toLowerCase(), x]));
  for (const m of v.matchAll(/\$\{([^}]*)\}/g)) {
    const body = m[1]!;
    if (body === '*' || body === '?' || body === '$' || /,\s*'/.test(body)) continue;
    const key = body.trim().toLowerCase();
    if (key === 'aws:currenttime' || key === 'aws:epochtime') continue;
    const x = ctx.get(key);
    if (x === undefined || Array.isArray(x)) return true;
  }
  return false;
}

const EXACT_STRING = /^(ForAllValues:|ForAnyValue:)?(StringEquals|StringNotEquals|StringEqualsIgnoreCase|StringNotEqualsIgnoreCase)(IfExists)?$/;

/** Finds (and, with `rewrite`, rewrites) condition values of exact string operators that use ${*}, ${?} or ${$}. */
function exactStringEscapes(doc: unknown, rewrite: (v: string) => string | undefined): boolean {
  let found = false;
  rewriteConditionValues(doc, EXACT_STRING, (v) => {
    if (!/\$\{[*?$]\}/.test(v)) return v;
    found = true;
    return rewrite(v) ?? v;
  });
  return found;
}

export const arnConditionVariableOutsideResource: KnownDivergence = {
  id: 'arn-condition-variable-outside-resource-segment',
  summary:
    'An ARN condition value may carry a policy variable in any segment (arn:aws:iam::${aws:PrincipalAccount}:user/*); iam-simulate splits the value on every colon first, including the one inside ${aws:…}, so such a value never matches.',
  applies: (c) => policiesOf(c).some((doc) => conditionValues(doc, /^(ForAllValues:|ForAnyValue:)?Arn/).some(variableBeforeResource)),
  answers: ANY_PAIR,
  // Substitute the variable's value (from the request context) into the account segment.
  repair: (sim) => {
    const text = JSON.stringify(sim).replace(/::\$\{(aws:[A-Za-z]+)\}:/g, (m, key: string) => {
      const v = contextString(sim, key);
      return v !== undefined ? `::${v}:` : m;
    });
    return JSON.parse(text) as Simulation;
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse',
    quote: 'You can use policy variables in the Condition element of a policy in any condition that involves the string operators or the ARN operators.',
  },
};

export const escapeVariablesInExactStringOperators: KnownDivergence = {
  id: 'escape-variables-in-exact-string-operators',
  summary:
    'The special-character variables ${*}, ${?} and ${$} stand for *, ? and $ in every string operator; iam-simulate expands them only where wildcards apply (StringLike, ARNs, resources) and compares StringEquals-family values with the literal text "${*}".',
  applies: (c) => policiesOf(c).some((doc) => exactStringEscapes(doc, () => undefined)),
  answers: ANY_PAIR,
  // Write the characters themselves: in an exact-match operator they are not wildcards.
  repair: (sim) => {
    const out = structuredClone(sim);
    for (const doc of allDocuments(out)) exactStringEscapes(doc, (v) => v.replace(/\$\{([*?$])\}/g, '$1'));
    return out;
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse',
    quote:
      'Special characters … ${*} - use where you need an * (asterisk) character. ${?} - use where you need a ? (question mark) character. ${$} - use where you need a $ (dollar sign) character.',
  },
};

export const negatedOperatorAgainstNullVariable: KnownDivergence = {
  id: 'negated-operator-against-variable-without-value',
  summary:
    'A policy variable with no value is null; a negated operator (StringNotEquals, StringNotLike, ArnNotLike, …) holds against it. iam-simulate makes a value with an unresolvable variable fail the whole negated test.',
  applies: (c) => policiesOf(c).some((doc) => conditionValues(doc, NEGATED_OPERATOR).some((v) => hasNullVariable(v, c))),
  answers: ANY_PAIR,
  // A null value equals nothing: stand in a value no request carries.
  repair: (sim, c) => {
    const out = structuredClone(sim);
    for (const doc of allDocuments(out))
      rewriteConditionValues(doc, NEGATED_OPERATOR, (v, op) => (hasNullVariable(v, c) ? (/Arn/.test(op) ? 'arn:aws:iam::000000000000:user/no-value' : '#no-value#') : v));
    return out;
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value',
    quote:
      'Inverted condition operators like StringNotEquals or StringNotLike do match against a null value, as the value of the condition key they are testing against is not equal to or like the effectively null value.',
  },
};

export const version2008VariablesAreText: KnownDivergence = {
  id: 'version-2008-variables-are-text',
  summary: 'In a policy with "Version": "2008-10-17", ${…} is literal text, not a variable; iam-simulate substitutes variables whatever the version.',
  applies: (c) => caseDocuments(c).some((p) => p.text.includes('2008-10-17') && p.text.includes('${')),
  answers: ANY_PAIR,
  // Spell the text so iam-simulate reads it as text: "${" becomes ${$}{.
  repair: (sim) => {
    const out = structuredClone(sim);
    const fix = (doc: unknown): unknown => ((doc as Json | undefined)?.['Version'] === '2008-10-17' ? (JSON.parse(JSON.stringify(doc).split('${').join('${$}{')) as unknown) : doc);
    out.identityPolicies = out.identityPolicies.map((p) => ({ ...p, policy: fix(p.policy) }));
    if (out.resourcePolicy) out.resourcePolicy = fix(out.resourcePolicy);
    return out;
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
    quote:
      'If you do not include a Version element, the value defaults to 2008-10-17, but newer features, such as policy variables, will not work with your policy. For example, variables such as ${aws:username} aren\'t recognized as variables and are instead treated as literal strings in the policy.',
  },
};
