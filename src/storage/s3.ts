/**
 * S3's stored state: buckets (owned by the bucket side of the S3 service) and objects (owned by
 * the object side). This file holds the types both sides share; each side adds its store
 * interface beside them, with SQLite implementations under src/storage/sqlite/ and object bytes
 * as files under the data directory (src/storage/files/).
 */

/** Who owns new objects, and whether ACLs count (S3 Object Ownership). Default since April 2023: BucketOwnerEnforced. */
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export type Permission = 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';

export type Grantee =
  | { type: 'CanonicalUser'; id: string; displayName?: string }
  | { type: 'Group'; uri: string }
  | { type: 'AmazonCustomerByEmail'; emailAddress: string };

export interface Grant {
  grantee: Grantee;
  permission: Permission;
}

/** An access control list: its owner (canonical user id) and grants. */
export interface Acl {
  ownerId: string;
  grants: Grant[];
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface Bucket {
  name: string;
  /** The owning account; S3 names are global across accounts. */
  accountId: string;
  region: string;
  createdAt: Date;
  ownership: ObjectOwnership;
  /** The bucket policy as stored (JSON text), if any. */
  policy?: string;
  publicAccessBlock?: PublicAccessBlock;
  tags?: Array<{ Key: string; Value: string }>;
  acl: Acl;
}

/** What the object side needs to know about buckets. */
export interface BucketReader {
  getBucket(name: string): Bucket | undefined;
}
