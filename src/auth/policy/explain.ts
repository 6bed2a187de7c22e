/** Words for decisions: AWS's AccessDenied tails and a readable multi-line explanation. */
import type { Decision, EvaluationInput, PolicyType } from './types.js';

/** How AWS names each policy type in AccessDenied messages, with the article it uses. */
const TYPE_WORDS: Record<PolicyType, { name: string; article: string }> = {
  identity: { name: 'identity-based policy', article: 'an' },
  resource: { name: 'resource-based policy', article: 'a' },
  boundary: { name: 'permissions boundary', article: 'a' },
  session: { name: 'session policy', article: 'a' },
};

/**
 * The tail AWS appends to "User: X is not authorized to perform: A on resource: R …".
 * Empty for an Allow.
 *
 * @example accessDeniedReason({ result: 'ImplicitDeny', deniedBy: { type: 'identity', explicit: false }, policies: [], notes: [] }, 'sts:AssumeRole')
 * // → 'because no identity-based policy allows the sts:AssumeRole action'
 * @example accessDeniedReason(explicitDenyInBoundary, 's3:GetObject') // → 'with an explicit deny in a permissions boundary'
 */
export function accessDeniedReason(decision: Pick<Decision, 'result' | 'deniedBy'>, action: string): string {
  if (decision.result === 'Allow') return '';
  const by = decision.deniedBy ?? { type: 'identity' as const, explicit: decision.result === 'ExplicitDeny' };
  const words = TYPE_WORDS[by.type];
  return by.explicit ? `with an explicit deny in ${words.article} ${words.name}` : `because no ${words.name} allows the ${action} action`;
}

/**
 * A readable explanation: the request, each policy and statement with its verdict and reason,
 * the rules applied, and the result.
 *
 * @example console.log(renderDecision(input, evaluate(input)));
 */
export function renderDecision(input: EvaluationInput, decision: Decision): string {
  const { request } = input;
  const p = request.principal;
  const who = p.kind === 'service' ? `service ${p.serviceName}` : p.kind === 'anonymous' ? 'anonymous caller' : `${p.arn} (${p.kind}, account ${p.accountId})`;
  const lines = [
    'Request',
    `  principal: ${who}`,
    ...(p.kind === 'assumed-role' && p.roleArn ? [`  role: ${p.roleArn}`] : []),
    `  action:    ${request.action}`,
    `  resource:  ${request.resource}`,
    `  accounts:  ${request.resourceAccount === undefined || request.resourceAccount === p.accountId ? `same account (${p.accountId || 'none'})` : `caller ${p.accountId || 'none'}, resource ${request.resourceAccount}`}`,
    'Policies',
  ];
  if (decision.policies.length === 0) lines.push('  (none apply)');
  for (const policy of decision.policies) {
    lines.push(`  [${TYPE_WORDS[policy.type].name}] ${policy.name} → ${policy.outcome}`);
    for (const st of policy.statements) {
      const label = `#${st.index}${st.sid ? ` (${st.sid})` : ''} ${st.effect}`;
      lines.push(`    ${label}: ${st.matched ? 'applies' : 'does not apply'} — ${st.reason}`);
    }
  }
  lines.push('Rules');
  for (const n of decision.notes) lines.push(`  - ${n}`);
  const reason = accessDeniedReason(decision, request.action);
  lines.push(`Result: ${decision.result}${reason ? ` (${reason})` : ''}`);
  return lines.join('\n');
}
