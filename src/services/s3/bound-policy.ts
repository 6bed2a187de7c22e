/**
 * The bucket policy the authorizer reads for one caller, with the principal bindings saved beside
 * it (ARN → unique id, see services/iam/principal-bindings.ts).
 *
 * The policy engine matches a bound ARN only for the principal with that unique id, so a user or
 * role deleted and re-created under the same name no longer matches: nothing to do here for that.
 * The one case the stored text cannot express is a user renamed or moved (UpdateUser) after the
 * policy was saved: AWS keeps the id and the user still matches, under its new ARN. Only the
 * caller's own match decides its request, so that case is resolved for the caller alone, from the
 * bindings in memory (no IAM lookup per request): the ARN(s) bound to the caller's id become its
 * current ARN, and an occurrence of its current ARN bound to another (older) entity becomes that
 * entity's id, which matches nobody — the same rewrite GetBucketPolicy shows.
 */
import type { Principal } from '../../core/principal.js';
import { rewritePrincipals, type Json } from '../iam/principal-bindings.js';

export interface BoundPolicy {
  document: string;
  principalBindings: Readonly<Record<string, string>>;
}

export function boundPolicyForCaller(caller: Principal, document: string, bindings: Readonly<Record<string, string>>): BoundPolicy {
  // Roles cannot be renamed or moved, and session ARNs are not bound: only users can need this.
  const id = caller.kind === 'user' ? caller.user?.userId : undefined;
  if (id === undefined) return { document, principalBindings: bindings };
  const current = caller.arn;
  const renamed = Object.keys(bindings).filter((arn) => bindings[arn] === id && arn !== current);
  if (renamed.length === 0) return { document, principalBindings: bindings };
  const shown = new Map<string, string>(renamed.map((arn) => [arn, current]));
  const next: Record<string, string> = { ...bindings };
  for (const arn of renamed) delete next[arn];
  const older = bindings[current];
  if (older !== undefined && older !== id) {
    shown.set(current, older);
    delete next[current];
  }
  next[current] = id;
  const doc = JSON.parse(document) as Json;
  rewritePrincipals(doc, (v) => shown.get(v) ?? v);
  return { document: JSON.stringify(doc), principalBindings: next };
}
