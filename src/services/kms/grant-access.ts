import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue, GrantEntry } from '../../auth/policy/index.js';
import type { KmsGrant } from '../../storage/kms.js';
import { resolvePrincipal } from '../iam/principal-bindings.js';
import type { OperationContext } from '../operation.js';
import type { EncryptionContext } from './ciphertext.js';
import { invalidPrincipalArn } from './errors.js';
import { constraintVerdict } from './grant-model.js';
import { onKey, resolveKey, type ResolvedKey } from './key-access.js';

/**
 * Grants in authorization: the grants on a key that name the caller are judged against the
 * request (their operations and constraints) and go to the policy engine beside the key policy,
 * so that a grant allows as the key policy naming the caller would, and `sagelite explain` shows
 * every grant considered and why it did or did not allow.
 */

const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/;
const ENTITY = /^arn:aws:iam::(\d{12}):(user|role)\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]+$/;
const SESSION = /^arn:aws:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;

/** The account of a principal ARN a grant may name (an account's root, a user, a role, a role session); InvalidArnException otherwise. */
export function principalAccount(value: string): string {
  const m = ACCOUNT_ROOT.exec(value) ?? ENTITY.exec(value) ?? SESSION.exec(value);
  if (!m) throw invalidPrincipalArn(value);
  return m[1]!;
}

/**
 * Checks that the principal exists and binds a user or role ARN (and a role session's ARN) to
 * the entity's unique id, as KMS does: a user or role deleted and made again under the same name
 * is another principal, which the grant does not name. An account must be one of this server's.
 */
export async function bindGrantPrincipal(ctx: OperationContext, value: string): Promise<Record<string, string>> {
  const account = principalAccount(value);
  const root = ACCOUNT_ROOT.exec(value);
  if (root) {
    if (!(await ctx.state.accounts.getAccount(account))) throw invalidPrincipalArn(value);
    return {};
  }
  const session = SESSION.exec(value);
  if (session) {
    const role = await ctx.state.iam.getRole(account, session[2]!);
    if (!role) throw invalidPrincipalArn(value);
    return { [value]: role.roleId };
  }
  const found = await resolvePrincipal(ctx.state.iam, value);
  if (!found) throw invalidPrincipalArn(value);
  return { [value]: found.id };
}

/** The principal ARNs a grant naming the caller can hold: its own ARN, its role's, its account's root. */
export function callerNames(ctx: OperationContext): string[] {
  const p = ctx.principal;
  if (p.kind !== 'root' && p.kind !== 'user' && p.kind !== 'assumed-role') return [];
  const names = [p.arn, `arn:aws:iam::${p.accountId}:root`];
  if (p.session) names.push(p.session.roleArn);
  return [...new Set(names)];
}

/** How one grant judges a request: whether it permits it, and the words why. */
export type GrantJudge = (grant: KmsGrant) => { permits: boolean; reason: string };

/**
 * A request's use of the key (kms:<operation>): the grant must allow the operation, and its
 * encryption context constraint must hold for the request's context where the operation takes one.
 */
export function judgeUse(operation: string, context?: EncryptionContext): GrantJudge {
  return (g) => {
    if (!g.operations.includes(operation)) return { permits: false, reason: `grant allows ${JSON.stringify(g.operations)}, not ${operation}` };
    const verdict = constraintVerdict(g, operation, context);
    return { permits: verdict.met, reason: `grant allows ${operation}${verdict.reason ? `; ${verdict.reason}` : ''}` };
  };
}

/** Adds to a request on a key the grants on it that name the caller, as `judge` finds them. */
export async function withGrants(ctx: OperationContext, request: AuthorizationRequest, key: ResolvedKey, judge: GrantJudge): Promise<AuthorizationRequest> {
  if (!key.doc) return request;
  const grants = await ctx.state.kms.grantsFor(key.ref.accountId, ctx.region, key.doc.keyId, callerNames(ctx));
  const entries: GrantEntry[] = grants.map((g) => ({ id: g.grantId, principal: g.granteePrincipal, principalBindings: g.principalBindings, ...judge(g) }));
  return { ...request, grants: { name: `grants on ${key.arn} naming the caller`, grants: entries } };
}

/**
 * kms:<operation> on the key a KeyId names — by another account too — decided by its key policy,
 * the grants naming the caller, and the caller's own policies.
 */
export async function grantedKeyAuthorization(ctx: OperationContext, operation: string, keyId: string, opts: { context?: EncryptionContext; extra?: Record<string, ContextValue> } = {}): Promise<AuthorizationRequest[]> {
  const key = await resolveKey(ctx, keyId);
  return [await withGrants(ctx, onKey(ctx, `kms:${operation}`, key, opts.extra), key, judgeUse(operation, opts.context))];
}
