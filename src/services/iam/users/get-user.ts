import type { Operation, OperationContext } from '../../operation.js';
import { iamResourceArn, onEntity } from '../arns.js';
import { validationError } from '../errors.js';
import { requireUser } from '../lookup.js';
import { userView } from '../views.js';

export interface GetUserInput {
  UserName?: string;
}

/** GetUser without a name answers for the caller: an IAM user, or the account's root. */
async function callerUser(ctx: OperationContext): Promise<Record<string, unknown>> {
  const p = ctx.principal;
  if (p.kind === 'root') {
    const account = await ctx.state.accounts.getAccount(p.accountId);
    return { UserId: p.accountId, Arn: p.arn, CreateDate: account?.createdAt ?? new Date(0) };
  }
  const user = p.kind === 'user' ? await ctx.state.iam.getUserById(p.userId) : undefined;
  if (!user) throw validationError('Must specify userName when calling with non-User credentials');
  return userView(user, 'full');
}

/** iam:GetUser — by name, or the caller itself (root gets the account's root "user" as AWS shows it). */
export const getUser: Operation<GetUserInput> = {
  authorization: async (input, ctx) => {
    if (input.UserName !== undefined) return [await onEntity(ctx, 'iam:GetUser', 'user', input.UserName)];
    const p = ctx.principal;
    const own = p.kind === 'user' ? await ctx.state.iam.getUserById(p.userId) : undefined;
    const resource = own ? own.arn : p.kind === 'root' ? p.arn : iamResourceArn(p.accountId, 'user', '/', '');
    return [{ action: 'iam:GetUser', resource, resourceAccount: p.accountId }];
  },
  handle: async (input, ctx) => ({ User: input.UserName === undefined ? await callerUser(ctx) : userView(await requireUser(ctx, input.UserName), 'full') }),
};
