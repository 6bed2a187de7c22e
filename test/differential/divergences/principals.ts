/**
 * Divergences about who is granted: role sessions named by (or covered by "*" in) a resource
 * policy, NotPrincipal with Deny, and trust-policy principals bound to unique ids.
 */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { Decision } from '../../../src/auth/policy/types.js';
import type { DiffCase } from '../generate.js';
import { list, statementsOf, type Json } from './documents.js';
import type { KnownDivergence } from './types.js';

/** The ARNs and account forms that identify the caller, one group per link of its chain. */
function callerChain(c: DiffCase): string[][] {
  const p = c.request.principal;
  const account = [p.accountId, `arn:aws:iam::${p.accountId}:root`];
  if (p.kind === 'user') return [account, [p.arn]];
  if (p.kind === 'assumed-role') return [account, [p.roleArn ?? ''], [p.arn]];
  if (p.kind === 'root') return [account];
  return [];
}

/** A same-account role session whose resource policy allows while its session policies are silent. */
function resourceAllowsPastSilentSessionPolicy(c: DiffCase, ours: Decision): boolean {
  return (
    c.request.principal.kind === 'assumed-role' &&
    c.session !== undefined &&
    (c.request.resourceAccount ?? c.request.principal.accountId) === c.request.principal.accountId &&
    ours.policies.some((p) => p.type === 'resource' && p.outcome === 'Allow') &&
    !ours.policies.some((p) => p.type === 'session' && p.outcome === 'Allow')
  );
}

/**
 * The session policy does not limit what the resource policy grants: give iam-simulate a
 * session policy that keeps its Deny statements and allows the rest.
 */
function sessionPolicyKeepingOnlyDenies(sim: Simulation): Simulation {
  const denies = statementsOf(sim.sessionPolicy).filter((s) => s['Effect'] === 'Deny');
  return { ...sim, sessionPolicy: { Version: '2012-10-17', Statement: [...denies, { Effect: 'Allow', Action: '*', Resource: '*' }] } };
}

export const sessionArnInResourcePolicy: KnownDivergence = {
  id: 'session-arn-in-rbp-ignores-session-policy',
  summary:
    'A same-account resource policy that names the role session ARN allows the session even when its session policies are silent; iam-simulate lets the session policy deny.',
  applies: (c, ours) => resourceAllowsPastSilentSessionPolicy(c, ours) && c.resource?.text.includes(`"${c.request.principal.arn}"`) === true,
  answers: [['Allow', 'ImplicitDeny']],
  repair: sessionPolicyKeepingOnlyDenies,
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
    quote:
      'A resource-based policy can specify the ARN of the user or role as a principal. In that case, the permissions from the resource-based policy are added to the role or user\'s identity-based policy before the session is created. The session policy limits the total permissions granted by the resource-based policy and the identity-based policy. … A resource-based policy can specify the ARN of the session as a principal. In that case, the permissions from the resource-based policy are added after the session is created. The resource-based policy permissions are not limited by the session policy.',
  },
};

export const notPrincipalDenyNeedsWholeChain: KnownDivergence = {
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
      const complete = callerChain(c).every((link) => link.some((v) => listed.includes(v)));
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
};

export const stalePrincipalBinding: KnownDivergence = {
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
};

export const wildcardPrincipalGrantsTheSession: KnownDivergence = {
  id: 'wildcard-principal-grants-the-session-itself',
  summary:
    'A same-account resource or trust policy whose Principal is "*" grants to the role session itself, like naming the session ARN, so silent session policies do not limit it; iam-simulate lets the session policy deny. (A judgement: AWS documents the session-ARN case; "*" names every principal, the session included.)',
  applies: (c, ours) =>
    resourceAllowsPastSilentSessionPolicy(c, ours) &&
    c.resource !== undefined &&
    statementsOf(JSON.parse(c.resource.text)).some((s) => s['Effect'] === 'Allow' && (s['Principal'] === '*' || list((s['Principal'] as Json | undefined)?.['AWS']).includes('*'))),
  answers: [['Allow', 'ImplicitDeny']],
  repair: sessionPolicyKeepingOnlyDenies,
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    quote:
      'For resource-based policies, using a wildcard (*) with an Allow effect grants access to all users, including anonymous users (public access). For IAM users and role principals within your account, no other permissions are required. (reference_policies_elements_principal) — and, for a grant to the session itself: "The resource-based policy permissions are not limited by the session policy." (access_policies#policies_session)',
  },
};
