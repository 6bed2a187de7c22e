/**
 * AWS RAM's resource shares. A share is kept as one document — its permissions, its resource and
 * principal associations and its invitations together — because every RAM operation reads or
 * changes one share as a whole, and a share is bounded (src/services/ram/limits.ts). The stores
 * index each document by keys (shareKeys) so that "which shares name this feature group" (every
 * cross-account request on a shared group asks it), "which shares has this account accepted" and
 * "which shares invite this account now" are one indexed lookup each.
 *
 * An account's accepted shares and its pending invitations are separate keys, and an invitation's
 * key lapses with the invitation: another account can invite anyone, so what a receiver reads
 * must not grow with what others send it (src/services/ram/limits.ts bounds the live ones).
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

/**
 * How long an invitation to share SageMaker resources stays open (RAM: 12 hours for types other
 * than the few it gives 7 days). The document model's rule, so the index can lapse with it.
 */
export const INVITATION_LIFETIME_MS = 12 * 60 * 60 * 1000;

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

/** A key a share is found by, and when it stops finding it (epoch ms; never, when absent). */
export interface ShareKey {
  key: string;
  liveUntil?: number;
}

/** The keys of the index, one kind per question RAM asks. */
export const shareKeys = {
  /** Shares that associate (or once associated) a resource ARN. */
  resource: (arn: string): string => `resource:${arn}`,
  /** The share that holds an invitation. */
  invitation: (arn: string): string => `invitation:${arn}`,
  /** Shares an account has accepted and still is a principal of. */
  consumer: (accountId: string): string => `consumer:${accountId}`,
  /** Shares with an invitation to an account still pending (the key lapses when the invitation expires). */
  invited: (accountId: string): string => `invited:${accountId}`,
};

/** Every key a share is found by, as its document stands. */
export function shareIndex(doc: ResourceShareDocument): ShareKey[] {
  const keys = new Map<string, ShareKey>();
  const put = (k: ShareKey) => {
    const had = keys.get(k.key);
    if (!had || (had.liveUntil !== undefined && (k.liveUntil === undefined || k.liveUntil > had.liveUntil))) keys.set(k.key, k);
  };
  for (const a of doc.associations) {
    if (a.type === 'RESOURCE') put({ key: shareKeys.resource(a.entity) });
    else if (a.status === 'ASSOCIATED') put({ key: shareKeys.consumer(a.entity) });
  }
  for (const i of doc.invitations) {
    put({ key: shareKeys.invitation(i.arn) });
    if (i.status === 'PENDING') put({ key: shareKeys.invited(i.receiverAccountId), liveUntil: i.createdAt + INVITATION_LIFETIME_MS });
  }
  return [...keys.values()];
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
  /** The shares found by a key (shareKeys) whose entry is live at `at` (epoch ms), oldest first. */
  sharesByKey(key: string, at: number): Promise<ResourceShareDocument[]>;
}
