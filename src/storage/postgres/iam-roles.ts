import type { Clock } from '../../core/clock.js';
import { writeTags } from './iam-tags.js';
import { newUniqueId } from '../../core/ids.js';
import type { IamRole, NewRole, RoleLastUsed, Tag } from '../iam.js';
import { byName, mapRow, toRole, underPath, type RoleRow } from '../sqlite/iam-rows.js';
import type { Queryable } from './database.js';
import { all, one, writeUnique, type PgIamAccess } from './iam-access.js';

/**
 * IAM roles on PostgreSQL (iam_roles): one family of {@link PgIamStore}. Deleting removes the row
 * only; the store deletes the role's inline policies and attachments with it in the same
 * transaction. Reads take a `q` so that a caller's snapshot can serve them.
 */
export class PgIamRoles {
  constructor(private readonly access: PgIamAccess, private readonly clock: Clock) {}

  async getRole(accountId: string, roleName: string, q: Queryable = this.access.pool): Promise<IamRole | undefined> {
    return mapRow(await one<RoleRow>(q, 'SELECT * FROM iam_roles WHERE account_id = $1 AND lower(role_name) = lower($2)', [accountId, roleName]), toRole);
  }

  async getRoleById(roleId: string): Promise<IamRole | undefined> {
    return mapRow(await one<RoleRow>(this.access.pool, 'SELECT * FROM iam_roles WHERE role_id = $1', [roleId]), toRole);
  }

  async createRole(input: NewRole): Promise<IamRole> {
    const row = await writeUnique('role', input.roleName, () =>
      this.access.write((c) =>
        one<RoleRow>(c,
          `INSERT INTO iam_roles (role_id, account_id, role_name, path, created_at, description, max_session_duration, assume_role_policy,
             trust_bindings, permissions_boundary_arn, tags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
          [
            newUniqueId('AROA'),
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
          ],
        ),
      ),
    );
    return toRole(row!);
  }

  /** An absent change keeps the row's value (a description cannot be unset, as in IAM's UpdateRole). */
  async updateRole(roleId: string, changes: { description?: string; maxSessionDuration?: number }): Promise<IamRole> {
    const row = await this.access.write((c) =>
      one<RoleRow>(c,
        'UPDATE iam_roles SET description = COALESCE($2, description), max_session_duration = COALESCE($3, max_session_duration) WHERE role_id = $1 RETURNING *',
        [roleId, changes.description ?? null, changes.maxSessionDuration ?? null],
      ),
    );
    if (!row) throw new Error(`no role ${roleId}`);
    return toRole(row);
  }

  async updateAssumeRolePolicy(roleId: string, document: string, trustPrincipalBindings: Record<string, string>): Promise<void> {
    await this.access.write((c) =>
      c.query('UPDATE iam_roles SET assume_role_policy = $2, trust_bindings = $3 WHERE role_id = $1', [roleId, document, JSON.stringify(trustPrincipalBindings)]),
    );
  }

  /** The role's row only, inside the caller's transaction (see the class comment). */
  async deleteRoleRow(c: Queryable, roleId: string): Promise<void> {
    await c.query('DELETE FROM iam_roles WHERE role_id = $1', [roleId]);
  }

  async listRoles(accountId: string, pathPrefix?: string): Promise<IamRole[]> {
    const rows = await all<RoleRow>(this.access.pool, 'SELECT * FROM iam_roles WHERE account_id = $1', [accountId]);
    return underPath(rows.map(toRole), pathPrefix).sort(byName((r) => r.roleName));
  }

  /** The text search narrows; the parsed bindings decide (an id could appear as a principal ARN's text). */
  async rolesTrusting(uniqueId: string): Promise<IamRole[]> {
    const rows = await all<RoleRow>(this.access.pool, 'SELECT * FROM iam_roles WHERE strpos(trust_bindings, $1) > 0', [`"${uniqueId}"`]);
    return rows.map(toRole).filter((r) => Object.values(r.trustPrincipalBindings).includes(uniqueId));
  }

  async setRoleTags(roleId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    await this.access.write((c) => writeTags(c, 'iam_roles', 'role_id', roleId, tags));
  }

  async setRolePermissionsBoundary(roleId: string, policyArn: string | undefined): Promise<void> {
    await this.access.write((c) => c.query('UPDATE iam_roles SET permissions_boundary_arn = $2 WHERE role_id = $1', [roleId, policyArn ?? null]));
  }

  /**
   * One statement that announces no change: when a role was last used is in no answer an
   * {@link IamReader} gives (so in nothing the authorizer caches), and STS records it for every
   * request a role session signs, which would otherwise empty every process's policy cache each time.
   */
  async recordRoleUsed(roleId: string, at: Date, region: string): Promise<void> {
    await this.access.pool.query('UPDATE iam_roles SET last_used_at = $2, last_used_region = $3 WHERE role_id = $1', [roleId, at.getTime(), region]);
  }

  async getRoleLastUsed(roleId: string): Promise<RoleLastUsed | undefined> {
    const r = await one<Pick<RoleRow, 'last_used_at' | 'last_used_region'>>(this.access.pool, 'SELECT last_used_at, last_used_region FROM iam_roles WHERE role_id = $1', [roleId]);
    return r && r.last_used_at !== null ? { lastUsedDate: new Date(r.last_used_at), region: r.last_used_region ?? '' } : undefined;
  }
}
