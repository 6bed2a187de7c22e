import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import type { KeyOwner } from '../../../storage/accounts.js';
import type { OperationContext } from '../../operation.js';
import { onEntity } from '../arns.js';
import { validationError } from '../errors.js';
import { requireUser } from '../lookup.js';

/** Whose access keys an access-key operation is about: a named user, or (without a name) the caller. */
export interface KeyHolder {
  owner: KeyOwner;
  /** Shown as UserName in responses; absent for the account's root. */
  userName?: string;
}

/**
 * Resolves `UserName` (or the caller, when absent: an IAM user's own keys, or the root user's)
 * to the owner stored with access keys. Role sessions must name a user, as in IAM.
 */
export async function keyHolder(ctx: OperationContext, userName: string | undefined): Promise<KeyHolder> {
  if (userName !== undefined) {
    const user = await requireUser(ctx, userName);
    return { owner: { type: 'user', userId: user.userId }, userName: user.userName };
  }
  const p = ctx.principal;
  if (p.kind === 'root') return { owner: { type: 'root' } };
  const user = p.kind === 'user' ? await ctx.state.iam.getUserById(p.userId) : undefined;
  if (!user) throw validationError('Must specify userName when calling with non-User credentials');
  return { owner: { type: 'user', userId: user.userId }, userName: user.userName };
}

/** The authorization question of an access-key operation: on the named user, or on the caller. */
export async function onKeyHolder(ctx: OperationContext, action: string, userName: string | undefined): Promise<AuthorizationRequest> {
  if (userName !== undefined) return onEntity(ctx, action, 'user', userName);
  const p = ctx.principal;
  const own = p.kind === 'user' ? await ctx.state.iam.getUserById(p.userId) : undefined;
  return own ? onEntity(ctx, action, 'user', own.userName) : { action, resource: p.arn, resourceAccount: p.accountId };
}

export function sameOwner(a: KeyOwner, b: KeyOwner): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'user' && b.type === 'user') return a.userId === b.userId;
  return a.type === 'root';
}
