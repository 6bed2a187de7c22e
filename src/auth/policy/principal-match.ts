/**
 * Principal / NotPrincipal matching.
 * - An account id and `arn:aws:iam::A:root` are the same: they match every principal of account A
 *   (root, users, role sessions), as a delegation to that account.
 * - A role ARN (with its path) matches the role's sessions; a session ARN
 *   (`arn:aws:sts::A:assumed-role/R/S`, never pathed) matches that session only.
 * - A user ARN matches that user. `"*"` matches everyone, anonymous callers included.
 * - Service principals match a service caller by name (case-insensitive).
 * - principalBindings: when the stored policy bound an ARN to a unique id, the ARN matches only
 *   a principal with that unique id (AWS resolves user/role ARNs to ids when storing).
 */
import type { PrincipalAst } from './ast.js';
import type { EvalPrincipal } from './types.js';

/** How a principal was named, strongest first for same-account rules. */
export type PrincipalMatch = 'everyone' | 'user' | 'session' | 'service' | 'role' | 'account' | 'none';

type ArnKind = 'user' | 'role' | 'session' | 'federated';

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlyMap<string, ArnKind>;
  readonly uniqueIds: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** The values as written, for explanations. */
  readonly listed: readonly string[];
}

const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/;

/** @example compilePrincipal({ everyone: false, aws: ['111122223333'], service: [], federated: [], canonicalUser: [] }) */
export function compilePrincipal(ast: PrincipalAst): CompiledPrincipal {
  const accounts = new Set<string>();
  const arns = new Map<string, ArnKind>();
  const uniqueIds = new Set<string>();
  for (const v of ast.aws) {
    if (v === '*') continue;
    const root = ACCOUNT_ROOT.exec(v);
    if (/^\d{12}$/.test(v)) accounts.add(v);
    else if (root) accounts.add(root[1]!);
    else if (v.startsWith('arn:aws:iam::')) arns.set(v, v.includes(':user/') ? 'user' : 'role');
    else if (v.startsWith('arn:aws:sts::')) arns.set(v, v.includes(':assumed-role/') ? 'session' : 'federated');
    else uniqueIds.add(v);
  }
  return {
    everyone: ast.everyone,
    accounts,
    arns,
    uniqueIds,
    services: new Set(ast.service.map((s) => s.toLowerCase())),
    listed: [
      ...(ast.everyone && ast.aws.length === 0 ? ['*'] : []),
      ...ast.aws,
      ...ast.service,
      ...ast.federated.map((f) => `Federated:${f}`),
      ...ast.canonicalUser.map((c) => `CanonicalUser:${c}`),
    ],
  };
}

type Bindings = Readonly<Record<string, string>> | undefined;

function namesArn(p: CompiledPrincipal, arn: string | undefined, kind: ArnKind, uniqueId: string | undefined, bindings: Bindings): boolean {
  if (arn === undefined || p.arns.get(arn) !== kind) return false;
  const bound = bindings && Object.hasOwn(bindings, arn) ? bindings[arn] : undefined;
  return bound === undefined || bound === uniqueId;
}

/**
 * The strongest way the element names the caller: 'everyone' / 'user' / 'session' / 'service'
 * (named directly), 'role' (the caller is a session of a named role), 'account', or 'none'.
 *
 * @example matchPrincipal(p, { kind: 'user', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice' }, undefined)
 */
export function matchPrincipal(p: CompiledPrincipal, caller: EvalPrincipal, bindings: Bindings): PrincipalMatch {
  if (p.everyone) return 'everyone';
  switch (caller.kind) {
    case 'anonymous':
      return 'none';
    case 'service':
      return caller.serviceName !== undefined && p.services.has(caller.serviceName.toLowerCase()) ? 'service' : 'none';
    case 'user':
      if (namesArn(p, caller.arn, 'user', caller.uniqueId, bindings)) return 'user';
      if (caller.uniqueId !== undefined && p.uniqueIds.has(caller.uniqueId)) return 'user';
      break;
    case 'assumed-role':
      if (namesArn(p, caller.arn, 'session', caller.uniqueId, bindings)) return 'session';
      if (namesArn(p, caller.roleArn, 'role', caller.uniqueId, bindings)) return 'role';
      if (caller.uniqueId !== undefined && p.uniqueIds.has(caller.uniqueId)) return 'role';
      break;
    case 'root':
      break;
  }
  return p.accounts.has(caller.accountId) ? 'account' : 'none';
}

/**
 * NotPrincipal: the caller escapes the statement only when every link of its identity chain is
 * listed — for a role session its session ARN, role ARN and account; for a user its ARN and
 * account; for root its account. That is why AWS's docs tell you to list all three: a
 * NotPrincipal naming only the session still applies to that session.
 */
export function notPrincipalExcludes(p: CompiledPrincipal, caller: EvalPrincipal, bindings: Bindings): boolean {
  if (p.everyone) return true;
  const account = p.accounts.has(caller.accountId);
  switch (caller.kind) {
    case 'anonymous':
      return false;
    case 'service':
      return caller.serviceName !== undefined && p.services.has(caller.serviceName.toLowerCase());
    case 'root':
      return account;
    case 'user':
      return account && namesArn(p, caller.arn, 'user', caller.uniqueId, bindings);
    case 'assumed-role':
      return account && namesArn(p, caller.arn, 'session', caller.uniqueId, bindings) && namesArn(p, caller.roleArn, 'role', caller.uniqueId, bindings);
  }
}
