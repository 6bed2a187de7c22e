/** An AWS account: a 12-digit id, an optional alias, and S3's canonical user id. */
export interface Account {
  accountId: string;
  alias?: string;
  canonicalUserId: string;
  createdAt: Date;
}

/** Whose key it is: the account's root, an IAM user, or an STS session (by their ids). */
export type KeyOwner = { type: 'root' } | { type: 'user'; userId: string } | { type: 'session'; sessionId: string };

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  owner: KeyOwner;
  status: 'Active' | 'Inactive';
  /** Temporary credentials only. */
  sessionToken?: string;
  expiresAt?: Date;
  createdAt: Date;
}

export interface NewAccount {
  accountId?: string;
  alias?: string;
  /** A fixed root key (from a declarative config); a fresh one is made when absent. */
  rootKey?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Accounts and their access keys. Implementations: SQLite (embedded default) and PostgreSQL
 * (shared by several processes), checked by the same contract tests (src/storage/accounts.contract.ts).
 */
export interface AccountStore {
  createAccount(input: NewAccount): Promise<{ account: Account; rootKey: AccessKey }>;
  getAccount(accountId: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  /**
   * Adds a key. With `maxPerOwner`, a long-term key is refused with {@link AccessKeyQuotaError}
   * when its owner already has that many: counted and added as one step, so two concurrent
   * requests (of one process or of several) cannot both take the last place.
   */
  addAccessKey(key: Omit<AccessKey, 'createdAt'>, opts?: { maxPerOwner?: number }): Promise<AccessKey>;
  getAccessKey(accessKeyId: string): Promise<AccessKey | undefined>;
  /**
   * The owner's long-term (AKIA) keys, oldest first. Temporary keys from GetSessionToken or a
   * role session are not the user's access keys: IAM neither lists them nor counts them.
   */
  listAccessKeys(accountId: string, owner: KeyOwner): Promise<AccessKey[]>;
  /** Forgets a key (IAM DeleteAccessKey); false when there was none. */
  deleteAccessKey(accessKeyId: string): Promise<boolean>;
  /** Activates or deactivates a key (IAM UpdateAccessKey); false when there was none. */
  updateAccessKeyStatus(accessKeyId: string, status: AccessKey['status']): Promise<boolean>;
  /** Forgets temporary (STS) keys that expired before `before`; returns how many. */
  pruneTemporaryKeys(before: Date): Promise<number>;
}

/** The owner already has the most long-term keys it may have (IAM's AccessKeysPerUser quota). */
export class AccessKeyQuotaError extends Error {
  constructor(readonly max: number) {
    super(`the owner already has ${max} access keys`);
  }
}

export class AccountExistsError extends Error {
  constructor(readonly what: 'account' | 'alias' | 'accessKey', readonly value: string) {
    super(`${what} ${value} already exists`);
  }
}
