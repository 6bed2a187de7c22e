import type { Operation } from '../../operation.js';
import { iamResourceArn, onEntity, onList } from '../arns.js';
import { deleteConflict, entityAlreadyExists, nameTakenAs } from '../errors.js';
import { requireGroup } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { groupView, userView } from '../views.js';

/** iam:CreateGroup — names are unique in the account without regard to case. */
export const createGroup: Operation<{ GroupName: string; Path?: string }> = {
  authorization: (input, ctx) => [
    { action: 'iam:CreateGroup', resource: iamResourceArn(ctx.principal.accountId, 'group', input.Path ?? '/', input.GroupName), resourceAccount: ctx.principal.accountId },
  ],
  async handle(input, ctx) {
    const accountId = ctx.principal.accountId;
    const taken = () => entityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
    if (await ctx.state.iam.getGroup(accountId, input.GroupName)) throw taken();
    return { Group: groupView(await nameTakenAs(ctx.state.iam.createGroup({ accountId, groupName: input.GroupName, path: input.Path ?? '/' }), taken)) };
  },
};

/** iam:GetGroup — the group and a page of its users. */
export const getGroup: Operation<{ GroupName: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:GetGroup', 'group', input.GroupName)],
  async handle(input, ctx) {
    const group = await requireGroup(ctx, input.GroupName);
    const page = paginate(await ctx.state.iam.listUsersInGroup(group.groupId), input);
    return { Group: groupView(group), Users: page.items.map((u) => userView(u, 'list')), ...pageFields(page) };
  },
};

/** iam:UpdateGroup — renames and/or moves a group (permission needed on both ARNs, as in IAM). */
export const updateGroup: Operation<{ GroupName: string; NewPath?: string; NewGroupName?: string }> = {
  authorization: async (input, ctx) => {
    const current = await onEntity(ctx, 'iam:UpdateGroup', 'group', input.GroupName);
    const existing = await ctx.state.iam.getGroup(ctx.principal.accountId, input.GroupName);
    const target = iamResourceArn(ctx.principal.accountId, 'group', input.NewPath ?? existing?.path ?? '/', input.NewGroupName ?? input.GroupName);
    return target === current.resource ? [current] : [current, { action: 'iam:UpdateGroup', resource: target, resourceAccount: ctx.principal.accountId }];
  },
  async handle(input, ctx) {
    const group = await requireGroup(ctx, input.GroupName);
    const taken = () => entityAlreadyExists(`Group with name ${input.NewGroupName ?? input.GroupName} already exists.`);
    if (input.NewGroupName !== undefined) {
      const holder = await ctx.state.iam.getGroup(ctx.principal.accountId, input.NewGroupName);
      if (holder && holder.groupId !== group.groupId) throw taken();
    }
    await nameTakenAs(
      ctx.state.iam.updateGroup(group.groupId, {
        ...(input.NewGroupName !== undefined ? { groupName: input.NewGroupName } : {}),
        ...(input.NewPath !== undefined ? { path: input.NewPath } : {}),
      }),
      taken,
    );
    return {};
  },
};

/** iam:DeleteGroup — refused with DeleteConflict while it has members or policies, as in IAM. */
export const deleteGroup: Operation<{ GroupName: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:DeleteGroup', 'group', input.GroupName)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const group = await requireGroup(ctx, input.GroupName);
    const ref = { type: 'group', id: group.groupId } as const;
    if ((await iam.listUsersInGroup(group.groupId)).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if ((await iam.listInlinePolicies(ref)).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await iam.listAttachedPolicies(ref)).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await iam.deleteGroup(group.groupId);
    return {};
  },
};

/** iam:ListGroups — by name, filtered by path prefix, paged. */
export const listGroups: Operation<{ PathPrefix?: string } & PageRequest> = {
  authorization: (input, ctx) => [onList(ctx, 'iam:ListGroups', 'group', input.PathPrefix)],
  async handle(input, ctx) {
    const page = paginate(await ctx.state.iam.listGroups(ctx.principal.accountId, input.PathPrefix), input);
    return { Groups: page.items.map(groupView), ...pageFields(page) };
  },
};
