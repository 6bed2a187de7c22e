/**
 * Evaluating whole policies for one request: which Allow and Deny statements apply, and, for a
 * resource policy, the strongest way an applying Allow named the caller. With a trace, every
 * statement is evaluated and recorded; without one, only as much as the answer needs.
 */
import { internalsOf } from './compile.js';
import type { PrincipalMatch } from './principal-match.js';
import { describeStatement, evaluateBeyondAction, evaluateStatement, StatementCode, type RequestState } from './statement.js';
import type { NamedPolicy, PolicyTrace, PolicyType, StatementTrace } from './types.js';

export const ALLOWS = 1;
export const DENIES = 2;

/** Strength of a resource-policy match for the same-account rules: direct > role > account. */
export function matchRank(m: PrincipalMatch): number {
  switch (m) {
    case 'everyone':
    case 'user':
    case 'session':
    case 'service':
      return 3;
    case 'role':
      return 2;
    case 'account':
      return 1;
    case 'none':
      return 0;
  }
}

/**
 * Evaluates one policy: returns ALLOWS | DENIES bits, leaves in `s.bestMatch` the strongest way
 * an applying Allow statement's Principal named the caller (for resource and trust policies),
 * and pushes a PolicyTrace onto `traces` when given. Without a trace, Deny statements are read
 * first and evaluation stops at the first that applies; Allow statements are read only when
 * `wantAllow`, and only until one applies (or, for principals, until a direct match).
 *
 * @example evaluatePolicy(named, 'identity', state, undefined, true) & ALLOWS
 */
export function evaluatePolicy(np: NamedPolicy, type: PolicyType, s: RequestState, traces: PolicyTrace[] | undefined, wantAllow: boolean): number {
  if (traces) return tracePolicy(np, type, s, traces);
  const reach = internalsOf(np.policy).forAction(s.lowerAction);
  const bindings = np.principalBindings;
  for (const st of reach.denies) if (evaluateBeyondAction(st, s, bindings) === StatementCode.Applies) return DENIES;
  let flags = 0;
  let best: PrincipalMatch = 'none';
  if (wantAllow) {
    for (const st of reach.allows) {
      if (evaluateBeyondAction(st, s, bindings) !== StatementCode.Applies) continue;
      flags = ALLOWS;
      if (matchRank(s.principalMatch) > matchRank(best)) best = s.principalMatch;
      if (st.principal === undefined || matchRank(best) === 3) break;
    }
  }
  s.bestMatch = best;
  return flags;
}

/** The explaining variant: every statement, in document order, each recorded with its reason. */
function tracePolicy(np: NamedPolicy, type: PolicyType, s: RequestState, traces: PolicyTrace[]): number {
  const bindings = np.principalBindings;
  let flags = 0;
  let best: PrincipalMatch = 'none';
  const recorded: StatementTrace[] = [];
  for (const st of internalsOf(np.policy).statements) {
    const code = evaluateStatement(st, s, bindings);
    const entry: StatementTrace = { index: st.index, effect: st.effect, matched: code === StatementCode.Applies, reason: describeStatement(st, code, s) };
    if (st.sid !== undefined) entry.sid = st.sid;
    recorded.push(entry);
    if (code !== StatementCode.Applies) continue;
    if (st.effect === 'Deny') flags |= DENIES;
    else {
      flags |= ALLOWS;
      if (matchRank(s.principalMatch) > matchRank(best)) best = s.principalMatch;
    }
  }
  traces.push({ name: np.name, type, outcome: flags & DENIES ? 'Deny' : flags & ALLOWS ? 'Allow' : 'NoMatch', statements: recorded });
  s.bestMatch = best;
  return flags;
}
