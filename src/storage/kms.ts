/**
 * AWS KMS's keys and aliases. A key is one document — its metadata, key policy, tags and its
 * key material sealed under the server's root key (src/storage/kms-root-key.ts) — saved with a
 * revision check, as every KMS operation that changes a key reads and rewrites it whole. Aliases
 * are rows of their own: an alias name is unique per account and region, and moves between keys.
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
}
