import { AwsError } from '../../core/errors.js';
import type { Operation } from '../operation.js';
import { decodedMessage } from './decoded-message.js';

/**
 * sts:DecodeAuthorizationMessage. AWS encodes denial details for some services; sagelite's
 * encoded message is the request id of the denied request (docs/DECISIONS.md), decoded into
 * AWS's documented shape. Only the denied caller's account may read it, and it shows only the
 * policies that account owns (decoded-message.ts): another account's resource or trust policy,
 * its principals and condition values never appear. The operator's `sagelite explain` has the
 * full explanation.
 */
export const decodeAuthorizationMessage: Operation<{ EncodedMessage: string }, { DecodedMessage: string }> = {
  authorization: (_input, ctx) => [{ action: 'sts:DecodeAuthorizationMessage', resource: '*' }],
  handle: async (input, ctx) => {
    const recorded = await ctx.state.decisions.get(input.EncodedMessage.trim());
    if (!recorded || recorded.accountId !== ctx.principal.accountId) {
      throw new AwsError('InvalidAuthorizationMessageException', 400, 'The encoded message is not a valid authorization message for this account.');
    }
    return { DecodedMessage: JSON.stringify(decodedMessage(recorded, ctx.principal.accountId)) };
  },
};
