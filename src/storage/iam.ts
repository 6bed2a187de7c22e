/**
 * IAM entities and the store that keeps them. Implementations: SQLite (embedded default,
 * src/storage/sqlite/iam-store.ts); checked by one contract suite (src/storage/iam.contract.ts).
 * Policy documents are stored as the caller sent them (URL-decoded JSON text); IAM returns them
 * URL-encoded, which is the IAM service's job, not the store's.
 */

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
  getUser(accountId: string, userName: string): IamUser | undefined;
  getUserById(userId: string): IamUser | undefined;
  getRole(accountId: string, roleName: string): IamRole | undefined;
  getRoleById(roleId: string): IamRole | undefined;
  /** A customer managed policy (by its ARN) or an AWS managed one (arn:aws:iam::aws:policy/…). */
  getPolicy(policyArn: string): ManagedPolicy | undefined;
  getPolicyVersion(policyArn: string, versionId: string): PolicyVersion | undefined;
  effectivePoliciesForUser(accountId: string, userName: string): EffectivePolicies;
  effectivePoliciesForRole(accountId: string, roleName: string): EffectivePolicies;
}
