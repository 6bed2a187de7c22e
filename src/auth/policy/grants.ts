/**
 * KMS grants in an evaluation: the service has judged each grant's operations and constraints
 * against the request (GrantEntry.permits); here each permitting grant's principal is matched
 * against the caller as a resource policy's Principal would be, and the strongest match wins.
 */
import { matchRank } from './evaluate-policies.js';
import { compilePrincipal, matchPrincipal, type PrincipalMatch } from './principal-match.js';
import type { EvalPrincipal, GrantSet, PolicyTrace, StatementTrace } from './types.js';

/**
 * The strongest way a permitting grant names the caller ('none' when none does); with `traces`,
 * records every grant as a statement of one resource-side policy, in order.
 *
 * @example grantMatch({ name: 'grants on k', grants: [{ id: 'g1', principal: alice.arn, permits: true, reason: 'grants kms:Decrypt' }] }, alice, undefined) // 'user'
 */
export function grantMatch(set: GrantSet, caller: EvalPrincipal, traces: PolicyTrace[] | undefined): PrincipalMatch {
  let best: PrincipalMatch = 'none';
  const recorded: StatementTrace[] = [];
  set.grants.forEach((g, index) => {
    const m = matchPrincipal(compilePrincipal({ everyone: false, aws: [g.principal], service: [], federated: [], canonicalUser: [] }), caller, g.principalBindings);
    if (g.permits && m !== 'none' && matchRank(m) > matchRank(best)) best = m;
    if (!traces) return;
    const named = m === 'none' ? `${g.principal} does not name the caller` : `names the caller as ${m} (${g.principal})`;
    recorded.push({ index, sid: g.id, effect: 'Allow', matched: g.permits && m !== 'none', reason: `${g.reason}; ${named}` });
  });
  traces?.push({ name: set.name, type: 'resource', outcome: best === 'none' ? 'NoMatch' : 'Allow', statements: recorded });
  return best;
}
