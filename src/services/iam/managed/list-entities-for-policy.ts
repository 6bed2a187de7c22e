import type { Operation } from '../../operation.js';
import { onPolicy } from '../arns.js';
import { requirePolicy } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';

export interface ListEntitiesForPolicyInput extends PageRequest {
  PolicyArn: string;
  EntityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

type Entity = { kind: 'User' | 'Group' | 'Role'; name: string; id: string; path: string };

/**
 * iam:ListEntitiesForPolicy — the account's users, groups and roles that have the policy
 * attached (PermissionsPolicy) and/or use it as their boundary (PermissionsBoundary); paged over
 * all three lists together, groups first, then users, then roles.
 */
export const listEntitiesForPolicy: Operation<ListEntitiesForPolicyInput> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:ListEntitiesForPolicy', input.PolicyArn)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const accountId = ctx.principal.accountId;
    const policy = await requirePolicy(ctx, input.PolicyArn);
    const found = new Map<string, Entity>();
    const add = (e: Entity) => found.set(`${e.kind}:${e.id}`, e);
    if (input.PolicyUsageFilter !== 'PermissionsBoundary') {
      const attached = await iam.listEntitiesForPolicy(accountId, policy.arn);
      attached.groups.forEach((g) => add({ kind: 'Group', name: g.groupName, id: g.groupId, path: g.path }));
      attached.users.forEach((u) => add({ kind: 'User', name: u.userName, id: u.userId, path: u.path }));
      attached.roles.forEach((r) => add({ kind: 'Role', name: r.roleName, id: r.roleId, path: r.path }));
    }
    if (input.PolicyUsageFilter !== 'PermissionsPolicy') {
      (await iam.listUsers(accountId)).filter((u) => u.permissionsBoundaryArn === policy.arn).forEach((u) => add({ kind: 'User', name: u.userName, id: u.userId, path: u.path }));
      (await iam.listRoles(accountId)).filter((r) => r.permissionsBoundaryArn === policy.arn).forEach((r) => add({ kind: 'Role', name: r.roleName, id: r.roleId, path: r.path }));
    }
    const order = { Group: 0, User: 1, Role: 2 } as const;
    const kindFilter = input.EntityFilter === 'User' || input.EntityFilter === 'Group' || input.EntityFilter === 'Role' ? input.EntityFilter : undefined;
    const all = [...found.values()]
      .filter((e) => (kindFilter === undefined || e.kind === kindFilter) && (input.PathPrefix === undefined || e.path.startsWith(input.PathPrefix)))
      .sort((a, b) => order[a.kind] - order[b.kind] || a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    const page = paginate(all, input);
    const of = (kind: Entity['kind']) => page.items.filter((e) => e.kind === kind);
    return {
      PolicyGroups: of('Group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: of('User').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: of('Role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      ...pageFields(page),
    };
  },
};
