import type { Operation } from '../../operation.js';
import { onEntity } from '../arns.js';
import { limitExceeded, userNotFound } from '../errors.js';
import { requireGroup, requireUser } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { groupView } from '../views.js';

/** IAM's quota of groups one user may be in. */
export const MAX_GROUPS_PER_USER = 10;

interface MembershipInput {
  GroupName: string;
  UserName: string;
}

/** iam:AddUserToGroup — idempotent; a user is in at most 10 groups. */
export const addUserToGroup: Operation<MembershipInput> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:AddUserToGroup', 'group', input.GroupName)],
  async handle(input, ctx) {
    const group = await requireGroup(ctx, input.GroupName);
    const user = await requireUser(ctx, input.UserName);
    // Counted and added as one step (the quota): core/keyed-lock.ts.
    await ctx.state.locks.withLock(`groups-of:${user.userId}`, async () => {
      const groups = await ctx.state.iam.listGroupsForUser(user.userId);
      if (groups.some((g) => g.groupId === group.groupId)) return;
      if (groups.length >= MAX_GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      await ctx.state.iam.addUserToGroup(group.groupId, user.userId);
    });
    return {};
  },
};

/** iam:RemoveUserFromGroup — NoSuchEntity when the user is not a member. */
export const removeUserFromGroup: Operation<MembershipInput> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:RemoveUserFromGroup', 'group', input.GroupName)],
  async handle(input, ctx) {
    const group = await requireGroup(ctx, input.GroupName);
    const user = await requireUser(ctx, input.UserName);
    if (!(await ctx.state.iam.removeUserFromGroup(group.groupId, user.userId))) throw userNotFound(input.UserName);
    return {};
  },
};

/** iam:ListGroupsForUser — by name, paged. */
export const listGroupsForUser: Operation<{ UserName: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:ListGroupsForUser', 'user', input.UserName)],
  async handle(input, ctx) {
    const page = paginate(await ctx.state.iam.listGroupsForUser((await requireUser(ctx, input.UserName)).userId), input);
    return { Groups: page.items.map(groupView), ...pageFields(page) };
  },
};
