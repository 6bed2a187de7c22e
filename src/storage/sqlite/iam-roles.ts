import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { newUniqueId } from '../../core/ids.js';
import type { IamRole, NewRole, RoleLastUsed, Tag } from '../iam.js';
import { byName, mapRow, toRole, underPath, writeUnique, type RoleRow } from './iam-rows.js';
import { prepare } from './node-sqlite.js';

/**
 * IAM roles on SQLite (iam_roles): one family of {@link SqliteIamStore}. Deleting removes the
 * row only; the store deletes the role's inline policies and attachments with it.
 */
export class SqliteIamRoles {
  readonly #q;

  constructor(db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      role: prepare<[string, string], RoleRow>(db, 'SELECT * FROM iam_roles WHERE account_id = ? AND role_name = ? COLLATE NOCASE'),
      roleById: prepare<[string], RoleRow>(db, 'SELECT * FROM iam_roles WHERE role_id = ?'),
      roles: prepare<[string], RoleRow>(db, 'SELECT * FROM iam_roles WHERE account_id = ?'),
      trusting: prepare<[string], RoleRow>(db, `SELECT * FROM iam_roles WHERE instr(trust_bindings, ?) > 0`),
      insertRole: db.prepare(
        `INSERT INTO iam_roles (role_id, account_id, role_name, path, created_at, description, max_session_duration, assume_role_policy,
           trust_bindings, permissions_boundary_arn, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateRole: db.prepare('UPDATE iam_roles SET description = ?, max_session_duration = ? WHERE role_id = ?'),
      trust: db.prepare('UPDATE iam_roles SET assume_role_policy = ?, trust_bindings = ? WHERE role_id = ?'),
      roleTags: db.prepare('UPDATE iam_roles SET tags = ? WHERE role_id = ?'),
      roleTagsOf: db.prepare('SELECT tags FROM iam_roles WHERE role_id = ?'),
      roleBoundary: db.prepare('UPDATE iam_roles SET permissions_boundary_arn = ? WHERE role_id = ?'),
      roleUsed: db.prepare('UPDATE iam_roles SET last_used_at = ?, last_used_region = ? WHERE role_id = ?'),
      deleteRole: db.prepare('DELETE FROM iam_roles WHERE role_id = ?'),
    };
  }

  getRole(accountId: string, roleName: string): IamRole | undefined {
    return mapRow(this.#q.role.get(accountId, roleName), toRole);
  }

  getRoleById(roleId: string): IamRole | undefined {
    return mapRow(this.#q.roleById.get(roleId), toRole);
  }

  createRole(input: NewRole): IamRole {
    const roleId = newUniqueId('AROA');
    writeUnique('role', input.roleName, () =>
      this.#q.insertRole.run(
        roleId,
        input.accountId,
        input.roleName,
        input.path,
        this.clock.now().getTime(),
        input.description ?? null,
        input.maxSessionDuration,
        input.assumeRolePolicyDocument,
        JSON.stringify(input.trustPrincipalBindings),
        input.permissionsBoundaryArn ?? null,
        JSON.stringify(input.tags),
      ),
    );
    return this.getRoleById(roleId)!;
  }

  updateRole(roleId: string, changes: { description?: string; maxSessionDuration?: number }): IamRole {
    const current = this.#q.roleById.get(roleId);
    if (!current) throw new Error(`no role ${roleId}`);
    this.#q.updateRole.run(
      changes.description !== undefined ? changes.description : current.description,
      changes.maxSessionDuration ?? current.max_session_duration,
      roleId,
    );
    return this.getRoleById(roleId)!;
  }

  updateAssumeRolePolicy(roleId: string, document: string, trustPrincipalBindings: Record<string, string>): void {
    this.#q.trust.run(document, JSON.stringify(trustPrincipalBindings), roleId);
  }

  /** The role's row only (see the class comment). */
  deleteRoleRow(roleId: string): void {
    this.#q.deleteRole.run(roleId);
  }

  listRoles(accountId: string, pathPrefix?: string): IamRole[] {
    return underPath(this.#q.roles.all(accountId).map(toRole), pathPrefix).sort(byName((r) => r.roleName));
  }

  rolesTrusting(uniqueId: string): IamRole[] {
    return this.#q.trusting
      .all(`"${uniqueId}"`)
      .map(toRole)
      .filter((r) => Object.values(r.trustPrincipalBindings).includes(uniqueId));
  }

  setRoleTags(roleId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): void {
    // Read and written with nothing else running on the database in between.
    const stored = typeof tags === 'function' ? (this.#q.roleTagsOf.get(roleId) as { tags: string } | undefined) : undefined;
    if (typeof tags === 'function' && !stored) return;
    this.#q.roleTags.run(JSON.stringify(typeof tags === 'function' ? tags(JSON.parse(stored!.tags) as Tag[]) : tags), roleId);
  }

  setRolePermissionsBoundary(roleId: string, policyArn: string | undefined): void {
    this.#q.roleBoundary.run(policyArn ?? null, roleId);
  }

  recordRoleUsed(roleId: string, at: Date, region: string): void {
    this.#q.roleUsed.run(at.getTime(), region, roleId);
  }

  getRoleLastUsed(roleId: string): RoleLastUsed | undefined {
    const r = this.#q.roleById.get(roleId);
    return r && r.last_used_at !== null ? { lastUsedDate: new Date(r.last_used_at), region: r.last_used_region ?? '' } : undefined;
  }
}
