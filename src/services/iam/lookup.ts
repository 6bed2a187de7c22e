import { accessDenied } from '../../protocols/auth-errors.js';
import type { IamGroup, IamRole, IamUser, ManagedPolicy } from '../../storage/iam.js';
import type { OperationContext } from '../operation.js';
import { groupNotFound, policyNotFound, roleNotFound, userNotFound } from './errors.js';

/** Entity lookups in the caller's account that answer IAM's NoSuchEntity when absent. */

export async function requireUser(ctx: OperationContext, userName: string): Promise<IamUser> {
  const u = await ctx.state.iam.getUser(ctx.principal.accountId, userName);
  if (!u) throw userNotFound(userName);
  return u;
}

export async function requireGroup(ctx: OperationContext, groupName: string): Promise<IamGroup> {
  const g = await ctx.state.iam.getGroup(ctx.principal.accountId, groupName);
  if (!g) throw groupNotFound(groupName);
  return g;
}

export async function requireRole(ctx: OperationContext, roleName: string): Promise<IamRole> {
  const r = await ctx.state.iam.getRole(ctx.principal.accountId, roleName);
  if (!r) throw roleNotFound(roleName);
  return r;
}

/**
 * A managed policy the caller's account can see: its own customer managed policies and every AWS
 * managed one, counted for the account. Other accounts' policies are not found, as in IAM.
 */
export async function findPolicy(ctx: OperationContext, policyArn: string): Promise<ManagedPolicy | undefined> {
  const p = await ctx.state.iam.getPolicyInAccount(ctx.principal.accountId, policyArn);
  return p && (p.accountId === '' || p.accountId === ctx.principal.accountId) ? p : undefined;
}

export async function requirePolicy(ctx: OperationContext, policyArn: string): Promise<ManagedPolicy> {
  const p = await findPolicy(ctx, policyArn);
  if (!p) throw policyNotFound(policyArn);
  return p;
}

/**
 * A customer managed policy of the caller's account, to change. AWS managed policies belong to
 * AWS: changing one is denied to everyone, root included, as in IAM.
 */
export async function requireOwnPolicy(ctx: OperationContext, policyArn: string, action: string): Promise<ManagedPolicy> {
  const p = await requirePolicy(ctx, policyArn);
  if (p.accountId === '') throw accessDenied('query', ctx.principal.arn, action, policyArn);
  return p;
}
