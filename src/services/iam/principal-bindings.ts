/**
 * Binding the user and role ARNs a stored resource-based policy names (a role's trust policy, a
 * bucket policy) to the entities' unique ids, as AWS does when it saves such a policy: the ARN is
 * transformed to the AIDA…/AROA… id, so a user or role deleted and created again under the same
 * name is a different principal and does not match; the policy then shows the old id where the
 * ARN was, because the id no longer maps back to an ARN. (IAM User Guide, "AWS JSON policy
 * elements: Principal", IAM role and IAM user principals; AWS Knowledge Center
 * "iam-resource-policy-format".)
 *
 * sagelite keeps the document as sent and stores the bindings (ARN → unique id) beside it; the
 * policy engine honours them (src/auth/policy/principal-match.ts). Account ids, `:root` ARNs,
 * session ARNs and `*` are not bound: AWS binds only user and role ARNs.
 */
import { parseArn } from '../../core/arn.js';
import type { IamReader } from '../../storage/iam.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Principal ARN → unique id, bound when the policy was stored. */
export type PrincipalBindings = Record<string, string>;

/** The user or role an IAM principal ARN names, split into account, kind, path and name. */
export function namedEntity(value: string): { account: string; kind: 'user' | 'role'; path: string; name: string } | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== 'iam') return undefined;
  const m = /^(user|role)(\/(?:.*\/)?)([^/]+)$/.exec(arn.resource);
  return m ? { account: arn.account, kind: m[1] as 'user' | 'role', path: m[2]!, name: m[3]! } : undefined;
}

/** Current unique id and ARN of the user/role an ARN names, if it exists with that path. */
export async function resolvePrincipal(iam: IamReader, value: string): Promise<{ id: string; arn: string } | undefined> {
  const e = namedEntity(value);
  if (!e) return undefined;
  if (e.kind === 'user') {
    const u = await iam.getUser(e.account, e.name);
    return u && u.path === e.path ? { id: u.userId, arn: u.arn } : undefined;
  }
  const r = await iam.getRole(e.account, e.name);
  return r && r.path === e.path ? { id: r.roleId, arn: r.arn } : undefined;
}

function statementsOf(doc: Json): Json[] {
  const statements = doc && typeof doc === 'object' && !Array.isArray(doc) ? doc['Statement'] : undefined;
  return Array.isArray(statements) ? statements : statements ? [statements] : [];
}

/** Every `"AWS"` principal value of the document's Principal and NotPrincipal elements. */
export function awsPrincipals(doc: Json): string[] {
  const out: string[] = [];
  for (const st of statementsOf(doc)) {
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

/** Replaces, in place, each `"AWS"` principal value of Principal and NotPrincipal. */
export function rewritePrincipals(doc: Json, replace: (v: string) => string): void {
  for (const st of statementsOf(doc)) {
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
 * Binds each user/role ARN of a (valid, parsed-once) policy document to the unique id of the
 * entity it names now, in any account of this server.
 *
 * @param missing the error for an ARN naming no entity (each service words its own).
 */
export async function bindPrincipals(iam: IamReader, document: string, missing: (value: string) => Error): Promise<PrincipalBindings> {
  const bindings: PrincipalBindings = {};
  // One at a time, in document order: the first ARN naming no entity is the one reported.
  for (const value of awsPrincipals(JSON.parse(document) as Json)) {
    if (!namedEntity(value)) continue;
    const found = await resolvePrincipal(iam, value);
    if (!found) throw missing(value);
    bindings[value] = found.id;
  }
  return bindings;
}

/**
 * The policy as AWS shows it now: a bound principal whose entity was renamed or moved shows its
 * current ARN; one whose entity is gone (even if re-created under the same name) shows the unique
 * id it was bound to. A document with no such principal is returned exactly as stored.
 */
export async function displayedPolicy(iam: IamReader, document: string, bindings: Readonly<PrincipalBindings>): Promise<string> {
  const shown = new Map<string, string>();
  for (const [arn, id] of Object.entries(bindings)) {
    if ((await resolvePrincipal(iam, arn))?.id === id) continue;
    const current = id.startsWith('AIDA') ? (await iam.getUserById(id))?.arn : (await iam.getRoleById(id))?.arn;
    shown.set(arn, current ?? id);
  }
  if (shown.size === 0) return document;
  const doc = JSON.parse(document) as Json;
  rewritePrincipals(doc, (v) => shown.get(v) ?? v);
  return JSON.stringify(doc);
}
