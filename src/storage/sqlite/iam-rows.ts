import { IamNameTakenError, type IamGroup, type IamRole, type IamUser, type ManagedPolicy, type PolicyVersion, type Tag } from '../iam.js';
import { SQLITE_CONSTRAINT_UNIQUE, sqliteErrorCode } from './node-sqlite.js';

/**
 * Row shapes of the IAM tables (migration 3 in database.ts), their mapping to entities, and the
 * list and write conventions the SQLite IAM store's families share. The PostgreSQL store's
 * tables have the same columns (src/storage/postgres/iam-schema.ts), so it maps its rows and
 * orders its lists with these too; {@link writeUnique} is SQLite's alone.
 */

export interface UserRow {
  user_id: string;
  account_id: string;
  user_name: string;
  path: string;
  created_at: number;
  permissions_boundary_arn: string | null;
  tags: string;
}

export interface GroupRow {
  group_id: string;
  account_id: string;
  group_name: string;
  path: string;
  created_at: number;
}

export interface RoleRow {
  role_id: string;
  account_id: string;
  role_name: string;
  path: string;
  created_at: number;
  description: string | null;
  max_session_duration: number;
  assume_role_policy: string;
  trust_bindings: string;
  permissions_boundary_arn: string | null;
  tags: string;
  last_used_at: number | null;
  last_used_region: string | null;
}

export interface PolicyRow {
  policy_id: string;
  account_id: string;
  policy_name: string;
  path: string;
  arn: string;
  description: string | null;
  default_version: string;
  next_version: number;
  created_at: number;
  updated_at: number;
  tags: string;
}

export interface VersionRow {
  policy_id: string;
  version_id: string;
  document: string;
  created_at: number;
}

/** `arn:aws:iam::ACCT:<kind><path><name>`, IAM's ARN for users, groups, roles and policies. */
export function iamArn(accountId: string, kind: 'user' | 'group' | 'role' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

function tags(json: string): Tag[] {
  return JSON.parse(json) as Tag[];
}

export function toUser(r: UserRow): IamUser {
  return {
    accountId: r.account_id,
    userId: r.user_id,
    userName: r.user_name,
    path: r.path,
    arn: iamArn(r.account_id, 'user', r.path, r.user_name),
    createDate: new Date(r.created_at),
    ...(r.permissions_boundary_arn !== null ? { permissionsBoundaryArn: r.permissions_boundary_arn } : {}),
    tags: tags(r.tags),
  };
}

export function toGroup(r: GroupRow): IamGroup {
  return {
    accountId: r.account_id,
    groupId: r.group_id,
    groupName: r.group_name,
    path: r.path,
    arn: iamArn(r.account_id, 'group', r.path, r.group_name),
    createDate: new Date(r.created_at),
  };
}

export function toRole(r: RoleRow): IamRole {
  return {
    accountId: r.account_id,
    roleId: r.role_id,
    roleName: r.role_name,
    path: r.path,
    arn: iamArn(r.account_id, 'role', r.path, r.role_name),
    createDate: new Date(r.created_at),
    ...(r.description !== null ? { description: r.description } : {}),
    maxSessionDuration: r.max_session_duration,
    assumeRolePolicyDocument: r.assume_role_policy,
    trustPrincipalBindings: JSON.parse(r.trust_bindings) as Record<string, string>,
    ...(r.permissions_boundary_arn !== null ? { permissionsBoundaryArn: r.permissions_boundary_arn } : {}),
    tags: tags(r.tags),
  };
}

export function toPolicy(r: PolicyRow, counts: { attachments: number; boundaries: number }): ManagedPolicy {
  return {
    accountId: r.account_id,
    policyId: r.policy_id,
    policyName: r.policy_name,
    path: r.path,
    arn: r.arn,
    ...(r.description !== null ? { description: r.description } : {}),
    defaultVersionId: r.default_version,
    attachmentCount: counts.attachments,
    permissionsBoundaryUsageCount: counts.boundaries,
    isAttachable: true,
    createDate: new Date(r.created_at),
    updateDate: new Date(r.updated_at),
    tags: tags(r.tags),
  };
}

export function toVersion(r: VersionRow, defaultVersionId: string): PolicyVersion {
  return { versionId: r.version_id, document: r.document, isDefaultVersion: r.version_id === defaultVersionId, createDate: new Date(r.created_at) };
}

/** A row that may be missing, mapped to its entity. */
export function mapRow<R, T>(row: R | undefined, to: (r: R) => T): T | undefined {
  return row ? to(row) : undefined;
}

/** Sorts by name without regard to case, then by exact name: IAM's list order. */
export function byName<T>(name: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = name(a).toLowerCase();
    const y = name(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
  };
}

/** Lists filtered by IAM's PathPrefix (a plain string prefix of the path). */
export function underPath<T extends { path: string }>(items: T[], pathPrefix: string | undefined): T[] {
  return pathPrefix === undefined ? items : items.filter((i) => i.path.startsWith(pathPrefix));
}

function isUniqueViolation(e: unknown): boolean {
  return sqliteErrorCode(e) === SQLITE_CONSTRAINT_UNIQUE;
}

/** Runs a write that names an entity; a clash with an existing name becomes {@link IamNameTakenError}. */
export function writeUnique(entity: IamNameTakenError['entity'], name: string, write: () => unknown): void {
  try {
    write();
  } catch (e) {
    if (isUniqueViolation(e)) throw new IamNameTakenError(entity, name);
    throw e;
  }
}
