import type { IamReader, IamRole, IamStore } from '../../storage/iam.js';
import { malformedPolicyDocument } from './errors.js';
import { bindPrincipals, displayedPolicy, rewritePrincipals, type Json } from './principal-bindings.js';

/**
 * Checks that every user and role a (valid) trust policy names exists in sagelite, and binds each
 * ARN to the entity's unique id, as IAM does when it stores a trust policy: a user or role deleted
 * and created again under the same name is a different principal. Account ids, `:root` ARNs,
 * session ARNs and `*` are not bound.
 *
 * @throws MalformedPolicyDocument `Invalid principal in policy: "AWS":"<arn>"` for a missing entity.
 */
export function bindTrustPrincipals(iam: IamReader, document: string): Promise<Record<string, string>> {
  return bindPrincipals(iam, document, (value) => malformedPolicyDocument(`Invalid principal in policy: "AWS":"${value}"`));
}

/**
 * The trust policy as IAM shows it now: a bound principal whose entity was renamed shows its
 * current ARN; one whose entity is gone (even if re-created under the same name) shows the unique
 * id it was bound to. Unchanged documents are returned exactly as stored.
 */
export function displayedTrustPolicy(iam: IamReader, role: IamRole): Promise<string> {
  return displayedPolicy(iam, role.assumeRolePolicyDocument, role.trustPrincipalBindings);
}

/**
 * After a user is renamed or moved, the trust policies that name it show its new ARN (IAM keeps
 * the unique id and shows the entity's current ARN): rewrite them and their bindings.
 */
export async function followRenamedPrincipal(iam: IamStore, uniqueId: string, newArn: string): Promise<void> {
  for (const role of await iam.rolesTrusting(uniqueId)) {
    const renamed = new Map<string, string>();
    const bindings: Record<string, string> = {};
    for (const [arn, id] of Object.entries(role.trustPrincipalBindings)) {
      if (id === uniqueId && arn !== newArn) renamed.set(arn, newArn);
      bindings[id === uniqueId ? newArn : arn] = id;
    }
    if (renamed.size === 0) continue;
    const doc = JSON.parse(role.assumeRolePolicyDocument) as Json;
    rewritePrincipals(doc, (v) => renamed.get(v) ?? v);
    await iam.updateAssumeRolePolicy(role.roleId, JSON.stringify(doc), bindings);
  }
}
