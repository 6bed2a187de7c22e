import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { PolicyAuthorizer } from '../../auth/policy-authorizer.js';
import { accessDenied } from '../../protocols/auth-errors.js';
import type { DecisionEntry, DecisionLog, RecordedDecision } from '../../storage/sessions.js';
import type { OperationContext } from '../operation.js';

/** Holds the authorizer's entries so that one request's several questions are recorded together. */
class CollectedDecisions implements DecisionLog {
  readonly entries: DecisionEntry[] = [];
  async record(entry: DecisionEntry): Promise<void> {
    this.entries.push(entry);
  }
  async get(): Promise<RecordedDecision | undefined> {
    return undefined;
  }
}

/**
 * Asks each question on its own, unlike the pipeline, which stops at the first denial: a
 * BatchGetRecord denied on one group still reads the others and reports the denial per record.
 * Returns the AccessDenied message of each denied request by resource; every decision is recorded
 * under the request id as one entry, for `sagelite explain`.
 */
export async function authorizeEach(ctx: OperationContext, requests: readonly AuthorizationRequest[]): Promise<Map<string, string>> {
  const collected = new CollectedDecisions();
  const authorizer = new PolicyAuthorizer(ctx.state.iam, collected);
  const now = ctx.clock.now();
  const facts = { requestId: ctx.requestId, region: ctx.region, sourceIp: ctx.sourceIp, secureTransport: ctx.secureTransport, now };
  const denials = new Map<string, string>();
  for (const r of requests) {
    const d = await authorizer.authorize(ctx.principal, [r], facts);
    if (!d.allowed) denials.set(r.resource, accessDenied('json', ctx.principal.arn, d.action, d.resource, d.reason).message);
  }
  const entries = collected.entries;
  await ctx.state.decisions.record({
    requestId: ctx.requestId,
    accountId: ctx.principal.accountId,
    createdAt: now,
    allowed: denials.size === 0,
    describe: () => {
      const described = entries.map((e) => e.describe());
      return {
        detail: {
          principal: ctx.principal.arn,
          requests: described.flatMap((d) => (d.detail['requests'] as unknown[] | undefined) ?? []),
        },
        explanation: described.map((d) => d.explanation).join('\n\n'),
      };
    },
  });
  return denials;
}
