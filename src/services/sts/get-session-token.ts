import { AwsError } from '../../core/errors.js';
import type { Operation } from '../operation.js';
import { expiryAfter, issueTemporaryKey, type Credentials } from './issue-credentials.js';

export interface GetSessionTokenInput {
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/** The root user's sessions are capped at one hour (STS API reference, GetSessionToken). */
const ROOT_MAX_SECONDS = 3600;

/**
 * sts:GetSessionToken — temporary credentials for an IAM user or root, needing no permission.
 * Session credentials cannot call it, and what it returns cannot call IAM or most of STS
 * (enforced by the authorizer). sagelite has no MFA devices, so SerialNumber always fails.
 */
export const getSessionToken: Operation<GetSessionTokenInput, { Credentials: Credentials }> = {
  authorization: 'always',
  handle: async (input, ctx) => {
    const p = ctx.principal;
    if (p.temporary) throw new AwsError('AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
      throw new AwsError('AccessDenied', 403, 'MultiFactorAuthentication failed, unable to validate MFA code.');
    }
    const requested = input.DurationSeconds ?? (p.kind === 'root' ? ROOT_MAX_SECONDS : 43200);
    const seconds = p.kind === 'root' ? Math.min(requested, ROOT_MAX_SECONDS) : requested;
    const owner = p.kind === 'user' ? { type: 'user' as const, userId: p.user!.userId } : { type: 'root' as const };
    return { Credentials: await issueTemporaryKey(ctx.state, p.accountId, owner, expiryAfter(ctx.clock.now(), seconds)) };
  },
};
