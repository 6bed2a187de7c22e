import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { parseArn } from '../../core/arn.js';
import type { OperationContext } from '../operation.js';

/** IAM resource kinds that have ARNs of the form `arn:aws:iam::ACCT:<kind><path><name>`. */
export type IamResourceKind = 'user' | 'group' | 'role' | 'policy';

/** `arn:aws:iam::ACCT:<kind><path><name>`: IAM is global, so the region is empty. */
export function iamResourceArn(accountId: string, kind: IamResourceKind, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

/** The account that owns a policy ARN as an authorization sees it: AWS managed policies exist in every account. */
export function policyAccount(policyArn: string, callerAccount: string): string {
  const arn = parseArn(policyArn);
  return !arn || arn.account === 'aws' || arn.account === '' ? callerAccount : arn.account;
}

/**
 * One authorization question on a named user, group or role of the caller's account. The ARN
 * carries the entity's real path when it exists (policies match on it), and `/` otherwise.
 */
export function onEntity(ctx: OperationContext, action: string, kind: 'user' | 'group' | 'role', name: string | undefined): AuthorizationRequest {
  const account = ctx.principal.accountId;
  const iam = ctx.state.iam;
  const path =
    name === undefined
      ? '/'
      : kind === 'user'
        ? (iam.getUser(account, name)?.path ?? '/')
        : kind === 'role'
          ? (iam.getRole(account, name)?.path ?? '/')
          : (iam.getGroup(account, name)?.path ?? '/');
  return { action, resource: iamResourceArn(account, kind, path, name ?? ''), resourceAccount: account };
}

/** One authorization question on a managed policy by ARN. */
export function onPolicy(ctx: OperationContext, action: string, policyArn: string): AuthorizationRequest {
  return { action, resource: policyArn, resourceAccount: policyAccount(policyArn, ctx.principal.accountId) };
}

/**
 * List operations without a resource of their own (ListUsers, ListRoles, …) are asked on the
 * kind's ARN prefix for the requested path, e.g. `arn:aws:iam::ACCT:user/` (AWS's own denial
 * messages name "policy path /" and `…:role/` for these). `"Resource": "*"` matches them.
 */
export function onList(ctx: OperationContext, action: string, kind: IamResourceKind, pathPrefix: string | undefined): AuthorizationRequest {
  const account = ctx.principal.accountId;
  return { action, resource: iamResourceArn(account, kind, pathPrefix ?? '/', ''), resourceAccount: account };
}
