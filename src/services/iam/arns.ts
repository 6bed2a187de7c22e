import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue, RequestContextKeys } from '../../auth/policy/index.js';
import { parseArn } from '../../core/arn.js';
import type { Tag } from '../../storage/iam.js';
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

/** `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>` for an existing user, role, policy or OIDC provider's tags. */
export function resourceTagContext(tags: readonly Tag[]): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const t of tags) {
    out[`aws:ResourceTag/${t.Key}`] = t.Value;
    out[`iam:ResourceTag/${t.Key}`] = t.Value;
  }
  return out;
}

/** `aws:RequestTag/<key>` for each tag a request sets, and `aws:TagKeys` listing their keys. */
export function requestTagContext(tags: readonly Tag[] | undefined): RequestContextKeys {
  if (!tags || tags.length === 0) return {};
  const out: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) out[`aws:RequestTag/${t.Key}`] = t.Value ?? '';
  return out;
}

/** Adds context keys to an authorization question (leaving `context` out when there are none). */
export function withContext(request: AuthorizationRequest, extra: RequestContextKeys): AuthorizationRequest {
  const context = { ...(request.context ?? {}), ...extra };
  return Object.keys(context).length === 0 ? request : { ...request, context };
}

/**
 * One authorization question on a named user, group or role of the caller's account. The ARN
 * carries the entity's real path when it exists (policies match on it), and `/` otherwise. An
 * existing user or role also brings its tags (`aws:ResourceTag/…`) and its permissions boundary
 * (`iam:PermissionsBoundary`) as condition keys, as IAM does.
 */
export async function onEntity(ctx: OperationContext, action: string, kind: 'user' | 'group' | 'role', name: string | undefined): Promise<AuthorizationRequest> {
  const account = ctx.principal.accountId;
  const iam = ctx.state.iam;
  const entity =
    name === undefined
      ? undefined
      : kind === 'user'
        ? await iam.getUser(account, name)
        : kind === 'role'
          ? await iam.getRole(account, name)
          : await iam.getGroup(account, name);
  const request: AuthorizationRequest = { action, resource: iamResourceArn(account, kind, entity?.path ?? '/', name ?? ''), resourceAccount: account };
  if (!entity || !('tags' in entity)) return request;
  return withContext(request, {
    ...resourceTagContext(entity.tags),
    ...(entity.permissionsBoundaryArn !== undefined ? { 'iam:PermissionsBoundary': entity.permissionsBoundaryArn } : {}),
  });
}

/** One authorization question on a managed policy by ARN (with its tags as `aws:ResourceTag/…`). */
export async function onPolicy(ctx: OperationContext, action: string, policyArn: string): Promise<AuthorizationRequest> {
  const request = { action, resource: policyArn, resourceAccount: policyAccount(policyArn, ctx.principal.accountId) };
  const policy = await ctx.state.iam.getPolicy(policyArn);
  return policy && policy.accountId === ctx.principal.accountId ? withContext(request, resourceTagContext(policy.tags)) : request;
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
