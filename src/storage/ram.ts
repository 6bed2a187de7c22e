/**
 * AWS RAM's resource shares. A share is kept as one document — its permissions, its resource and
 * principal associations and its invitations together — because every RAM operation reads or
 * changes one share as a whole, and a share is bounded (src/services/ram/limits.ts). The stores
 * index each document by the entities it names (resource ARNs, principal account ids, invitation
 * ARNs) so that "which shares name this feature group" (every cross-account request on a shared
 * group asks it) and "which shares invite this account" are one indexed lookup.
 */

export type ShareStatus = 'ACTIVE' | 'DELETED';
export type AssociationStatus = 'ASSOCIATING' | 'ASSOCIATED' | 'DISASSOCIATED';
export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED';

export interface ShareTag {
  key: string;
  value: string;
}

/** A managed permission attached to the share, for one resource type. */
export interface SharePermission {
  arn: string;
  version: string;
  resourceType: string;
  createdAt: number;
  updatedAt: number;
}

export interface ShareAssociation {
  type: 'RESOURCE' | 'PRINCIPAL';
  /** A resource ARN, or a principal's 12-digit account id. */
  entity: string;
  status: AssociationStatus;
  /** A principal outside the owner's organization: every account, as sagelite has no organizations. */
  external: boolean;
  statusMessage?: string;
  createdAt: number;
  updatedAt: number;
}

export interface ShareInvitation {
  arn: string;
  receiverAccountId: string;
  status: InvitationStatus;
  createdAt: number;
}

export interface ResourceShareDocument {
  arn: string;
  ownerAccountId: string;
  region: string;
  name: string;
  allowExternalPrincipals: boolean;
  status: ShareStatus;
  tags: ShareTag[];
  createdAt: number;
  updatedAt: number;
  permissions: SharePermission[];
  associations: ShareAssociation[];
  invitations: ShareInvitation[];
  /** Bumped by every save; a save naming an older revision is refused (ShareConflictError). */
  revision: number;
}

/** Another writer saved the share since it was read: read it again and retry. */
export class ShareConflictError extends Error {}

/** The entities a share is found by: every association's entity and every invitation's ARN. */
export function indexedEntities(doc: ResourceShareDocument): string[] {
  return [...new Set([...doc.associations.map((a) => a.entity), ...doc.invitations.map((i) => i.arn)])];
}

export interface ResourceShareStore {
  getShare(arn: string): Promise<ResourceShareDocument | undefined>;
  /**
   * Inserts (revision 0 → 1) or replaces the share whose stored revision is `doc.revision - 1`;
   * its index follows the document in the same transaction.
   * @throws ShareConflictError when the stored revision is another (or the share exists, for an insert)
   */
  saveShare(doc: ResourceShareDocument): Promise<void>;
  /** The shares an account owns in a region, oldest first. */
  sharesOwnedBy(accountId: string, region: string): Promise<ResourceShareDocument[]>;
  /** How many shares an account owns in a region (deleted ones too, until they are purged). */
  countOwnedBy(accountId: string, region: string): Promise<number>;
  /** The shares that name an entity (a resource ARN, an account id, an invitation ARN), oldest first. */
  sharesNaming(entity: string): Promise<ResourceShareDocument[]>;
}
