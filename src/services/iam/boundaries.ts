import type { ManagedPolicy } from '../../storage/iam.js';
import type { Operation, OperationContext } from '../operation.js';
import { onEntity, withContext } from './arns.js';
import { noSuchEntity } from './errors.js';
import { findPolicy, requireRole, requireUser } from './lookup.js';

/** A managed policy usable as a permissions boundary (customer managed of the account, or AWS managed). */
export function requireBoundaryPolicy(ctx: OperationContext, policyArn: string): ManagedPolicy {
  const p = findPolicy(ctx, policyArn);
  if (!p) throw noSuchEntity(`Scope ARN: ${policyArn} does not exist or is not attachable.`);
  return p;
}

/** iam:PutUserPermissionsBoundary — sets or replaces the user's boundary. */
export const putUserPermissionsBoundary: Operation<{ UserName: string; PermissionsBoundary: string }> = {
  authorization: (input, ctx) => [withContext(onEntity(ctx, 'iam:PutUserPermissionsBoundary', 'user', input.UserName), { 'iam:PermissionsBoundary': input.PermissionsBoundary })],
  handle(input, ctx) {
    const user = requireUser(ctx, input.UserName);
    ctx.state.iam.setUserPermissionsBoundary(user.userId, requireBoundaryPolicy(ctx, input.PermissionsBoundary).arn);
    return {};
  },
};

/** iam:DeleteUserPermissionsBoundary — removes it (nothing to do when there is none). */
export const deleteUserPermissionsBoundary: Operation<{ UserName: string }> = {
  authorization: (input, ctx) => [onEntity(ctx, 'iam:DeleteUserPermissionsBoundary', 'user', input.UserName)],
  handle(input, ctx) {
    ctx.state.iam.setUserPermissionsBoundary(requireUser(ctx, input.UserName).userId, undefined);
    return {};
  },
};

/** iam:PutRolePermissionsBoundary — sets or replaces the role's boundary. */
export const putRolePermissionsBoundary: Operation<{ RoleName: string; PermissionsBoundary: string }> = {
  authorization: (input, ctx) => [withContext(onEntity(ctx, 'iam:PutRolePermissionsBoundary', 'role', input.RoleName), { 'iam:PermissionsBoundary': input.PermissionsBoundary })],
  handle(input, ctx) {
    const role = requireRole(ctx, input.RoleName);
    ctx.state.iam.setRolePermissionsBoundary(role.roleId, requireBoundaryPolicy(ctx, input.PermissionsBoundary).arn);
    return {};
  },
};

/** iam:DeleteRolePermissionsBoundary — removes it (nothing to do when there is none). */
export const deleteRolePermissionsBoundary: Operation<{ RoleName: string }> = {
  authorization: (input, ctx) => [onEntity(ctx, 'iam:DeleteRolePermissionsBoundary', 'role', input.RoleName)],
  handle(input, ctx) {
    ctx.state.iam.setRolePermissionsBoundary(requireRole(ctx, input.RoleName).roleId, undefined);
    return {};
  },
};
