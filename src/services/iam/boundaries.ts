import type { ManagedPolicy } from '../../storage/iam.js';
import type { Operation, OperationContext } from '../operation.js';
import { onEntity, withContext } from './arns.js';
import { noSuchEntity } from './errors.js';
import { findPolicy, requireRole, requireUser } from './lookup.js';

/** A managed policy usable as a permissions boundary (customer managed of the account, or AWS managed). */
export async function requireBoundaryPolicy(ctx: OperationContext, policyArn: string): Promise<ManagedPolicy> {
  const p = await findPolicy(ctx, policyArn);
  if (!p) throw noSuchEntity(`Scope ARN: ${policyArn} does not exist or is not attachable.`);
  return p;
}

/** iam:PutUserPermissionsBoundary — sets or replaces the user's boundary. */
export const putUserPermissionsBoundary: Operation<{ UserName: string; PermissionsBoundary: string }> = {
  authorization: async (input, ctx) => [withContext(await onEntity(ctx, 'iam:PutUserPermissionsBoundary', 'user', input.UserName), { 'iam:PermissionsBoundary': input.PermissionsBoundary })],
  async handle(input, ctx) {
    const user = await requireUser(ctx, input.UserName);
    const boundary = await requireBoundaryPolicy(ctx, input.PermissionsBoundary);
    await ctx.state.iam.setUserPermissionsBoundary(user.userId, boundary.arn);
    return {};
  },
};

/** iam:DeleteUserPermissionsBoundary — removes it (nothing to do when there is none). */
export const deleteUserPermissionsBoundary: Operation<{ UserName: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:DeleteUserPermissionsBoundary', 'user', input.UserName)],
  async handle(input, ctx) {
    await ctx.state.iam.setUserPermissionsBoundary((await requireUser(ctx, input.UserName)).userId, undefined);
    return {};
  },
};

/** iam:PutRolePermissionsBoundary — sets or replaces the role's boundary. */
export const putRolePermissionsBoundary: Operation<{ RoleName: string; PermissionsBoundary: string }> = {
  authorization: async (input, ctx) => [withContext(await onEntity(ctx, 'iam:PutRolePermissionsBoundary', 'role', input.RoleName), { 'iam:PermissionsBoundary': input.PermissionsBoundary })],
  async handle(input, ctx) {
    const role = await requireRole(ctx, input.RoleName);
    const boundary = await requireBoundaryPolicy(ctx, input.PermissionsBoundary);
    await ctx.state.iam.setRolePermissionsBoundary(role.roleId, boundary.arn);
    return {};
  },
};

/** iam:DeleteRolePermissionsBoundary — removes it (nothing to do when there is none). */
export const deleteRolePermissionsBoundary: Operation<{ RoleName: string }> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:DeleteRolePermissionsBoundary', 'role', input.RoleName)],
  async handle(input, ctx) {
    await ctx.state.iam.setRolePermissionsBoundary((await requireRole(ctx, input.RoleName)).roleId, undefined);
    return {};
  },
};
