/**
 * S3's stored state: buckets (owned by the bucket side of the S3 service) and objects (owned by
 * the object side). This file holds the types both sides share; each side adds its store
 * interface beside them, with SQLite implementations under src/storage/sqlite/, PostgreSQL ones
 * under src/storage/postgres/, and object bytes as files (src/storage/files/). What every
 * implementation must do is in s3-buckets.contract.ts and s3-objects.contract.ts.
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
  /**
   * With `policy`: each user/role ARN it names → that entity's unique id (AIDA…/AROA…) when the
   * policy was saved, as AWS binds them. Empty for a policy stored before bindings existed.
   */
  policyPrincipalBindings?: Readonly<Record<string, string>>;
  publicAccessBlock?: PublicAccessBlock;
  tags?: Array<{ Key: string; Value: string }>;
  acl: Acl;
  /**
   * Set after DeleteBucketOwnershipControls: GetBucketOwnershipControls then answers
   * OwnershipControlsNotFoundError, and `ownership` is 'ObjectWriter' (what S3 does without controls).
   */
  ownershipControlsAbsent?: boolean;
  /** Default encryption set with PutBucketEncryption; absent is S3's default for every bucket, SSE-S3. */
  encryption?: BucketEncryption;
  /** Server access logging (PutBucketLogging's LoggingEnabled, as given); absent when off. */
  logging?: BucketLogging;
  /** Versioning as PutBucketVersioning left it; absent for a bucket whose versioning was never enabled. */
  versioning?: BucketVersioning;
  /** Object Lock: only a bucket created with it (or given it while versioned) has it. */
  objectLock?: ObjectLockSettings;
  /** Lifecycle rules (PutBucketLifecycleConfiguration), as validated; absent when none. */
  lifecycle?: LifecycleRule[];
  /** CORS rules (PutBucketCors), as validated; absent when none. */
  cors?: CorsRule[];
}

/** A bucket's versioning state. MFA delete is never on: sagelite has no MFA devices to ask for. */
export interface BucketVersioning {
  status: 'Enabled' | 'Suspended';
}

/** A bucket's Object Lock: on, with an optional default retention for new object versions. */
export interface ObjectLockSettings {
  enabled: true;
  defaultRetention?: { mode: RetentionMode; days?: number; years?: number };
}

export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE';

/** One lifecycle rule; what it selects and does, in S3's own field names (the model's shapes). */
export interface LifecycleRule {
  ID?: string;
  Status: 'Enabled' | 'Disabled';
  Filter?: LifecycleFilter;
  /** The rule's prefix in its older, filter-less form. */
  Prefix?: string;
  Expiration?: { Days?: number; Date?: string; ExpiredObjectDeleteMarker?: boolean };
  NoncurrentVersionExpiration?: { NoncurrentDays?: number; NewerNoncurrentVersions?: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
  Transitions?: unknown[];
  NoncurrentVersionTransitions?: unknown[];
}

export interface LifecycleFilter {
  Prefix?: string;
  Tag?: { Key: string; Value: string };
  ObjectSizeGreaterThan?: number;
  ObjectSizeLessThan?: number;
  And?: { Prefix?: string; Tags?: Array<{ Key: string; Value: string }>; ObjectSizeGreaterThan?: number; ObjectSizeLessThan?: number };
}

/** One CORS rule, in S3's field names. */
export interface CorsRule {
  ID?: string;
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

/** The bucket settings kept as one JSON column each and set whole with {@link BucketStore.setConfiguration}. */
export interface BucketConfigurations {
  versioning: BucketVersioning;
  objectLock: ObjectLockSettings;
  lifecycle: LifecycleRule[];
  cors: CorsRule[];
}

/** Each configuration's column in s3_buckets (SQLite and PostgreSQL alike). */
export const CONFIGURATION_COLUMNS: Readonly<Record<keyof BucketConfigurations, string>> = {
  versioning: 'versioning',
  objectLock: 'object_lock',
  lifecycle: 'lifecycle',
  cors: 'cors',
};

/** Where a bucket's access logs would go. sagelite keeps the configuration; it writes no logs. */
export interface BucketLogging {
  TargetBucket: string;
  TargetPrefix: string;
  TargetGrants?: unknown[];
  TargetObjectKeyFormat?: Record<string, unknown>;
}

/** A bucket's default encryption: ServerSideEncryptionConfiguration's one rule. */
export interface BucketEncryption {
  sseAlgorithm: 'AES256' | 'aws:kms';
  /** With aws:kms: the key named (id, ARN or alias); absent means the account's aws/s3 key. */
  kmsMasterKeyId?: string;
  bucketKeyEnabled: boolean;
}

/** A bucket policy as PutBucketPolicy stores it: the text as sent, and its principal bindings. */
export interface StoredBucketPolicy {
  document: string;
  principalBindings: Readonly<Record<string, string>>;
}

/** What the object side needs to know about buckets. */
export interface BucketReader {
  getBucket(name: string): Promise<Bucket | undefined>;
}

/** What CreateBucket stores. */
export interface NewBucket {
  name: string;
  accountId: string;
  region: string;
  ownership: ObjectOwnership;
  acl: Acl;
  publicAccessBlock?: PublicAccessBlock;
  tags?: Array<{ Key: string; Value: string }>;
  /** CreateBucket with ObjectLockEnabledForBucket: Object Lock on and versioning Enabled from the start. */
  objectLock?: boolean;
}

/** A bucket name is taken (by any account: names are global). */
export class BucketExistsError extends Error {
  constructor(readonly existing: Bucket) {
    super(`bucket ${existing.name} already exists`);
  }
}

/**
 * Buckets, global by name across all accounts. Each setter returns false when the bucket is gone;
 * `undefined` removes the setting (DeleteBucketPolicy, DeletePublicAccessBlock, …).
 */
export interface BucketStore extends BucketReader {
  /** @throws BucketExistsError when the name is taken, by this account or another. */
  createBucket(input: NewBucket): Promise<Bucket>;
  /** Forgets the bucket; the object side drops its objects first (ObjectStore.dropBucket). */
  deleteBucket(name: string): Promise<boolean>;
  /** The account's buckets, by name. */
  listBuckets(accountId: string): Promise<Bucket[]>;
  /** Stores the policy text with its principal bindings, or removes both. */
  setPolicy(name: string, policy: StoredBucketPolicy | undefined): Promise<boolean>;
  /** `undefined` deletes the ownership controls (S3 then behaves as ObjectWriter). */
  setOwnership(name: string, ownership: ObjectOwnership | undefined): Promise<boolean>;
  setPublicAccessBlock(name: string, block: PublicAccessBlock | undefined): Promise<boolean>;
  setTags(name: string, tags: Array<{ Key: string; Value: string }> | undefined): Promise<boolean>;
  setAcl(name: string, acl: Acl): Promise<boolean>;
  setEncryption(name: string, encryption: BucketEncryption | undefined): Promise<boolean>;
  setLogging(name: string, logging: BucketLogging | undefined): Promise<boolean>;
  setConfiguration<K extends keyof BucketConfigurations>(name: string, kind: K, value: BucketConfigurations[K] | undefined): Promise<boolean>;
  /** Every bucket, of any account, that has this configuration set, by name (background work: lifecycle). */
  bucketsWithConfiguration(kind: keyof BucketConfigurations): Promise<Bucket[]>;
}
