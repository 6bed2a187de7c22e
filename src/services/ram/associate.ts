import type { ResourceShareDocument, ShareAssociation } from '../../storage/ram.js';
import { ramArn } from './arns.js';
import { invalidParameter, ORGANIZATION_ONLY, shareLimitExceeded } from './errors.js';
import { MAX_PRINCIPALS_PER_SHARE, MAX_RESOURCES_PER_SHARE } from './limits.js';
import { canonicalResourceArn, managedPermission, MANAGED_PERMISSIONS } from './managed-permissions.js';
import { association, sharedTypes } from './share-model.js';

/**
 * Adding resources and principals to a share (CreateResourceShare and AssociateResourceShare):
 * a resource is associated at once; a principal is ASSOCIATING, with a new invitation, until it
 * accepts. An entity already associated (or being associated) stays as it is. Edits `doc`.
 */
export function associate(doc: ResourceShareDocument, resources: readonly string[], principals: readonly string[], now: number): ShareAssociation[] {
  if (principals.length > 0 && !doc.allowExternalPrincipals) throw invalidParameter(ORGANIZATION_ONLY);
  const touched: ShareAssociation[] = [];
  const add = (type: ShareAssociation['type'], entity: string): ShareAssociation => {
    const existing = association(doc, type, entity);
    if (existing && existing.status !== 'DISASSOCIATED') return existing;
    const fresh: ShareAssociation = {
      type, entity, status: type === 'RESOURCE' ? 'ASSOCIATED' : 'ASSOCIATING', external: type === 'PRINCIPAL',
      createdAt: existing?.createdAt ?? now, updatedAt: now,
    };
    doc.associations = existing ? doc.associations.map((a) => (a === existing ? fresh : a)) : [...doc.associations, fresh];
    if (type === 'PRINCIPAL') doc.invitations.push({ arn: ramArn.invitation(doc.region, doc.ownerAccountId), receiverAccountId: entity, status: 'PENDING', createdAt: now });
    return fresh;
  };
  for (const r of resources) touched.push(add('RESOURCE', r));
  for (const p of principals) touched.push(add('PRINCIPAL', p));
  const count = (type: ShareAssociation['type']) => doc.associations.filter((a) => a.type === type).length;
  if (count('RESOURCE') > MAX_RESOURCES_PER_SHARE) throw shareLimitExceeded(`A resource share can have at most ${MAX_RESOURCES_PER_SHARE} resources.`);
  if (count('PRINCIPAL') > MAX_PRINCIPALS_PER_SHARE) throw shareLimitExceeded(`A resource share can have at most ${MAX_PRINCIPALS_PER_SHARE} principals.`);
  addDefaultPermissions(doc, now);
  return touched;
}

/** Every resource type the share holds gets that type's default permission unless it has one. */
function addDefaultPermissions(doc: ResourceShareDocument, now: number): void {
  for (const type of sharedTypes(doc)) {
    if (doc.permissions.some((p) => p.resourceType === type)) continue;
    const p = MANAGED_PERMISSIONS.find((m) => m.resourceType === type && m.isResourceTypeDefault)!;
    doc.permissions.push({ arn: p.arn, version: '1', resourceType: type, createdAt: now, updatedAt: now });
  }
}

/** The permissions a CreateResourceShare names, at most one per resource type; each must be a managed permission. */
export function namedPermissions(arns: readonly string[], now: number): ResourceShareDocument['permissions'] {
  const out: ResourceShareDocument['permissions'] = [];
  for (const arn of arns) {
    const p = managedPermission(arn);
    if (!p) throw invalidParameter(`Permission ${arn} could not be found, or does not apply to a resource type sagelite's RAM shares.`);
    if (out.some((x) => x.resourceType === p.resourceType)) throw invalidParameter(`More than one permission was given for resource type ${p.resourceType}: a resource share has one permission per resource type.`);
    out.push({ arn: p.arn, version: '1', resourceType: p.resourceType, createdAt: now, updatedAt: now });
  }
  return out;
}

/** Removes resources and principals; each must be associated. A principal's pending invitation lapses. Edits `doc`. */
export function disassociate(doc: ResourceShareDocument, resources: readonly string[], principals: readonly string[], now: number): ShareAssociation[] {
  const out: ShareAssociation[] = [];
  const drop = (type: ShareAssociation['type'], entity: string) => {
    const a = association(doc, type, entity);
    if (!a || a.status === 'DISASSOCIATED') throw invalidParameter(`${entity} is not associated with resource share ${doc.arn}.`);
    const gone: ShareAssociation = { ...a, status: 'DISASSOCIATED', updatedAt: now };
    delete gone.statusMessage;
    doc.associations = doc.associations.map((x) => (x === a ? gone : x));
    if (type === 'PRINCIPAL') doc.invitations = doc.invitations.map((i) => (i.receiverAccountId === entity && i.status === 'PENDING' ? { ...i, status: 'EXPIRED' } : i));
    out.push(gone);
  };
  for (const r of resources) drop('RESOURCE', canonicalResourceArn(r));
  for (const p of principals) drop('PRINCIPAL', p);
  return out;
}
