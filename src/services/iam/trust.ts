import { parseArn } from '../../core/arn.js';
import type { IamReader, IamRole, IamStore } from '../../storage/iam.js';
import { malformedPolicyDocument } from './errors.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The user or role an IAM principal ARN names, split into account, kind, path and name. */
function namedEntity(value: string): { account: string; kind: 'user' | 'role'; path: string; name: string } | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== 'iam') return undefined;
  const m = /^(user|role)(\/(?:.*\/)?)([^/]+)$/.exec(arn.resource);
  return m ? { account: arn.account, kind: m[1] as 'user' | 'role', path: m[2]!, name: m[3]! } : undefined;
}

/** Current unique id and ARN of the user/role an ARN names, if it exists with that path. */
function resolve(iam: IamReader, value: string): { id: string; arn: string } | undefined {
  const e = namedEntity(value);
  if (!e) return undefined;
  if (e.kind === 'user') {
    const u = iam.getUser(e.account, e.name);
    return u && u.path === e.path ? { id: u.userId, arn: u.arn } : undefined;
  }
  const r = iam.getRole(e.account, e.name);
  return r && r.path === e.path ? { id: r.roleId, arn: r.arn } : undefined;
}

/** Every `"AWS"` principal value of the document's Principal and NotPrincipal elements. */
function awsPrincipals(doc: Json): string[] {
  const out: string[] = [];
  const statements = doc && typeof doc === 'object' && !Array.isArray(doc) ? doc['Statement'] : undefined;
  for (const st of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    if (!st || typeof st !== 'object' || Array.isArray(st)) continue;
    for (const key of ['Principal', 'NotPrincipal']) {
      const p = st[key];
      if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
      const aws = p['AWS'];
      for (const v of Array.isArray(aws) ? aws : [aws]) if (typeof v === 'string') out.push(v);
    }
  }
  return out;
}

/**
 * Checks that every user and role a (valid) trust policy names exists in sagelite, and binds each
 * ARN to the entity's unique id, as IAM does when it stores a trust policy: a user or role deleted
 * and created again under the same name is a different principal. Account ids, `:root` ARNs,
 * session ARNs and `*` are not bound.
 *
 * @throws MalformedPolicyDocument `Invalid principal in policy: "AWS":"<arn>"` for a missing entity.
 */
export function bindTrustPrincipals(iam: IamReader, document: string): Record<string, string> {
  const bindings: Record<string, string> = {};
  for (const value of awsPrincipals(JSON.parse(document) as Json)) {
    if (!namedEntity(value)) continue;
    const found = resolve(iam, value);
    if (!found) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${value}"`);
    bindings[value] = found.id;
  }
  return bindings;
}

function rewritePrincipals(doc: Json, replace: (v: string) => string): void {
  const statements = doc && typeof doc === 'object' && !Array.isArray(doc) ? doc['Statement'] : undefined;
  for (const st of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    if (!st || typeof st !== 'object' || Array.isArray(st)) continue;
    for (const key of ['Principal', 'NotPrincipal']) {
      const p = st[key];
      if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
      const aws = p['AWS'];
      if (typeof aws === 'string') p['AWS'] = replace(aws);
      else if (Array.isArray(aws)) p['AWS'] = aws.map((v) => (typeof v === 'string' ? replace(v) : v));
    }
  }
}

/**
 * The trust policy as IAM shows it now: a bound principal whose entity was renamed shows its
 * current ARN; one whose entity is gone (even if re-created under the same name) shows the unique
 * id it was bound to. Unchanged documents are returned exactly as stored.
 */
export function displayedTrustPolicy(iam: IamReader, role: IamRole): string {
  const shown = new Map<string, string>();
  for (const [arn, id] of Object.entries(role.trustPrincipalBindings)) {
    if (resolve(iam, arn)?.id === id) continue;
    const current = id.startsWith('AIDA') ? iam.getUserById(id)?.arn : iam.getRoleById(id)?.arn;
    shown.set(arn, current ?? id);
  }
  if (shown.size === 0) return role.assumeRolePolicyDocument;
  const doc = JSON.parse(role.assumeRolePolicyDocument) as Json;
  rewritePrincipals(doc, (v) => shown.get(v) ?? v);
  return JSON.stringify(doc);
}

/**
 * After a user is renamed or moved, the trust policies that name it show its new ARN (IAM keeps
 * the unique id and shows the entity's current ARN): rewrite them and their bindings.
 */
export function followRenamedPrincipal(iam: IamStore, uniqueId: string, newArn: string): void {
  for (const role of iam.rolesTrusting(uniqueId)) {
    const renamed = new Map<string, string>();
    const bindings: Record<string, string> = {};
    for (const [arn, id] of Object.entries(role.trustPrincipalBindings)) {
      if (id === uniqueId && arn !== newArn) renamed.set(arn, newArn);
      bindings[id === uniqueId ? newArn : arn] = id;
    }
    if (renamed.size === 0) continue;
    const doc = JSON.parse(role.assumeRolePolicyDocument) as Json;
    rewritePrincipals(doc, (v) => renamed.get(v) ?? v);
    iam.updateAssumeRolePolicy(role.roleId, JSON.stringify(doc), bindings);
  }
}
