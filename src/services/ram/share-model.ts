import type { ResourceShareDocument, ShareAssociation, ShareInvitation } from '../../storage/ram.js';
import { INVITATION_LIFETIME_MS } from './limits.js';
import { managedPermission, shareableResource } from './managed-permissions.js';

/**
 * What RAM's state machine decides about one share, as pure functions of its document and the
 * time. sagelite settles what AWS does asynchronously at once: a resource is ASSOCIATED as soon
 * as it is added, a principal ASSOCIATING until its invitation is accepted (docs/DECISIONS.md).
 */

/** The invitation's status at `now`: a pending one past its lifetime has expired. */
export function invitationStatus(inv: ShareInvitation, now: number): ShareInvitation['status'] {
  return inv.status === 'PENDING' && now - inv.createdAt >= INVITATION_LIFETIME_MS ? 'EXPIRED' : inv.status;
}

/**
 * The document as it stands at `now`: invitations past their lifetime expired, and the
 * principals they invited disassociated. Pure: the document given is not changed.
 */
export function settle(doc: ResourceShareDocument, now: number): ResourceShareDocument {
  const expired = doc.invitations.filter((i) => i.status === 'PENDING' && invitationStatus(i, now) === 'EXPIRED');
  if (expired.length === 0) return doc;
  const gone = new Set(expired.map((i) => i.receiverAccountId));
  const at = (i: ShareInvitation) => i.createdAt + INVITATION_LIFETIME_MS;
  return {
    ...doc,
    invitations: doc.invitations.map((i) => (expired.includes(i) ? { ...i, status: 'EXPIRED' } : i)),
    associations: doc.associations.map((a) =>
      a.type === 'PRINCIPAL' && a.status === 'ASSOCIATING' && gone.has(a.entity)
        ? { ...a, status: 'DISASSOCIATED', statusMessage: 'The invitation expired before it was accepted.', updatedAt: at(expired.find((i) => i.receiverAccountId === a.entity)!) }
        : a,
    ),
  };
}

export function association(doc: ResourceShareDocument, type: ShareAssociation['type'], entity: string): ShareAssociation | undefined {
  return doc.associations.find((a) => a.type === type && a.entity === entity);
}

/** Whether `accountId` has accepted the share and still is one of its principals. */
export function isConsumer(doc: ResourceShareDocument, accountId: string): boolean {
  return doc.status === 'ACTIVE' && association(doc, 'PRINCIPAL', accountId)?.status === 'ASSOCIATED';
}

/** Whether the share (active) has `resourceArn` associated. */
export function sharesResource(doc: ResourceShareDocument, resourceArn: string): boolean {
  return doc.status === 'ACTIVE' && association(doc, 'RESOURCE', resourceArn)?.status === 'ASSOCIATED';
}

/** The IAM actions the share grants its consumers on a resource of `resourceType`. */
export function grantedActions(doc: ResourceShareDocument, resourceType: string): readonly string[] {
  const p = doc.permissions.find((x) => x.resourceType === resourceType);
  return p ? managedPermission(p.arn)?.actions ?? [] : [];
}

/** The resource types of the resources currently associated with the share. */
export function sharedTypes(doc: ResourceShareDocument): Set<string> {
  const types = new Set<string>();
  for (const a of doc.associations) {
    if (a.type === 'RESOURCE' && a.status !== 'DISASSOCIATED') {
      const t = shareableResource(a.entity)?.type.resourceType;
      if (t) types.add(t);
    }
  }
  return types;
}
