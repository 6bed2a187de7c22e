/**
 * AWS's evaluation logic for one request (SCPs and RCPs are outside this engine):
 * 1. An explicit Deny in any applicable policy (identity, resource, boundary, session) denies.
 * 2. Same account: allowed when the identity side allows (identity policies AND the boundary, if
 *    any, AND the session policies, if any); or when the resource policy allows by naming the
 *    caller — a user ARN, session ARN or "*" allows on its own; a role ARN allows subject to the
 *    boundary and session policies; the account (id or :root) only delegates, so the identity
 *    side must allow.
 * 3. Trust policies and KMS key policies (`mustAllow`) must allow explicitly (no identity-only
 *    path); naming only the account again needs the identity side. Service principals and anonymous callers need only the resource or
 *    trust policy. KMS grants (`grants`) are an alternative to the key policy: a grant that
 *    permits the request names its grantee as a key policy statement would.
 * 4. Cross-account: the identity side AND the resource policy must both allow; on the resource
 *    side an account-level match suffices.
 * The root user's identity side always allows (it needs no identity policy).
 */
import { ContextReader } from './context.js';
import { ALLOWS, DENIES, evaluatePolicy, matchRank } from './evaluate-policies.js';
import { grantMatch } from './grants.js';
import { RequestState } from './statement.js';
import type { DecisionResult, EvaluationInput, PolicyTrace, PolicyType } from './types.js';

export interface Verdict {
  result: DecisionResult;
  deniedBy?: { type: PolicyType; explicit: boolean };
}

/** Where an explanation is being collected; absent on the fast path. */
export interface Explain {
  policies: PolicyTrace[];
  notes: string[];
}

const deny = (type: PolicyType, explicit: boolean): Verdict =>
  Object.freeze({ result: explicit ? 'ExplicitDeny' : 'ImplicitDeny', deniedBy: Object.freeze({ type, explicit }) });
const ALLOW: Verdict = Object.freeze({ result: 'Allow' });
const EXPLICIT: Record<PolicyType, Verdict> = {
  identity: deny('identity', true),
  resource: deny('resource', true),
  boundary: deny('boundary', true),
  session: deny('session', true),
};
const IMPLICIT: Record<PolicyType, Verdict> = {
  identity: deny('identity', false),
  resource: deny('resource', false),
  boundary: deny('boundary', false),
  session: deny('session', false),
};

/**
 * Evaluates with or without an explanation; `reader` carries the context and the clock.
 * The returned Verdict objects are shared, frozen constants.
 */
export function runEvaluation(input: EvaluationInput, reader: ContextReader, explain: Explain | undefined): Verdict {
  const { request } = input;
  const caller = request.principal;
  const boundary = input.permissionBoundary;
  const sessions = input.sessionPolicies && input.sessionPolicies.length > 0 ? input.sessionPolicies : undefined;
  const rbp = input.resourcePolicy;
  const s = new RequestState(request.action, request.resource, caller, reader, boundary !== undefined);
  const traces = explain?.policies;

  // Explicit denies first, in the order identity → resource → boundary → session; the first type
  // found is the one AWS's message names.
  let identityFlags = 0;
  for (const p of input.identityPolicies) {
    // Once one identity policy allows, the rest are read for their Denies only.
    identityFlags |= evaluatePolicy(p, 'identity', s, traces, (identityFlags & ALLOWS) === 0);
    if (identityFlags & DENIES && !explain) return EXPLICIT.identity;
  }
  let resourceFlags = 0;
  if (rbp) {
    resourceFlags = evaluatePolicy(rbp, 'resource', s, traces, true);
    if (resourceFlags & DENIES && !explain) return EXPLICIT.resource;
  }
  const policyBest = s.bestMatch;
  const byGrant = input.grants ? grantMatch(input.grants, caller, traces) : 'none';
  const boundaryFlags = boundary ? evaluatePolicy(boundary, 'boundary', s, traces, true) : ALLOWS;
  if (boundaryFlags & DENIES && !explain) return EXPLICIT.boundary;
  let sessionFlags = sessions ? 0 : ALLOWS;
  for (const p of sessions ?? []) {
    sessionFlags |= evaluatePolicy(p, 'session', s, traces, (sessionFlags & ALLOWS) === 0);
    if (sessionFlags & DENIES && !explain) return EXPLICIT.session;
  }
  if ((identityFlags | resourceFlags | boundaryFlags | sessionFlags) & DENIES) {
    const type: PolicyType = identityFlags & DENIES ? 'identity' : resourceFlags & DENIES ? 'resource' : boundaryFlags & DENIES ? 'boundary' : 'session';
    explain?.notes.push(`An explicit Deny in the ${type} policy ends evaluation.`);
    return EXPLICIT[type];
  }

  // An Allow counts only when its Principal named the caller (a resource policy compiled as the
  // wrong kind has no Principal and so can never allow).
  // A permitting grant that names the caller counts as the key policy naming it would.
  const policyAllows = (resourceFlags & ALLOWS) !== 0 && policyBest !== 'none';
  const best = matchRank(byGrant) > matchRank(policyAllows ? policyBest : 'none') ? byGrant : policyBest;
  const rbpAllows = policyAllows || byGrant !== 'none';
  const isTrust = rbp?.policy.kind === 'trust' || rbp?.mustAllow === true;
  const mustAllowName = rbp?.mustAllow ? (input.grants ? 'key policy or a grant' : 'key policy') : 'trust policy';
  if (caller.kind === 'service' || caller.kind === 'anonymous') {
    explain?.notes.push(`${caller.kind === 'service' ? `Service principal ${caller.serviceName}` : 'An anonymous caller'} has no identity policies: only the ${isTrust ? 'trust' : 'resource-based'} policy can allow.`);
    return rbpAllows ? ALLOW : IMPLICIT.resource;
  }

  const isRoot = caller.kind === 'root';
  if (isRoot) explain?.notes.push(`The root user of ${caller.accountId} needs no identity-based policy: its identity side allows.`);
  const identityAllows = isRoot || (identityFlags & ALLOWS) !== 0;
  const boundaryAllows = (boundaryFlags & ALLOWS) !== 0;
  const sessionAllows = (sessionFlags & ALLOWS) !== 0;
  if (boundary) explain?.notes.push(`Permissions boundary ${boundary.name} ${boundaryAllows ? 'allows' : 'does not allow'} ${request.action}.`);
  if (sessions) explain?.notes.push(`Session policies ${sessionAllows ? 'allow' : 'do not allow'} ${request.action} (their union limits the session).`);
  const identityGap: PolicyType | undefined = !identityAllows ? 'identity' : !boundaryAllows ? 'boundary' : !sessionAllows ? 'session' : undefined;
  const limitGap: PolicyType | undefined = !boundaryAllows ? 'boundary' : !sessionAllows ? 'session' : undefined;

  const sameAccount = request.resourceAccount === undefined || request.resourceAccount === caller.accountId;
  const retiringAcross = !sameAccount && input.grants?.decidesAcrossAccounts === true && byGrant !== 'none';
  if (!sameAccount) {
    if (retiringAcross) {
      explain?.notes.push(`Cross-account: caller in ${caller.accountId}, key in ${request.resourceAccount}; a grant names the caller, and the principals a grant names may retire it from their own account: the caller's account's rules apply.`);
    } else {
      explain?.notes.push(`Cross-account: caller in ${caller.accountId}, resource in ${request.resourceAccount}; the identity side and the resource-based policy${input.grants ? ' (or a grant)' : ''} must both allow (an account-level Principal suffices on the resource side).`);
      if (identityGap) return IMPLICIT[identityGap];
      return rbpAllows ? ALLOW : IMPLICIT.resource;
    }
  } else {
    explain?.notes.push(`Same account (${caller.accountId}).`);
  }
  if (isTrust || rbpAllows) {
    const kind = isTrust ? mustAllowName : input.grants && !policyAllows ? 'grant' : 'resource-based policy';
    const decisive = retiringAcross ? byGrant : best;
    switch (decisive) {
      case 'everyone':
      case 'user':
      case 'session':
      case 'service':
        explain?.notes.push(`The ${kind} names the caller directly (${decisive === 'everyone' ? '"*"' : `${decisive} ARN`}): it allows without identity policies, boundary or session policies.`);
        return ALLOW;
      case 'role':
        explain?.notes.push(`The ${kind} names the caller's role ARN: identity policies are not needed, but the boundary and session policies still limit the session.`);
        if (limitGap === undefined) return ALLOW;
        return IMPLICIT[limitGap];
      case 'account':
        explain?.notes.push(`The ${kind} names only the account: that delegates to the account, so the identity side must allow too.`);
        return identityGap === undefined ? ALLOW : IMPLICIT[identityGap];
      case 'none':
        explain?.notes.push(rbp?.mustAllow && input.grants
          ? 'The key policy does not allow the caller and no grant does; a key policy must allow explicitly, or a grant.'
          : `The ${kind} does not allow the caller; a ${kind} must allow explicitly.`);
        return IMPLICIT.resource;
    }
  }
  if (identityGap === undefined) {
    explain?.notes.push('The identity side allows (identity policy, and boundary and session policies where present).');
    return ALLOW;
  }
  return IMPLICIT[identityGap];
}
