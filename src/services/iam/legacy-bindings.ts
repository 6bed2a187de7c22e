/**
 * Binds the principals of policies stored before principals were bound (schema step 10): AWS binds
 * an ARN to its entity's unique id when the policy is saved; a policy sagelite stored earlier has
 * its users and roles by ARN only, so a user deleted and re-created under the same name would
 * still match it. At start-up such a principal is bound to the entity that has the ARN now, as
 * if the policy were saved then. Idempotent: a policy whose principals are all bound (every policy
 * saved since step 10) is left alone. An ARN that names no entity now stays unbound: it matches
 * no one until an entity with that ARN exists, as before.
 */
import type { AccountStore } from '../../storage/accounts.js';
import type { IamStore } from '../../storage/iam.js';
import type { BucketStore } from '../../storage/s3.js';
import { awsPrincipals, namedEntity, resolvePrincipal, type Json, type PrincipalBindings } from './principal-bindings.js';

/** `bindings` plus a binding for each named user or role of `document` it lacks and that exists; undefined when nothing is added. */
async function completed(iam: IamStore, document: string, bindings: Readonly<PrincipalBindings>): Promise<PrincipalBindings | undefined> {
  let doc: Json;
  try {
    doc = JSON.parse(document) as Json;
  } catch {
    return undefined;
  }
  const added: PrincipalBindings = {};
  for (const value of awsPrincipals(doc)) {
    if (value in bindings || value in added || !namedEntity(value)) continue;
    const found = await resolvePrincipal(iam, value);
    if (found) added[value] = found.id;
  }
  return Object.keys(added).length > 0 ? { ...bindings, ...added } : undefined;
}

/**
 * @example
 * await bindLegacyPrincipals({ accounts, iam, s3Buckets }); // { bucketPolicies: 1, trustPolicies: 0 }
 */
export async function bindLegacyPrincipals(state: { accounts: AccountStore; iam: IamStore; s3Buckets: BucketStore }): Promise<{ bucketPolicies: number; trustPolicies: number }> {
  let bucketPolicies = 0;
  let trustPolicies = 0;
  for (const account of await state.accounts.listAccounts()) {
    for (const bucket of await state.s3Buckets.listBuckets(account.accountId)) {
      if (bucket.policy === undefined) continue;
      const bindings = await completed(state.iam, bucket.policy, bucket.policyPrincipalBindings ?? {});
      if (!bindings) continue;
      await state.s3Buckets.setPolicy(bucket.name, { document: bucket.policy, principalBindings: bindings });
      bucketPolicies++;
    }
    for (const role of await state.iam.listRoles(account.accountId)) {
      const bindings = await completed(state.iam, role.assumeRolePolicyDocument, role.trustPrincipalBindings);
      if (!bindings) continue;
      await state.iam.updateAssumeRolePolicy(role.roleId, role.assumeRolePolicyDocument, bindings);
      trustPolicies++;
    }
  }
  return { bucketPolicies, trustPolicies };
}
