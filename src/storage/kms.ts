/**
 * AWS KMS's keys, aliases and grants. A key is one document — its metadata, key policy, tags and its
 * key material sealed under the server's root key (src/storage/kms-root-key.ts) — saved with a
 * revision check, as every KMS operation that changes a key reads and rewrites it whole. Aliases
 * are rows of their own: an alias name is unique per account and region, and moves between keys.
 * Grants are rows of their own too, kept under their key's account, region and id.
 */

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KmsTag {
  TagKey: string;
  TagValue: string;
}

export interface KmsKeyDocument {
  keyId: string;
  accountId: string;
  region: string;
  arn: string;
  description: string;
  /** CUSTOMER for keys made with CreateKey; AWS for the AWS managed keys (aws/s3). */
  keyManager: 'CUSTOMER' | 'AWS';
  state: KeyState;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms after which a key pending deletion is gone. */
  deletionDate?: number;
  /** The key policy, as given (or KMS's default). */
  policy: string;
  tags: KmsTag[];
  /** The 256-bit key material, sealed under the root key (base64 of iv ‖ tag ‖ ciphertext). */
  sealedMaterial: string;
  /** Bumped by every save; a save naming an older revision is refused (KeyConflictError). */
  revision: number;
}

export interface KmsAlias {
  accountId: string;
  region: string;
  /** `alias/…`, as created (alias names are case-sensitive). */
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

/** A grant's encryption context constraint (KMS's GrantConstraints): pairs the request's context must include, or equal. */
export interface KmsGrantConstraints {
  EncryptionContextSubset?: Record<string, string>;
  EncryptionContextEquals?: Record<string, string>;
}

/**
 * A grant on a key: it lets its grantee principal call the listed operations on the key (an
 * alternative to the key policy) until it is retired or revoked, or the key goes.
 */
export interface KmsGrant {
  /** 64 hex digits. */
  grantId: string;
  /** The key's account, region and id: a grant lives with its key. */
  accountId: string;
  region: string;
  keyId: string;
  name?: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  /** `arn:aws:iam::<account>:root` of the principal that created the grant. */
  issuingAccount: string;
  operations: string[];
  constraints?: KmsGrantConstraints;
  /** User and role ARNs the grant names → the unique ids they had when it was made. */
  principalBindings: Record<string, string>;
  /** Epoch ms. */
  createdAt: number;
  /**
   * Set for a named grant: a digest of its name and parameters. CreateGrant with the same name and
   * parameters on the same key finds the grant it made before instead of making another.
   */
  idempotencyKey?: string;
}

/** Where a listing of grants goes on from: after this grant (grants are listed by creation, then id). */
export interface GrantCursor {
  createdAt: number;
  grantId: string;
}

/** Another writer saved the key since it was read (or the key exists, for an insert). */
export class KeyConflictError extends Error {}
/** CreateAlias for a name the account already has in the region. */
export class AliasExistsError extends Error {}

export interface KmsStore {
  /**
   * Inserts (revision 1) or replaces the key whose stored revision is `doc.revision - 1`.
   * @throws KeyConflictError when the stored revision is another (or the key exists, for an insert)
   */
  saveKey(doc: KmsKeyDocument): Promise<void>;
  getKey(accountId: string, region: string, keyId: string): Promise<KmsKeyDocument | undefined>;
  /** The account's keys in a region, oldest first. */
  listKeys(accountId: string, region: string): Promise<KmsKeyDocument[]>;
  countKeys(accountId: string, region: string): Promise<number>;
  /** @throws AliasExistsError when the name is taken */
  createAlias(alias: KmsAlias): Promise<void>;
  getAlias(accountId: string, region: string, aliasName: string): Promise<KmsAlias | undefined>;
  /** The account's aliases in a region, by name. */
  listAliases(accountId: string, region: string): Promise<KmsAlias[]>;
  /** Points an existing alias at another key; false when there is no such alias. */
  updateAlias(accountId: string, region: string, aliasName: string, targetKeyId: string, at: number): Promise<boolean>;
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean>;

  /**
   * Saves a new grant; when another grant of the same key has the same `idempotencyKey`, keeps
   * nothing and returns that one (`created: false`).
   */
  createGrant(grant: KmsGrant): Promise<{ grant: KmsGrant; created: boolean }>;
  getGrant(accountId: string, region: string, keyId: string, grantId: string): Promise<KmsGrant | undefined>;
  /** The key's grants by creation (then id), at most `limit` after `after`; only one grantee's when `granteePrincipal` is given. */
  listGrants(accountId: string, region: string, keyId: string, opts: { granteePrincipal?: string; after?: GrantCursor; limit: number }): Promise<KmsGrant[]>;
  /** Grants in a region, on any account's keys, whose retiring principal is `retiringPrincipal`, by creation (then id). */
  listRetirableGrants(region: string, retiringPrincipal: string, opts: { after?: GrantCursor; limit: number }): Promise<KmsGrant[]>;
  /** The key's grants whose grantee principal is one of `principals` (the names a caller goes by). */
  grantsFor(accountId: string, region: string, keyId: string, principals: readonly string[]): Promise<KmsGrant[]>;
  /** How many grants the key has: all, or those of one grantee principal, or those one account issued. */
  countGrants(accountId: string, region: string, keyId: string, only?: { granteePrincipal?: string; issuingAccount?: string }): Promise<number>;
  /** False when the key has no such grant. */
  deleteGrant(accountId: string, region: string, keyId: string, grantId: string): Promise<boolean>;
  /** Forgets every grant of a key (a key past its deletion date); returns how many. */
  deleteKeyGrants(accountId: string, region: string, keyId: string): Promise<number>;
}
