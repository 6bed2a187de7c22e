/**
 * Known divergences between our policy engine and iam-simulate (the dev-only AGPL oracle, see
 * oracle.ts), each justified by AWS documentation. docs/policy-engine-differences.md explains
 * them for readers.
 *
 * A disagreement is accepted only when all three hold:
 * 1. `applies(case, ourDecision)` — the case is of the class (a narrow structural test);
 * 2. the pair (our answer, iam-simulate's answer) is one of `answers`;
 * 3. `repair` — iam-simulate, asked again with the one construct it gets wrong rewritten into
 *    what AWS's documentation says it means, gives our answer. So an entry explains a
 *    disagreement only if its cause is the construct it names; anything else still fails.
 */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { Decision, DecisionResult } from '../../src/auth/policy/types.js';
import type { DiffCase } from './generate.js';

export interface KnownDivergence {
  id: string;
  summary: string;
  applies(c: DiffCase, ours: Decision): boolean;
  /** [our answer, iam-simulate's answer] pairs this class produces. */
  answers: ReadonlyArray<readonly [DecisionResult, DecisionResult]>;
  /** Rewrites (a deep copy of) the simulation so iam-simulate sees what AWS means. */
  repair(sim: Simulation, c: DiffCase): Simulation;
  doc: { url: string; quote: string };
}

type Json = Record<string, unknown>;

function statementsOf(doc: unknown): Json[] {
  if (!doc || typeof doc !== 'object') return [];
  const s = (doc as Json)['Statement'];
  return (Array.isArray(s) ? s : [s]) as Json[];
}

function allDocuments(sim: Simulation): unknown[] {
  return [
    ...sim.identityPolicies.map((p) => p.policy),
    sim.resourcePolicy,
    ...(sim.permissionBoundaryPolicies ?? []).map((p) => p.policy),
    sim.sessionPolicy,
  ].filter((d) => d !== undefined);
}

function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
}

/** The ARNs and account forms that identify the caller, one group per link of its chain. */
function callerChain(c: DiffCase): string[][] {
  const p = c.request.principal;
  const account = [p.accountId, `arn:aws:iam::${p.accountId}:root`];
  if (p.kind === 'user') return [account, [p.arn]];
  if (p.kind === 'assumed-role') return [account, [p.roleArn ?? ''], [p.arn]];
  if (p.kind === 'root') return [account];
  return [];
}

function policiesOf(c: DiffCase): unknown[] {
  return [c.resource, c.boundary, ...c.identity, ...(c.session ?? [])].filter((p) => p !== undefined).map((p) => JSON.parse(p.text) as unknown);
}

/** Every value of conditions whose operator matches `op`. */
function conditionValues(doc: unknown, op: RegExp): string[] {
  const out: string[] = [];
  for (const s of statementsOf(doc)) {
    const cond = s['Condition'] as Record<string, Record<string, string | string[]>> | undefined;
    for (const [name, keys] of Object.entries(cond ?? {})) if (op.test(name)) for (const v of Object.values(keys)) out.push(...list(v));
  }
  return out;
}

/** An ARN value with a ${…} before its fifth colon (colons inside ${…} not counted). */
function variableBeforeResource(v: string): boolean {
  let colons = 0;
  for (let i = 0; i < v.length && colons < 5; i++) {
    if (v.startsWith('${', i)) return true;
    if (v[i] === ':') colons++;
  }
  return false;
}

/** For constructs that can flip a statement either way: every pair of different answers. */
const ANY_PAIR: KnownDivergence['answers'] = [
  ['Allow', 'ImplicitDeny'],
  ['Allow', 'ExplicitDeny'],
  ['ImplicitDeny', 'Allow'],
  ['ImplicitDeny', 'ExplicitDeny'],
  ['ExplicitDeny', 'Allow'],
  ['ExplicitDeny', 'ImplicitDeny'],
];

export const KNOWN_DIVERGENCES: KnownDivergence[] = [
  {
    id: 'session-arn-in-rbp-ignores-session-policy',
    summary:
      'A same-account resource policy that names the role session ARN allows the session even when its session policies are silent; iam-simulate lets the session policy deny.',
    applies: (c, ours) =>
      c.request.principal.kind === 'assumed-role' &&
      c.session !== undefined &&
      (c.request.resourceAccount ?? c.request.principal.accountId) === c.request.principal.accountId &&
      c.resource?.text.includes(`"${c.request.principal.arn}"`) === true &&
      ours.policies.some((p) => p.type === 'resource' && p.outcome === 'Allow') &&
      !ours.policies.some((p) => p.type === 'session' && p.outcome === 'Allow'),
    answers: [['Allow', 'ImplicitDeny']],
    // The session policy does not limit what the resource policy grants: give iam-simulate a
    // session policy that keeps its Deny statements and allows the rest.
    repair: (sim) => {
      const denies = statementsOf(sim.sessionPolicy).filter((s) => s['Effect'] === 'Deny');
      return { ...sim, sessionPolicy: { Version: '2012-10-17', Statement: [...denies, { Effect: 'Allow', Action: '*', Resource: '*' }] } };
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
      quote:
        'A resource-based policy can specify the ARN of the user or role as a principal. In that case, the permissions from the resource-based policy are added to the role or user\'s identity-based policy before the session is created. The session policy limits the total permissions granted by the resource-based policy and the identity-based policy. … A resource-based policy can specify the ARN of the session as a principal. In that case, the permissions from the resource-based policy are added after the session is created. The resource-based policy permissions are not limited by the session policy.',
    },
  },
  {
    id: 'notprincipal-deny-needs-whole-chain',
    summary:
      'A Deny with NotPrincipal exempts a caller only when it lists every link of the caller\'s chain (account, then role, then session; account, then user); iam-simulate exempts a caller named by any one link.',
    applies: (c, ours) => {
      if (ours.result !== 'ExplicitDeny' || !c.resource?.text.includes('"NotPrincipal"')) return false;
      const chain = callerChain(c);
      return statementsOf(JSON.parse(c.resource.text)).some((s) => {
        if (s['Effect'] !== 'Deny' || s['NotPrincipal'] === undefined) return false;
        const listed = list((s['NotPrincipal'] as Json)['AWS']);
        const named = chain.map((link) => link.some((v) => listed.includes(v)));
        return named.some(Boolean) && !named.every(Boolean);
      });
    },
    answers: [
      ['ExplicitDeny', 'Allow'],
      ['ExplicitDeny', 'ImplicitDeny'],
    ],
    // What AWS means: a caller not listed in full is not exempt. Drop its partial links.
    repair: (sim, c) => {
      const chain = callerChain(c).flat();
      const doc = structuredClone(sim.resourcePolicy) as Json;
      for (const s of statementsOf(doc)) {
        if (s['Effect'] !== 'Deny' || s['NotPrincipal'] === undefined) continue;
        const np = s['NotPrincipal'] as Json;
        const listed = list(np['AWS']);
        const chainGroups = callerChain(c);
        const complete = chainGroups.every((link) => link.some((v) => listed.includes(v)));
        if (complete) continue;
        const kept = listed.filter((v) => !chain.includes(v));
        np['AWS'] = kept.length > 0 ? kept : ['arn:aws:iam::999999999999:root'];
      }
      return { ...sim, resourcePolicy: doc };
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
      quote:
        'When you use NotPrincipal with Deny, you must also specify the account ARN of the not-denied principal. Otherwise, the policy might deny access to the entire account containing the principal. … If an assumed-role user (someone who is using a role) is being evaluated, AWS might validate the account first, then the role, and then the assumed-role user. … Therefore, we strongly recommend that you explicitly include the ARN for a user\'s account, or include both the ARN for a role and the ARN for the account containing that role.',
    },
  },
  {
    id: 'date-epoch-vs-iso',
    summary:
      'Date operators compare instants whether a value is written as epoch seconds or ISO 8601; iam-simulate compares epoch seconds against ISO milliseconds when the two forms meet.',
    applies: (c) => c.tags.includes('date-mixed-format'),
    answers: ANY_PAIR,
    // Write every Date condition value in the form of the context value it is compared with.
    repair: (sim) => {
      const out = structuredClone(sim);
      const ctx = out.request.contextVariables;
      const ctxValue = (key: string): string | undefined => {
        const k = Object.keys(ctx).find((x) => x.toLowerCase() === key.toLowerCase());
        const v = k === undefined ? undefined : ctx[k];
        return typeof v === 'string' ? v : undefined;
      };
      for (const doc of allDocuments(out)) {
        for (const s of statementsOf(doc)) {
          const cond = s['Condition'] as Record<string, Record<string, string | string[]>> | undefined;
          if (!cond) continue;
          for (const [op, keys] of Object.entries(cond)) {
            if (!/^Date/.test(op)) continue;
            for (const [key, values] of Object.entries(keys)) {
              const actual = ctxValue(key);
              if (actual === undefined) continue;
              const epochCtx = /^\d+$/.test(actual);
              const conv = (v: string): string => {
                const epochVal = /^\d+$/.test(v);
                if (epochVal === epochCtx) return v;
                return epochCtx ? String(Math.floor(Date.parse(v) / 1000)) : new Date(Number(v) * 1000).toISOString();
              };
              keys[key] = Array.isArray(values) ? values.map(conv) : conv(values);
            }
          }
        }
      }
      return out;
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date',
      quote:
        'Date condition operators let you construct Condition elements that restrict access based on comparing a key to a date/time value. … You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time.',
    },
  },
  {
    id: 'stale-principal-binding',
    summary:
      'A trust policy naming a user or role ARN is bound to that entity\'s unique id when stored; after the entity is deleted and recreated the ARN no longer matches. iam-simulate matches ARNs as text.',
    applies: (c) => c.tags.includes('stale-binding'),
    answers: [
      ['ImplicitDeny', 'Allow'],
      ['Allow', 'ExplicitDeny'],
      ['ImplicitDeny', 'ExplicitDeny'],
    ],
    // What AWS stores: the stale id no longer resolves to the ARN, so name nobody there.
    repair: (sim, c) => {
      const bindings = c.resource?.principalBindings ?? {};
      const p = c.request.principal;
      const stale = Object.entries(bindings)
        .filter(([arn, id]) => id !== p.uniqueId && (arn === p.arn || arn === p.roleArn))
        .map(([arn]) => arn);
      const text = stale.reduce((t, arn) => t.split(`"${arn}"`).join('"arn:aws:iam::999999999999:user/deleted"'), JSON.stringify(sim.resourcePolicy));
      return { ...sim, resourcePolicy: JSON.parse(text) as unknown };
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
      quote:
        'If your Principal element in a role trust policy contains an ARN that points to a specific IAM role, then that ARN transforms to the role\'s unique principal ID when you save the policy. This helps mitigate the risk of someone escalating their privileges by removing and recreating the role. … If you delete the role, then you break the relationship.',
    },
  },
  {
    id: 'wildcard-principal-grants-the-session-itself',
    summary:
      'A same-account resource or trust policy whose Principal is "*" grants to the role session itself, like naming the session ARN, so silent session policies do not limit it; iam-simulate lets the session policy deny. (A judgement: AWS documents the session-ARN case; "*" names every principal, the session included.)',
    applies: (c, ours) =>
      c.request.principal.kind === 'assumed-role' &&
      c.session !== undefined &&
      (c.request.resourceAccount ?? c.request.principal.accountId) === c.request.principal.accountId &&
      c.resource !== undefined &&
      statementsOf(JSON.parse(c.resource.text)).some((s) => s['Effect'] === 'Allow' && (s['Principal'] === '*' || list((s['Principal'] as Json | undefined)?.['AWS']).includes('*'))) &&
      ours.policies.some((p) => p.type === 'resource' && p.outcome === 'Allow') &&
      !ours.policies.some((p) => p.type === 'session' && p.outcome === 'Allow'),
    answers: [['Allow', 'ImplicitDeny']],
    repair: (sim) => {
      const denies = statementsOf(sim.sessionPolicy).filter((s) => s['Effect'] === 'Deny');
      return { ...sim, sessionPolicy: { Version: '2012-10-17', Statement: [...denies, { Effect: 'Allow', Action: '*', Resource: '*' }] } };
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      quote:
        'For resource-based policies, using a wildcard (*) with an Allow effect grants access to all users, including anonymous users (public access). For IAM users and role principals within your account, no other permissions are required. (reference_policies_elements_principal) — and, for a grant to the session itself: "The resource-based policy permissions are not limited by the session policy." (access_policies#policies_session)',
    },
  },
  {
    id: 'ipv4-prefix-zero',
    summary: 'IpAddress/NotIpAddress with 0.0.0.0/0 covers every IPv4 address; iam-simulate builds its /0 mask as -1 << 32, which JavaScript reads as -1 << 0, so 0.0.0.0/0 matches only 0.0.0.0.',
    applies: (c) => [c.resource, c.boundary, ...c.identity, ...(c.session ?? [])].some((p) => p?.text.includes('0.0.0.0/0')),
    answers: ANY_PAIR,
    // The same set written as two /1 halves, which iam-simulate computes correctly.
    repair: (sim) => JSON.parse(JSON.stringify(sim).split('"0.0.0.0/0"').join('"0.0.0.0/1","128.0.0.0/1"').replace(/("aws:SourceIp":)("0\.0\.0\.0\/1","128\.0\.0\.0\/1")/gi, '$1[$2]')) as Simulation,
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
      quote: 'IP address condition operators let you construct Condition elements that restrict access based on comparing a key to an IPv4 or IPv6 address or range of IP addresses. … The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64).',
    },
  },
  {
    id: 'arn-condition-variable-outside-resource-segment',
    summary:
      'An ARN condition value may carry a policy variable in any segment (arn:aws:iam::${aws:PrincipalAccount}:user/*); iam-simulate splits the value on every colon first, including the one inside ${aws:…}, so such a value never matches.',
    applies: (c) => policiesOf(c).some((doc) => conditionValues(doc, /^(ForAllValues:|ForAnyValue:)?Arn/).some(variableBeforeResource)),
    answers: ANY_PAIR,
    // Substitute the variable's value (from the request context) into the account segment.
    repair: (sim) => {
      const ctx = sim.request.contextVariables;
      const text = JSON.stringify(sim).replace(/::\$\{(aws:[A-Za-z]+)\}:/g, (m, key: string) => {
        const k = Object.keys(ctx).find((x) => x.toLowerCase() === key.toLowerCase());
        const v = k === undefined ? undefined : ctx[k];
        return typeof v === 'string' ? `::${v}:` : m;
      });
      return JSON.parse(text) as Simulation;
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse',
      quote: 'You can use policy variables in the Condition element of a policy in any condition that involves the string operators or the ARN operators.',
    },
  },
  {
    id: 'empty-multivalued-key-is-null',
    summary:
      'A multivalued key whose value is the empty set (aws:TagKeys = []) is treated as absent: Null is true for it. iam-simulate treats an empty list as present.',
    applies: (c) => {
      const empty = Object.entries(c.request.context).filter(([, v]) => Array.isArray(v) && v.length === 0).map(([k]) => k.toLowerCase());
      return empty.length > 0 && [c.resource, c.boundary, ...c.identity, ...(c.session ?? [])].some((p) => p !== undefined && /"Null":/.test(p.text) && empty.some((k) => p.text.toLowerCase().includes(`"${k}"`)));
    },
    answers: ANY_PAIR,
    // Leave the empty key out of the context, as a request without tags does.
    repair: (sim) => {
      const ctx = { ...sim.request.contextVariables };
      for (const [k, v] of Object.entries(ctx)) if (Array.isArray(v) && v.length === 0) delete ctx[k];
      return { ...sim, request: { ...sim.request, contextVariables: ctx } };
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#reference_policies_multi-key-or-value-conditions',
      quote:
        'The ForAllValues qualifier returns true if there are no context keys in the request or if the context key value resolves to a null dataset, such as an empty string. To prevent missing context keys or context keys with empty values from evaluating to true, you can include the Null condition operator in your policy with a false value to check if the context key exists and its value is not null.',
    },
  },
  {
    id: 'escape-variables-in-exact-string-operators',
    summary:
      'The special-character variables ${*}, ${?} and ${$} stand for *, ? and $ in every string operator; iam-simulate expands them only where wildcards apply (StringLike, ARNs, resources) and compares StringEquals-family values with the literal text "${*}".',
    applies: (c) => [c.resource, c.boundary, ...c.identity, ...(c.session ?? [])].some((p) => p !== undefined && exactStringEscapes(JSON.parse(p.text), () => undefined)),
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
  },
  {
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
  },
  {
    id: 'version-2008-variables-are-text',
    summary: 'In a policy with "Version": "2008-10-17", ${…} is literal text, not a variable; iam-simulate substitutes variables whatever the version.',
    applies: (c) => [c.resource, ...c.identity, c.boundary, ...(c.session ?? [])].some((p) => p !== undefined && p.text.includes('2008-10-17') && p.text.includes('${')),
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
  },
  {
    id: 'bare-ip-address-is-one-address',
    summary:
      'A bare address in IpAddress/NotIpAddress is a one-address range (/32; /128 for IPv6, our reading of a sentence written for IPv4), compared as an address: 2001:DB8::42 is 2001:db8::42, and an IPv6 caller is not 203.0.113.7. iam-simulate compares bare values as text and, under NotIpAddress, treats a caller of the other address family as inside the address.',
    applies: (c) => policiesOf(c).some((doc) => conditionValues(doc, /IpAddress/).some((v) => !v.includes('/'))),
    answers: ANY_PAIR,
    // The same single address written as a range, which iam-simulate compares numerically.
    repair: (sim) => {
      const out = structuredClone(sim);
      for (const doc of allDocuments(out)) rewriteConditionValues(doc, /IpAddress/, (v) => (v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`));
      return out;
    },
    doc: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
      quote:
        'IP address condition operators let you construct Condition elements that restrict access based on comparing a key to an IPv4 or IPv6 address or range of IP addresses. … The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32.',
    },
  },

];

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

function rewriteConditionValues(doc: unknown, op: RegExp, f: (v: string, op: string) => string): void {
  for (const s of statementsOf(doc)) {
    const cond = s['Condition'] as Record<string, Record<string, string | string[]>> | undefined;
    for (const [name, keys] of Object.entries(cond ?? {})) {
      if (!op.test(name)) continue;
      for (const [key, values] of Object.entries(keys)) keys[key] = Array.isArray(values) ? values.map((v) => f(v, name)) : f(values, name);
    }
  }
}

const EXACT_STRING = /^(ForAllValues:|ForAnyValue:)?(StringEquals|StringNotEquals|StringEqualsIgnoreCase|StringNotEqualsIgnoreCase)(IfExists)?$/;

/** Finds (and, with `rewrite`, rewrites) condition values of exact string operators that use ${*}, ${?} or ${$}. */
function exactStringEscapes(doc: unknown, rewrite: (v: string) => string | undefined): boolean {
  let found = false;
  for (const s of statementsOf(doc)) {
    const cond = s['Condition'] as Record<string, Record<string, string | string[]>> | undefined;
    for (const [op, keys] of Object.entries(cond ?? {})) {
      if (!EXACT_STRING.test(op)) continue;
      for (const [key, values] of Object.entries(keys)) {
        const fix = (v: string): string => {
          if (!/\$\{[*?$]\}/.test(v)) return v;
          found = true;
          return rewrite(v) ?? v;
        };
        keys[key] = Array.isArray(values) ? values.map(fix) : fix(values);
      }
    }
  }
  return found;
}
