/**
 * The caller's view of a recorded authorization decision: AWS's DecodedMessage shape
 * (allowed, explicitDeny, matchedStatements, failures, context{principal, action, resource,
 * conditions}). The recorded decision explains every policy consulted, including another
 * account's bucket or trust policy with its principals and condition values (the sts:ExternalId
 * a role requires). A caller sees only statements of policies its own account owns, and only the
 * request's context keys that do not describe another account's resource; the full explanation
 * stays with the operator's `sagelite explain`.
 */
import type { ContextValue, PolicyTrace } from '../../auth/policy/types.js';
import type { RecordedDecision } from '../../storage/sessions.js';

/** One request of a recorded decision, as PolicyAuthorizer records it (see describeSteps). */
export interface RecordedRequest {
  action: string;
  resource: string;
  resourceAccount?: string;
  result: string;
  context?: Record<string, ContextValue>;
  policies?: Array<PolicyTrace & { owner?: string }>;
}

interface RecordedDetail {
  principal?: string;
  principalId?: string;
  requests?: RecordedRequest[];
}

type Items<T> = { items: T[] };

export interface DecodedMessage {
  allowed: boolean;
  explicitDeny: boolean;
  matchedStatements: Items<Record<string, unknown>>;
  failures: Items<unknown>;
  context: {
    principal: { id: string; arn: string };
    action: string;
    resource: string;
    conditions: Items<{ key: string; values: Items<{ value: string }> }>;
  };
}

/**
 * Context keys whose values come from the resource's owner rather than from the caller's own
 * request: tags on the resource, its account and organization. Shown only for the caller's own
 * resources.
 */
function describesResource(key: string): boolean {
  const k = key.toLowerCase();
  return (
    k.includes(':resourcetag/') ||
    k.startsWith('s3:existingobjecttag/') ||
    k === 'aws:resourceaccount' ||
    k === 'aws:resourceorgid' ||
    k === 'aws:resourceorgpaths'
  );
}

function values(v: ContextValue): Items<{ value: string }> {
  const list = Array.isArray(v) ? (v as readonly string[]) : [String(v)];
  return { items: list.map((value) => ({ value })) };
}

/**
 * Builds what DecodeAuthorizationMessage shows the caller of `callerAccount` about `recorded`:
 * the request that decided (the denied one, or the last), the matched statements of policies
 * owned by the caller's account, and the request's context keys (for another account's
 * resource, without the keys that describe that resource).
 *
 * @example JSON.stringify(decodedMessage(log.get(requestId)!, '111122223333'))
 */
export function decodedMessage(recorded: RecordedDecision, callerAccount: string): DecodedMessage {
  const detail = recorded.detail as RecordedDetail;
  const last = detail.requests?.[detail.requests.length - 1];
  const foreign = last !== undefined && last.resourceAccount !== undefined && last.resourceAccount !== callerAccount;
  const explicitDeny = last?.result === 'ExplicitDeny';
  const wanted = explicitDeny ? 'Deny' : 'Allow';
  const matched: Array<Record<string, unknown>> = [];
  for (const policy of last?.policies ?? []) {
    // A policy without a recorded owner is treated as someone else's: nothing unknown is shown.
    if (policy.owner !== callerAccount) continue;
    for (const st of policy.statements) {
      if (!st.matched || st.effect !== wanted) continue;
      matched.push({
        statementId: st.sid ?? String(st.index),
        effect: st.effect.toUpperCase(),
        principals: { items: detail.principalId ? [{ value: detail.principalId.split(':')[0] }] : [] },
        principalGroups: { items: [] },
        actions: { items: [{ value: last!.action }] },
        resources: { items: [{ value: last!.resource }] },
        conditions: { items: [] },
      });
    }
  }
  const conditions = Object.entries(last?.context ?? {})
    .filter(([key]) => !(foreign && describesResource(key)))
    .map(([key, v]) => ({ key, values: values(v) }));
  return {
    allowed: recorded.allowed,
    explicitDeny,
    matchedStatements: { items: matched },
    failures: { items: [] },
    context: {
      principal: { id: detail.principalId ?? '', arn: detail.principal ?? '' },
      action: last?.action ?? '',
      resource: last?.resource ?? '',
      conditions: { items: conditions },
    },
  };
}
