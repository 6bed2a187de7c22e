/**
 * IAM entities and the store that keeps them. Implementations: SQLite (embedded default,
 * src/storage/sqlite/iam-store.ts) and PostgreSQL (shared by several processes,
 * src/storage/postgres/iam-store.ts); checked by one contract suite (src/storage/iam.contract.ts).
 * Policy documents are stored as the caller sent them (URL-decoded JSON text); IAM returns them
 * URL-encoded, which is the IAM service's job, not the store's.
 */
import type { OidcProviderStore } from './iam-oidc-providers.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface IamUser {
  accountId: string;
  userId: string; // AIDA…
  userName: string;
  path: string;
  arn: string;
  createDate: Date;
  permissionsBoundaryArn?: string;
  tags: Tag[];
}

export interface IamGroup {
  accountId: string;
  groupId: string; // AGPA…
  groupName: string;
  path: string;
  arn: string;
  createDate: Date;
}

export interface IamRole {
  accountId: string;
  roleId: string; // AROA…
  roleName: string;
  path: string;
  arn: string;
  createDate: Date;
  description?: string;
  maxSessionDuration: number; // seconds, 3600–43200
  assumeRolePolicyDocument: string;
  /** Principal ARN → unique id, bound when the trust policy was stored (see NamedPolicy.principalBindings). */
  trustPrincipalBindings: Record<string, string>;
  permissionsBoundaryArn?: string;
  tags: Tag[];
}

export interface ManagedPolicy {
  /** '' for AWS managed policies (arn:aws:iam::aws:policy/…). */
  accountId: string;
  policyId: string; // ANPA…
  policyName: string;
  path: string;
  arn: string;
  description?: string;
  defaultVersionId: string; // v1, v2, …
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
  isAttachable: boolean;
  createDate: Date;
  updateDate: Date;
  tags: Tag[];
}

export interface PolicyVersion {
  versionId: string;
  document: string;
  isDefaultVersion: boolean;
  createDate: Date;
}

export type PrincipalEntity = { type: 'user'; name: string } | { type: 'group'; name: string } | { type: 'role'; name: string };

export interface InlinePolicy {
  policyName: string;
  document: string;
}

/**
 * Everything the authorizer needs about an IAM user or role in one read: inline documents
 * and the default-version documents of attached managed policies (including the user's groups'),
 * and the boundary's default document.
 */
export interface EffectivePolicies {
  /** label (e.g. `arn:aws:iam::aws:policy/AdministratorAccess` or `user/alice inline MyPolicy`) → document */
  identity: Array<{ name: string; document: string }>;
  boundary?: { name: string; document: string };
}

/**
 * The IAM store. The methods below are the ones the authorizer and STS rely on; the IAM
 * service's own needs (create/update/delete/list of each entity, versions, attachments,
 * tags, access keys via AccountStore) are added beside them.
 */
export interface IamReader {
  getUser(accountId: string, userName: string): Promise<IamUser | undefined>;
  getUserById(userId: string): Promise<IamUser | undefined>;
  getRole(accountId: string, roleName: string): Promise<IamRole | undefined>;
  getRoleById(roleId: string): Promise<IamRole | undefined>;
  /** A customer managed policy (by its ARN) or an AWS managed one (arn:aws:iam::aws:policy/…). */
  getPolicy(policyArn: string): Promise<ManagedPolicy | undefined>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersion | undefined>;
  effectivePoliciesForUser(accountId: string, userName: string): Promise<EffectivePolicies>;
  effectivePoliciesForRole(accountId: string, roleName: string): Promise<EffectivePolicies>;
  /**
   * A number that changes whenever anything this reader answers may have changed, in this
   * process or (for a store shared by several) in another (it may change more often): what a
   * reader caches is valid while it stays the same. A write through this store has moved it by
   * the time the write's promise settles; another process's write moves it when its change
   * notice arrives.
   */
  revision(): number;
}

/** The kinds of IAM identity that hold policies. */
export type IamEntityType = 'user' | 'group' | 'role';

/** An IAM identity by its unique id (AIDA…/AGPA…/AROA…): stable across renames. */
export interface IamEntityRef {
  type: IamEntityType;
  id: string;
}

/** When a role was last used to sign a request (through one of its sessions), and where. */
export interface RoleLastUsed {
  lastUsedDate: Date;
  region: string;
}

export interface NewUser {
  accountId: string;
  userName: string;
  path: string;
  permissionsBoundaryArn?: string;
  tags: Tag[];
}

export interface NewGroup {
  accountId: string;
  groupName: string;
  path: string;
}

export interface NewRole {
  accountId: string;
  roleName: string;
  path: string;
  description?: string;
  maxSessionDuration: number;
  assumeRolePolicyDocument: string;
  trustPrincipalBindings: Record<string, string>;
  permissionsBoundaryArn?: string;
  tags: Tag[];
}

export interface NewManagedPolicy {
  accountId: string;
  policyName: string;
  path: string;
  description?: string;
  document: string;
  tags: Tag[];
}

/** Who a managed policy is attached to (ListEntitiesForPolicy). */
export interface PolicyEntities {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
}

/**
 * A name that is already taken in the account (IAM names are unique without regard to case).
 * Stores throw it when a write would break uniqueness; the IAM service checks first and
 * answers EntityAlreadyExists, so seeing this escape means two writers raced.
 */
export class IamNameTakenError extends Error {
  constructor(readonly entity: 'user' | 'group' | 'role' | 'policy' | 'oidc-provider', readonly entityName: string) {
    super(`${entity} ${entityName} already exists`);
  }
}

/**
 * How many of each thing an account holds, counted in the store (GetAccountSummary). AWS managed
 * policies are not the account's and are not counted.
 */
export interface IamAccountCounts {
  users: number;
  groups: number;
  roles: number;
  /** Customer managed policies. */
  policies: number;
  /** Managed policies (customer or AWS managed) attached to the account's users, groups and roles: one per attachment. */
  policyAttachments: number;
  oidcProviders: number;
}

/**
 * Everything the IAM service stores: the {@link IamReader} questions plus the writes and lists
 * behind the IAM API. Entities are addressed by unique id for writes (renames keep them) and by
 * account + name for reads, as IAM's API does. The store checks nothing IAM answers with an error
 * (existence, limits, conflicts): the service does. Name uniqueness alone the store also keeps
 * ({@link IamNameTakenError}), for writers that race past the service's check.
 * AWS managed policies (`arn:aws:iam::aws:policy/…`) are read-only and exist in every account;
 * their attachment counts are per account ({@link IamStore.getPolicyInAccount}).
 */
export interface IamStore extends IamReader, OidcProviderStore {
  /** The account's counts, from one consistent read. */
  countAccountEntities(accountId: string): Promise<IamAccountCounts>;

  createUser(input: NewUser): Promise<IamUser>;
  /** Renames and/or moves a user; its ARN follows. */
  updateUser(userId: string, changes: { userName?: string; path?: string }): Promise<IamUser>;
  /** Removes the user with its inline policies, attachments, memberships and tags. */
  deleteUser(userId: string): Promise<void>;
  /** Users of the account whose path starts with `pathPrefix` (all when absent), by name. */
  listUsers(accountId: string, pathPrefix?: string): Promise<IamUser[]>;
  /** The tags given, or those a function makes of the tags as stored at the write (so a concurrent change is kept). */
  setUserTags(userId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void>;
  setUserPermissionsBoundary(userId: string, policyArn: string | undefined): Promise<void>;

  createGroup(input: NewGroup): Promise<IamGroup>;
  getGroup(accountId: string, groupName: string): Promise<IamGroup | undefined>;
  updateGroup(groupId: string, changes: { groupName?: string; path?: string }): Promise<IamGroup>;
  deleteGroup(groupId: string): Promise<void>;
  listGroups(accountId: string, pathPrefix?: string): Promise<IamGroup[]>;
  /** Adds a member (no-op when already one). */
  addUserToGroup(groupId: string, userId: string): Promise<void>;
  /** Removes a member; false when the user was not one. */
  removeUserFromGroup(groupId: string, userId: string): Promise<boolean>;
  listGroupsForUser(userId: string): Promise<IamGroup[]>;
  listUsersInGroup(groupId: string): Promise<IamUser[]>;

  createRole(input: NewRole): Promise<IamRole>;
  updateRole(roleId: string, changes: { description?: string; maxSessionDuration?: number }): Promise<IamRole>;
  updateAssumeRolePolicy(roleId: string, document: string, trustPrincipalBindings: Record<string, string>): Promise<void>;
  deleteRole(roleId: string): Promise<void>;
  listRoles(accountId: string, pathPrefix?: string): Promise<IamRole[]>;
  /** Roles (in any account) whose trust policy binds this user or role unique id (a renamed user's trusts follow it). */
  rolesTrusting(uniqueId: string): Promise<IamRole[]>;
  /** The tags given, or those a function makes of the tags as stored at the write (so a concurrent change is kept). */
  setRoleTags(roleId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void>;
  setRolePermissionsBoundary(roleId: string, policyArn: string | undefined): Promise<void>;
  /** STS calls this when a role session signs a request or the role is assumed (GetRole's RoleLastUsed). */
  recordRoleUsed(roleId: string, at: Date, region: string): Promise<void>;
  getRoleLastUsed(roleId: string): Promise<RoleLastUsed | undefined>;

  /** Creates or replaces an inline policy of a user, group or role. */
  putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): Promise<void>;
  getInlinePolicy(entity: IamEntityRef, policyName: string): Promise<InlinePolicy | undefined>;
  /** False when there was no such policy. */
  deleteInlinePolicy(entity: IamEntityRef, policyName: string): Promise<boolean>;
  /** By name. */
  listInlinePolicies(entity: IamEntityRef): Promise<InlinePolicy[]>;

  /** Creates a customer managed policy with its v1 as the default version. */
  createPolicy(input: NewManagedPolicy): Promise<ManagedPolicy>;
  /** Deletes a customer managed policy and all its versions. */
  deletePolicy(policyArn: string): Promise<void>;
  /** A managed policy seen from an account: attachment and boundary counts are that account's. */
  getPolicyInAccount(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined>;
  /** The account's customer managed policies and every AWS managed policy, by name, counted for the account. */
  listPolicies(accountId: string): Promise<ManagedPolicy[]>;
  /** Adds the next version (v2, v3, … never reusing an id); `setAsDefault` makes it the default. */
  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<PolicyVersion>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;
  setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void>;
  /** Newest first, as IAM lists them. */
  listPolicyVersions(policyArn: string): Promise<PolicyVersion[]>;
  /** The tags given, or those a function makes of the tags as stored at the write (so a concurrent change is kept). */
  setPolicyTags(policyArn: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void>;

  /** Attaches a managed policy (no-op when already attached). `accountId` is the entity's. */
  attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): Promise<void>;
  /** False when the policy was not attached. */
  detachPolicy(entity: IamEntityRef, policyArn: string): Promise<boolean>;
  /** The entity's attached managed policies, by policy name. */
  listAttachedPolicies(entity: IamEntityRef): Promise<ManagedPolicy[]>;
  /** The account's users, groups and roles that have the policy attached. */
  listEntitiesForPolicy(accountId: string, policyArn: string): Promise<PolicyEntities>;
}
