import type { Operation } from '../../operation.js';
import { onEntity, onList } from '../arns.js';
import { deleteConflict } from '../errors.js';
import { requireRole } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { checkTrustDocument } from '../policy-documents.js';
import { bindTrustPrincipals, displayedTrustPolicy } from '../trust.js';
import { roleView } from '../views.js';

/** iam:GetRole — with the trust policy URL-encoded (bound principals shown as IAM shows them) and RoleLastUsed. */
export const getRole: Operation<{ RoleName: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:GetRole', 'role', input.RoleName)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const role = await requireRole(ctx, input.RoleName);
    return { Role: roleView(role, await displayedTrustPolicy(iam, role), 'full', await iam.getRoleLastUsed(role.roleId)) };
  },
};

/** iam:UpdateRole — description and/or MaxSessionDuration (3600–43200, checked by the model). */
export const updateRole: Operation<{ RoleName: string; Description?: string; MaxSessionDuration?: number }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:UpdateRole', 'role', input.RoleName)],
  async handle(input, ctx) {
    const role = await requireRole(ctx, input.RoleName);
    await ctx.state.iam.updateRole(role.roleId, {
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
    });
    return {};
  },
};

/** iam:UpdateRoleDescription — the older call; answers with the role. */
export const updateRoleDescription: Operation<{ RoleName: string; Description: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:UpdateRoleDescription', 'role', input.RoleName)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const role = await iam.updateRole((await requireRole(ctx, input.RoleName)).roleId, { description: input.Description });
    return { Role: roleView(role, await displayedTrustPolicy(iam, role), 'full', await iam.getRoleLastUsed(role.roleId)) };
  },
};

/** iam:UpdateAssumeRolePolicy — replaces the trust policy, binding its principals afresh. */
export const updateAssumeRolePolicy: Operation<{ RoleName: string; PolicyDocument: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:UpdateAssumeRolePolicy', 'role', input.RoleName)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const role = await requireRole(ctx, input.RoleName);
    checkTrustDocument(input.PolicyDocument);
    await iam.updateAssumeRolePolicy(role.roleId, input.PolicyDocument, await bindTrustPrincipals(iam, input.PolicyDocument));
    return {};
  },
};

/** iam:DeleteRole — refused with DeleteConflict while it has inline or attached policies, as in IAM. */
export const deleteRole: Operation<{ RoleName: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:DeleteRole', 'role', input.RoleName)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const role = await requireRole(ctx, input.RoleName);
    const ref = { type: 'role', id: role.roleId } as const;
    if ((await iam.listInlinePolicies(ref)).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await iam.listAttachedPolicies(ref)).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await iam.deleteRole(role.roleId);
    return {};
  },
};

/** iam:ListRoles — by name, filtered by path prefix, paged; without tags, boundary or last use, as in IAM. */
export const listRoles: Operation<{ PathPrefix?: string } & PageRequest> = {
  authorization: (input, ctx) => [onList(ctx, 'iam:ListRoles', 'role', input.PathPrefix)],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const page = paginate(await iam.listRoles(ctx.principal.accountId, input.PathPrefix), input);
    // One role at a time: a page of up to 1000 roles at once would ask the store for all their
    // bound principals together.
    const roles: Array<Record<string, unknown>> = [];
    for (const r of page.items) roles.push(roleView(r, await displayedTrustPolicy(iam, r), 'list'));
    return { Roles: roles, ...pageFields(page) };
  },
};
