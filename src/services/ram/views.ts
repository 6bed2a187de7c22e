import type { ResourceShareDocument, ShareAssociation, ShareInvitation, SharePermission } from '../../storage/ram.js';
import { managedPermission, MANAGED_PERMISSIONS_CREATED, shareableResource, type ManagedPermission } from './managed-permissions.js';
import { invitationStatus } from './share-model.js';

/** RAM's response shapes (its own camelCase members), built from a share's document. */

const date = (ms: number) => new Date(ms);

export function shareView(doc: ResourceShareDocument): Record<string, unknown> {
  return {
    resourceShareArn: doc.arn,
    name: doc.name,
    owningAccountId: doc.ownerAccountId,
    allowExternalPrincipals: doc.allowExternalPrincipals,
    status: doc.status,
    tags: doc.tags,
    creationTime: date(doc.createdAt),
    lastUpdatedTime: date(doc.updatedAt),
    featureSet: 'STANDARD',
  };
}

/** An association as listed; `status` overrides what is stored (DisassociateResourceShare answers DISASSOCIATING). */
export function associationView(doc: ResourceShareDocument, a: ShareAssociation, status: string = a.status): Record<string, unknown> {
  return {
    resourceShareArn: doc.arn,
    resourceShareName: doc.name,
    associatedEntity: a.entity,
    associationType: a.type,
    status,
    ...(a.statusMessage ? { statusMessage: a.statusMessage } : {}),
    creationTime: date(a.createdAt),
    lastUpdatedTime: date(a.updatedAt),
    external: a.external,
  };
}

export function invitationView(doc: ResourceShareDocument, inv: ShareInvitation, now: number): Record<string, unknown> {
  return {
    resourceShareInvitationArn: inv.arn,
    resourceShareName: doc.name,
    resourceShareArn: doc.arn,
    senderAccountId: doc.ownerAccountId,
    receiverAccountId: inv.receiverAccountId,
    invitationTimestamp: date(inv.createdAt),
    status: invitationStatus(inv, now),
  };
}

export function resourceView(doc: ResourceShareDocument, a: ShareAssociation): Record<string, unknown> {
  return {
    arn: a.entity,
    type: shareableResource(a.entity)?.type.resourceType ?? 'unknown',
    resourceShareArn: doc.arn,
    status: 'AVAILABLE',
    creationTime: date(a.createdAt),
    lastUpdatedTime: date(a.updatedAt),
    resourceRegionScope: 'REGIONAL',
  };
}

export function principalView(doc: ResourceShareDocument, id: string, a: Pick<ShareAssociation, 'createdAt' | 'updatedAt' | 'external'>): Record<string, unknown> {
  return { id, resourceShareArn: doc.arn, creationTime: date(a.createdAt), lastUpdatedTime: date(a.updatedAt), external: a.external };
}

/** A managed permission as ListPermissions lists it, or as attached to a share (with that attachment's times). */
export function permissionSummary(p: ManagedPermission, attached?: SharePermission): Record<string, unknown> {
  return {
    arn: p.arn,
    version: '1',
    defaultVersion: true,
    name: p.name,
    resourceType: p.resourceType,
    status: attached ? 'ASSOCIATED' : 'ATTACHABLE',
    creationTime: attached ? date(attached.createdAt) : MANAGED_PERMISSIONS_CREATED,
    lastUpdatedTime: attached ? date(attached.updatedAt) : MANAGED_PERMISSIONS_CREATED,
    isResourceTypeDefault: p.isResourceTypeDefault,
    permissionType: 'AWS_MANAGED',
    featureSet: 'STANDARD',
  };
}

/** The summary of a share's attached permission, by its stored ARN. */
export function attachedPermissionView(attached: SharePermission): Record<string, unknown> | undefined {
  const p = managedPermission(attached.arn);
  return p ? permissionSummary(p, attached) : undefined;
}
