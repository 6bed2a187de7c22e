import type { Operation } from '../operation.js';

export interface GetCallerIdentityOutput {
  UserId: string;
  Account: string;
  Arn: string;
}

/** sts:GetCallerIdentity — needs no permission and works even under an explicit Deny, as in AWS. */
export const getCallerIdentity: Operation<Record<string, never>, GetCallerIdentityOutput> = {
  authorization: 'always',
  handle: (_input, { principal }) => ({ UserId: principal.userId, Account: principal.accountId, Arn: principal.arn }),
};
