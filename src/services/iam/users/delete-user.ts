import type { Operation } from '../../operation.js';
import { onEntity } from '../arns.js';
import { deleteConflict } from '../errors.js';
import { requireUser } from '../lookup.js';

export interface DeleteUserInput {
  UserName: string;
}

/**
 * iam:DeleteUser — refused with DeleteConflict while the user still has access keys, inline
 * policies, attached policies or group memberships, as in IAM (the caller removes them first).
 */
export const deleteUser: Operation<DeleteUserInput> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:DeleteUser', 'user', input.UserName)],
  async handle(input, ctx) {
    const { iam, accounts } = ctx.state;
    const user = await requireUser(ctx, input.UserName);
    const ref = { type: 'user', id: user.userId } as const;
    if ((await accounts.listAccessKeys(user.accountId, { type: 'user', userId: user.userId })).length > 0) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    }
    if ((await iam.listInlinePolicies(ref)).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await iam.listAttachedPolicies(ref)).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if ((await iam.listGroupsForUser(user.userId)).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    await iam.deleteUser(user.userId);
    return {};
  },
};
