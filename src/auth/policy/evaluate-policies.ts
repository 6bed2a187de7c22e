/**
 * Evaluating whole policies for one request: which Allow and Deny statements apply, and, for a
 * resource policy, the strongest way an applying Allow named the caller. With a trace, every
 * statement is evaluated and recorded; without one, evaluation stops at the first Deny.
 */
import { internalsOf } from './compile.js';
import type { PrincipalMatch } from './principal-match.js';
import { describeStatement, evaluateStatement, StatementCode, type RequestState } from './statement.js';
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
 * and pushes a PolicyTrace onto `traces` when given.
 *
 * @example evaluatePolicy(named, 'identity', state, undefined) & ALLOWS
 */
export function evaluatePolicy(np: NamedPolicy, type: PolicyType, s: RequestState, traces: PolicyTrace[] | undefined): number {
  const statements = internalsOf(np.policy).statements;
  const bindings = np.principalBindings;
  let flags = 0;
  let best: PrincipalMatch = 'none';
  const recorded: StatementTrace[] | undefined = traces ? [] : undefined;
  for (const st of statements) {
    const code = evaluateStatement(st, s, bindings);
    if (recorded) {
      const entry: StatementTrace = { index: st.index, effect: st.effect, matched: code === StatementCode.Applies, reason: describeStatement(st, code, s) };
      if (st.sid !== undefined) entry.sid = st.sid;
      recorded.push(entry);
    }
    if (code !== StatementCode.Applies) continue;
    if (st.effect === 'Deny') {
      flags |= DENIES;
      if (!recorded) break;
    } else {
      flags |= ALLOWS;
      if (matchRank(s.principalMatch) > matchRank(best)) best = s.principalMatch;
    }
  }
  if (traces && recorded) {
    traces.push({ name: np.name, type, outcome: flags & DENIES ? 'Deny' : flags & ALLOWS ? 'Allow' : 'NoMatch', statements: recorded });
  }
  s.bestMatch = best;
  return flags;
}
