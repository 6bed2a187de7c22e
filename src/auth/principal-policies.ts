import type { Principal } from '../core/principal.js';
import type { IamReader } from '../storage/iam.js';
import { compilePolicy } from './policy/index.js';
import type { EvalPrincipal, NamedPolicy } from './policy/types.js';

/** Root may do anything in its own account (as in AWS); the engine sees that as an identity Allow. */
const ROOT_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** A session policy that allows nothing (its statement can never apply). */
const NOTHING_ALLOWED = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: '*', Resource: '*' }] });

/** The identity side of a principal: its identity policies, boundary and session policies, compiled. */
export interface PrincipalPolicies {
  identity: NamedPolicy[];
  boundary?: NamedPolicy;
  session?: NamedPolicy[];
  /** Tags on the user or role, overridden by session tags (keys compared case-insensitively). */
  principalTags: Record<string, string>;
  /**
   * A role session whose role (by unique id) no longer exists: deleted, or deleted and
   * recreated under the same name with a new id. Such a session is allowed nothing.
   */
  roleDeleted?: true;
}

function named(name: string, document: string, kind: 'identity' | 'boundary' | 'session'): NamedPolicy {
  return { name, policy: compilePolicy(document, kind) };
}

/** The principal as the engine sees it. */
export function evalPrincipal(p: Principal): EvalPrincipal {
  switch (p.kind) {
    case 'user':
      return { kind: 'user', accountId: p.accountId, arn: p.arn, uniqueId: p.user!.userId };
    case 'assumed-role':
      return { kind: 'assumed-role', accountId: p.accountId, arn: p.arn, roleArn: p.session!.roleArn, uniqueId: p.session!.roleId };
    case 'service':
      return { kind: 'service', accountId: '', arn: p.arn, serviceName: p.serviceName! };
    case 'anonymous':
      return { kind: 'anonymous', accountId: '', arn: p.arn };
    default:
      return { kind: 'root', accountId: p.accountId, arn: p.arn };
  }
}

/** A root user's policies: they depend on nothing IAM stores. */
export function rootPolicies(accountId: string): PrincipalPolicies {
  return { identity: [named(`root user of account ${accountId} (all actions in its own account)`, ROOT_POLICY, 'identity')], principalTags: {} };
}

/**
 * Reads and compiles everything that bounds a principal's own permissions. Documents compile
 * through the engine's cache, so a policy used by many requests is parsed once.
 */
export async function principalPolicies(p: Principal, iam: IamReader): Promise<PrincipalPolicies> {
  if (p.kind === 'root') return rootPolicies(p.accountId);
  if (p.kind === 'user') {
    const user = await iam.getUserById(p.user!.userId);
    const eff = user ? await iam.effectivePoliciesForUser(user.accountId, user.userName) : { identity: [] };
    return {
      identity: eff.identity.map((d) => named(d.name, d.document, 'identity')),
      ...(eff.boundary ? { boundary: named(eff.boundary.name, eff.boundary.document, 'boundary') } : {}),
      principalTags: Object.fromEntries((user?.tags ?? []).map((t) => [t.Key, t.Value])),
    };
  }
  if (p.kind === 'assumed-role') return sessionPolicies(p, iam);
  return { identity: [], principalTags: {} };
}

async function sessionPolicies(p: Principal, iam: IamReader): Promise<PrincipalPolicies> {
  const s = p.session!;
  const role = await iam.getRoleById(s.roleId);
  const eff = role ? await iam.effectivePoliciesForRole(role.accountId, role.roleName) : { identity: [] };
  const session: NamedPolicy[] = [];
  if (s.policy !== undefined) session.push(named(`inline session policy of ${p.arn}`, s.policy, 'session'));
  for (const arn of s.policyArns) {
    const policy = await iam.getPolicy(arn);
    const version = policy && (await iam.getPolicyVersion(arn, policy.defaultVersionId));
    // A managed session policy deleted after AssumeRole grants nothing.
    if (version) session.push(named(`managed session policy ${arn}`, version.document, 'session'));
  }
  // The engine reads an empty list as "no session policies" (everything the role allows); a
  // session whose only session policies were deleted must instead be allowed nothing.
  if (s.policy === undefined && s.policyArns.length > 0 && session.length === 0) {
    session.push(named(`managed session policies of ${p.arn} (all deleted)`, NOTHING_ALLOWED, 'session'));
  }
  const tags: Record<string, string> = {};
  for (const t of role?.tags ?? []) tags[t.Key] = t.Value;
  for (const t of s.tags) {
    for (const k of Object.keys(tags)) if (k.toLowerCase() === t.Key.toLowerCase()) delete tags[k];
    tags[t.Key] = t.Value;
  }
  const hasSessionPolicies = s.policy !== undefined || s.policyArns.length > 0;
  return {
    identity: eff.identity.map((d) => named(d.name, d.document, 'identity')),
    ...(eff.boundary ? { boundary: named(eff.boundary.name, eff.boundary.document, 'boundary') } : {}),
    ...(hasSessionPolicies ? { session } : {}),
    principalTags: tags,
    ...(role ? {} : { roleDeleted: true as const }),
  };
}
