import type { Operation } from '../../operation.js';
import { iamResourceArn, onEntity, onList } from '../arns.js';
import { deleteConflict, entityAlreadyExists } from '../errors.js';
import { requireGroup } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { groupView, userView } from '../views.js';

/** iam:CreateGroup — names are unique in the account without regard to case. */
export const createGroup: Operation<{ GroupName: string; Path?: string }> = {
  authorization: (input, ctx) => [
    { action: 'iam:CreateGroup', resource: iamResourceArn(ctx.principal.accountId, 'group', input.Path ?? '/', input.GroupName), resourceAccount: ctx.principal.accountId },
  ],
  handle(input, ctx) {
    const accountId = ctx.principal.accountId;
    if (ctx.state.iam.getGroup(accountId, input.GroupName)) throw entityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
    return { Group: groupView(ctx.state.iam.createGroup({ accountId, groupName: input.GroupName, path: input.Path ?? '/' })) };
  },
};

/** iam:GetGroup — the group and a page of its users. */
export const getGroup: Operation<{ GroupName: string } & PageRequest> = {
  authorization: (input, ctx) => [onEntity(ctx, 'iam:GetGroup', 'group', input.GroupName)],
  handle(input, ctx) {
    const group = requireGroup(ctx, input.GroupName);
    const page = paginate(ctx.state.iam.listUsersInGroup(group.groupId), input);
    return { Group: groupView(group), Users: page.items.map((u) => userView(u, 'list')), ...pageFields(page) };
  },
};

/** iam:UpdateGroup — renames and/or moves a group (permission needed on both ARNs, as in IAM). */
export const updateGroup: Operation<{ GroupName: string; NewPath?: string; NewGroupName?: string }> = {
  authorization: (input, ctx) => {
    const current = onEntity(ctx, 'iam:UpdateGroup', 'group', input.GroupName);
    const existing = ctx.state.iam.getGroup(ctx.principal.accountId, input.GroupName);
    const target = iamResourceArn(ctx.principal.accountId, 'group', input.NewPath ?? existing?.path ?? '/', input.NewGroupName ?? input.GroupName);
    return target === current.resource ? [current] : [current, { action: 'iam:UpdateGroup', resource: target, resourceAccount: ctx.principal.accountId }];
  },
  handle(input, ctx) {
    const group = requireGroup(ctx, input.GroupName);
    if (input.NewGroupName !== undefined) {
      const holder = ctx.state.iam.getGroup(ctx.principal.accountId, input.NewGroupName);
      if (holder && holder.groupId !== group.groupId) throw entityAlreadyExists(`Group with name ${input.NewGroupName} already exists.`);
    }
    ctx.state.iam.updateGroup(group.groupId, {
      ...(input.NewGroupName !== undefined ? { groupName: input.NewGroupName } : {}),
      ...(input.NewPath !== undefined ? { path: input.NewPath } : {}),
    });
    return {};
  },
};

/** iam:DeleteGroup — refused with DeleteConflict while it has members or policies, as in IAM. */
export const deleteGroup: Operation<{ GroupName: string }> = {
  authorization: (input, ctx) => [onEntity(ctx, 'iam:DeleteGroup', 'group', input.GroupName)],
  handle(input, ctx) {
    const iam = ctx.state.iam;
    const group = requireGroup(ctx, input.GroupName);
    const ref = { type: 'group', id: group.groupId } as const;
    if (iam.listUsersInGroup(group.groupId).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (iam.listInlinePolicies(ref).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (iam.listAttachedPolicies(ref).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    iam.deleteGroup(group.groupId);
    return {};
  },
};

/** iam:ListGroups — by name, filtered by path prefix, paged. */
export const listGroups: Operation<{ PathPrefix?: string } & PageRequest> = {
  authorization: (input, ctx) => [onList(ctx, 'iam:ListGroups', 'group', input.PathPrefix)],
  handle(input, ctx) {
    const page = paginate(ctx.state.iam.listGroups(ctx.principal.accountId, input.PathPrefix), input);
    return { Groups: page.items.map(groupView), ...pageFields(page) };
  },
};
