import { AwsError } from '../../core/errors.js';
import type { Operation } from '../operation.js';

/**
 * sts:DecodeAuthorizationMessage. AWS encodes denial details for some services; sagelite's
 * encoded message is the request id of the denied request (docs/DECISIONS.md), decoded into
 * AWS's documented shape plus the full explanation. Only the denied caller's account may read it.
 */
export const decodeAuthorizationMessage: Operation<{ EncodedMessage: string }, { DecodedMessage: string }> = {
  authorization: (_input, ctx) => [{ action: 'sts:DecodeAuthorizationMessage', resource: '*' }],
  handle: (input, ctx) => {
    const recorded = ctx.state.decisions.get(input.EncodedMessage.trim());
    if (!recorded || recorded.accountId !== ctx.principal.accountId) {
      throw new AwsError('InvalidAuthorizationMessageException', 400, 'The encoded message is not a valid authorization message for this account.');
    }
    const detail = recorded.detail as { principal?: string; requests?: Array<{ action: string; resource: string; result: string; policies?: unknown[] }> };
    const last = detail.requests?.[detail.requests.length - 1];
    const decoded = {
      allowed: recorded.allowed,
      explicitDeny: last?.result === 'ExplicitDeny',
      matchedStatements: { items: [] as unknown[] },
      failures: { items: [] as unknown[] },
      context: { principal: { arn: detail.principal ?? '' }, action: last?.action ?? '', resource: last?.resource ?? '', conditions: { items: [] as unknown[] } },
      explanation: recorded.explanation,
    };
    return { DecodedMessage: JSON.stringify(decoded) };
  },
};
