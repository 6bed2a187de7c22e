import type { Operation } from '../../operation.js';
import { iamResourceArn, onEntity } from '../arns.js';
import { entityAlreadyExists, nameTakenAs } from '../errors.js';
import { requireUser } from '../lookup.js';
import { followRenamedPrincipal } from '../trust.js';

export interface UpdateUserInput {
  UserName: string;
  NewPath?: string;
  NewUserName?: string;
}

/**
 * iam:UpdateUser — renames and/or moves a user. As in IAM, the caller needs the permission on
 * both the current and the new ARN; trust policies naming the user follow it.
 */
export const updateUser: Operation<UpdateUserInput> = {
  authorization: async (input, ctx) => {
    const current = await onEntity(ctx, 'iam:UpdateUser', 'user', input.UserName);
    if (input.NewUserName === undefined && input.NewPath === undefined) return [current];
    const existing = await ctx.state.iam.getUser(ctx.principal.accountId, input.UserName);
    const target = iamResourceArn(ctx.principal.accountId, 'user', input.NewPath ?? existing?.path ?? '/', input.NewUserName ?? input.UserName);
    return [current, { action: 'iam:UpdateUser', resource: target, resourceAccount: ctx.principal.accountId }];
  },
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const user = await requireUser(ctx, input.UserName);
    const taken = () => entityAlreadyExists(`User with name ${input.NewUserName ?? input.UserName} already exists.`);
    if (input.NewUserName !== undefined) {
      const holder = await iam.getUser(ctx.principal.accountId, input.NewUserName);
      if (holder && holder.userId !== user.userId) throw taken();
    }
    const updated = await nameTakenAs(
      iam.updateUser(user.userId, {
        ...(input.NewUserName !== undefined ? { userName: input.NewUserName } : {}),
        ...(input.NewPath !== undefined ? { path: input.NewPath } : {}),
      }),
      taken,
    );
    if (updated.arn !== user.arn) await followRenamedPrincipal(iam, user.userId, updated.arn);
    return {};
  },
};
