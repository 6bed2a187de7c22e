import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue, RequestContextKeys } from '../../auth/policy/types.js';
import type { OperationContext } from '../operation.js';
import { PRIMARY_WORK_GROUP } from '../../storage/athena.js';
import { invalidRequest } from './errors.js';

/** Athena's resource ARNs (Service Authorization Reference: workgroup, datacatalog). */
export const athenaArn = {
  workGroup: (region: string, acct: string, name: string) => `arn:aws:athena:${region}:${acct}:workgroup/${name}`,
  dataCatalog: (region: string, acct: string, name: string) => `arn:aws:athena:${region}:${acct}:datacatalog/${name}`,
};

/** The work group a request names, `primary` when it names none. */
export const workGroupOf = (name: string | undefined): string => (name === undefined || name === '' ? PRIMARY_WORK_GROUP : name);

/**
 * athena:<Action> on a work group of the caller's account.
 *
 * @example
 * onWorkGroup(ctx, 'athena:StartQueryExecution', input.WorkGroup)
 */
export async function onWorkGroup(ctx: OperationContext, action: string, name: string | undefined, extra: RequestContextKeys = {}): Promise<AuthorizationRequest[]> {
  const acct = ctx.principal.accountId;
  const wg = workGroupOf(name);
  // An existing work group's tags are aws:ResourceTag/… keys (ABAC on work groups).
  const tags = (await ctx.state.athena.getWorkGroup(acct, ctx.region, wg))?.tags ?? [];
  const context: Record<string, ContextValue> = { ...extra };
  for (const t of tags) context[`aws:ResourceTag/${t.Key}`] = t.Value;
  return [{ action, resource: athenaArn.workGroup(ctx.region, acct, wg), resourceAccount: acct, context }];
}

/** athena:<Action> on a data catalog of the caller's account. */
export function onDataCatalog(ctx: OperationContext, action: string, name: string, context?: AuthorizationRequest['context']): AuthorizationRequest[] {
  const acct = ctx.principal.accountId;
  return [{ action, resource: athenaArn.dataCatalog(ctx.region, acct, name), resourceAccount: acct, ...(context ? { context } : {}) }];
}

/** Actions the reference lists without a resource type (ListWorkGroups): asked on `*`. */
export function onAnyResource(action: string): AuthorizationRequest[] {
  return [{ action, resource: '*' }];
}

/**
 * One page of an ordered list. Tokens are opaque (base64 of the operation, a scope such as the
 * work group, and the next position); one not issued for this operation and scope is refused
 * with InvalidRequestException.
 */
export function paginate<T>(operation: string, scope: string, all: readonly T[], token: string | undefined, size: number | undefined, defaultSize: number): { items: T[]; NextToken?: string } {
  const prefix = `sagelite:athena:${operation}:${scope}:`;
  let start = 0;
  if (token !== undefined) {
    const text = Buffer.from(token, 'base64').toString('utf8');
    start = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
    if (!Number.isSafeInteger(start) || start < 0) throw invalidRequest('The specified NextToken is invalid.');
  }
  const items = all.slice(start, start + (size === undefined || size === 0 ? defaultSize : size));
  const next = start + items.length;
  return next < all.length ? { items, NextToken: Buffer.from(`${prefix}${next}`, 'utf8').toString('base64') } : { items };
}
