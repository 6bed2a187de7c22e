import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.js';
import { newUniqueId } from '../../core/ids.js';
import {
  IamNameTakenError,
  type EffectivePolicies,
  type IamEntityRef,
  type IamGroup,
  type IamRole,
  type IamStore,
  type IamUser,
  type InlinePolicy,
  type ManagedPolicy,
  type NewGroup,
  type NewManagedPolicy,
  type NewRole,
  type NewUser,
  type PolicyEntities,
  type PolicyVersion,
  type RoleLastUsed,
  type Tag,
} from '../iam.js';
import { loadAwsManagedPolicies, type AwsManagedPolicy } from './iam-aws-managed.js';
import {
  byName,
  iamArn,
  toGroup,
  toPolicy,
  toRole,
  toUser,
  toVersion,
  type GroupRow,
  type PolicyRow,
  type RoleRow,
  type UserRow,
  type VersionRow,
} from './iam-rows.js';

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function versionNumber(versionId: string): number {
  return Number.parseInt(versionId.slice(1), 10);
}

/** Lists filtered by IAM's PathPrefix (a plain string prefix of the path). */
function underPath<T extends { path: string }>(items: T[], pathPrefix: string | undefined): T[] {
  return pathPrefix === undefined ? items : items.filter((i) => i.path.startsWith(pathPrefix));
}

/**
 * {@link IamStore} on the embedded SQLite database. AWS managed policies are held in memory,
 * loaded from the package's data/aws-managed-policies at construction (or given, for tests).
 */
export class SqliteIamStore implements IamStore {
  readonly #aws: Map<string, AwsManagedPolicy>;
  readonly #q;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    awsManaged: Map<string, AwsManagedPolicy> = loadAwsManagedPolicies(),
  ) {
    this.#aws = awsManaged;
    this.#q = {
      user: db.prepare<[string, string], UserRow>('SELECT * FROM iam_users WHERE account_id = ? AND user_name = ? COLLATE NOCASE'),
      userById: db.prepare<[string], UserRow>('SELECT * FROM iam_users WHERE user_id = ?'),
      users: db.prepare<[string], UserRow>('SELECT * FROM iam_users WHERE account_id = ?'),
      insertUser: db.prepare(
        'INSERT INTO iam_users (user_id, account_id, user_name, path, created_at, permissions_boundary_arn, tags) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      renameUser: db.prepare('UPDATE iam_users SET user_name = ?, path = ? WHERE user_id = ?'),
      userTags: db.prepare('UPDATE iam_users SET tags = ? WHERE user_id = ?'),
      userBoundary: db.prepare('UPDATE iam_users SET permissions_boundary_arn = ? WHERE user_id = ?'),
      deleteUser: db.prepare('DELETE FROM iam_users WHERE user_id = ?'),

      group: db.prepare<[string, string], GroupRow>('SELECT * FROM iam_groups WHERE account_id = ? AND group_name = ? COLLATE NOCASE'),
      groupById: db.prepare<[string], GroupRow>('SELECT * FROM iam_groups WHERE group_id = ?'),
      groups: db.prepare<[string], GroupRow>('SELECT * FROM iam_groups WHERE account_id = ?'),
      insertGroup: db.prepare('INSERT INTO iam_groups (group_id, account_id, group_name, path, created_at) VALUES (?, ?, ?, ?, ?)'),
      renameGroup: db.prepare('UPDATE iam_groups SET group_name = ?, path = ? WHERE group_id = ?'),
      deleteGroup: db.prepare('DELETE FROM iam_groups WHERE group_id = ?'),
      addMember: db.prepare('INSERT OR IGNORE INTO iam_group_members (group_id, user_id, added_at) VALUES (?, ?, ?)'),
      removeMember: db.prepare('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?'),
      groupsOfUser: db.prepare<[string], GroupRow>(
        'SELECT g.* FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id WHERE m.user_id = ?',
      ),
      usersOfGroup: db.prepare<[string], UserRow>(
        'SELECT u.* FROM iam_users u JOIN iam_group_members m ON m.user_id = u.user_id WHERE m.group_id = ?',
      ),

      role: db.prepare<[string, string], RoleRow>('SELECT * FROM iam_roles WHERE account_id = ? AND role_name = ? COLLATE NOCASE'),
      roleById: db.prepare<[string], RoleRow>('SELECT * FROM iam_roles WHERE role_id = ?'),
      roles: db.prepare<[string], RoleRow>('SELECT * FROM iam_roles WHERE account_id = ?'),
      trusting: db.prepare<[string], RoleRow>(`SELECT * FROM iam_roles WHERE instr(trust_bindings, ?) > 0`),
      insertRole: db.prepare(
        `INSERT INTO iam_roles (role_id, account_id, role_name, path, created_at, description, max_session_duration, assume_role_policy,
           trust_bindings, permissions_boundary_arn, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateRole: db.prepare('UPDATE iam_roles SET description = ?, max_session_duration = ? WHERE role_id = ?'),
      trust: db.prepare('UPDATE iam_roles SET assume_role_policy = ?, trust_bindings = ? WHERE role_id = ?'),
      roleTags: db.prepare('UPDATE iam_roles SET tags = ? WHERE role_id = ?'),
      roleBoundary: db.prepare('UPDATE iam_roles SET permissions_boundary_arn = ? WHERE role_id = ?'),
      roleUsed: db.prepare('UPDATE iam_roles SET last_used_at = ?, last_used_region = ? WHERE role_id = ?'),
      deleteRole: db.prepare('DELETE FROM iam_roles WHERE role_id = ?'),

      putInline: db.prepare(
        `INSERT INTO iam_inline_policies (entity_type, entity_id, policy_name, document) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity_type, entity_id, policy_name) DO UPDATE SET document = excluded.document`,
      ),
      inline: db.prepare<[string, string, string], InlinePolicy>(
        'SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND policy_name = ?',
      ),
      inlines: db.prepare<[string, string], InlinePolicy>(
        'SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY policy_name',
      ),
      deleteInline: db.prepare('DELETE FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND policy_name = ?'),
      deleteInlines: db.prepare('DELETE FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ?'),

      policy: db.prepare<[string], PolicyRow>('SELECT * FROM iam_policies WHERE arn = ?'),
      policies: db.prepare<[string], PolicyRow>('SELECT * FROM iam_policies WHERE account_id = ?'),
      insertPolicy: db.prepare(
        `INSERT INTO iam_policies (policy_id, account_id, policy_name, path, arn, description, default_version, next_version, created_at, updated_at, tags)
         VALUES (?, ?, ?, ?, ?, ?, 'v1', 2, ?, ?, ?)`,
      ),
      deletePolicy: db.prepare('DELETE FROM iam_policies WHERE arn = ?'),
      policyTags: db.prepare('UPDATE iam_policies SET tags = ? WHERE arn = ?'),
      setDefault: db.prepare('UPDATE iam_policies SET default_version = ?, updated_at = ? WHERE policy_id = ?'),
      bumpVersion: db.prepare('UPDATE iam_policies SET next_version = next_version + 1 WHERE policy_id = ?'),
      version: db.prepare<[string, string], VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_id = ? AND version_id = ?'),
      versions: db.prepare<[string], VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_id = ?'),
      insertVersion: db.prepare('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES (?, ?, ?, ?)'),
      deleteVersion: db.prepare('DELETE FROM iam_policy_versions WHERE policy_id = ? AND version_id = ?'),

      attach: db.prepare(
        'INSERT OR IGNORE INTO iam_attachments (account_id, entity_type, entity_id, policy_arn, attached_at) VALUES (?, ?, ?, ?, ?)',
      ),
      detach: db.prepare('DELETE FROM iam_attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?'),
      detachAll: db.prepare('DELETE FROM iam_attachments WHERE entity_type = ? AND entity_id = ?'),
      attachedArns: db.prepare<[string, string], { policy_arn: string }>(
        'SELECT policy_arn FROM iam_attachments WHERE entity_type = ? AND entity_id = ?',
      ),
      attachmentsOf: db.prepare<[string, string], { entity_type: string; entity_id: string }>(
        'SELECT entity_type, entity_id FROM iam_attachments WHERE policy_arn = ? AND account_id = ?',
      ),
      attachmentCount: db.prepare<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM iam_attachments WHERE policy_arn = ? AND account_id = ?',
      ),
      boundaryCount: db.prepare<[string, string, string, string], { n: number }>(
        `SELECT (SELECT COUNT(*) FROM iam_users WHERE permissions_boundary_arn = ? AND account_id = ?)
              + (SELECT COUNT(*) FROM iam_roles WHERE permissions_boundary_arn = ? AND account_id = ?) AS n`,
      ),
    };
  }

  // ---- reader -------------------------------------------------------------------------------

  getUser(accountId: string, userName: string): IamUser | undefined {
    const r = this.#q.user.get(accountId, userName);
    return r ? toUser(r) : undefined;
  }

  getUserById(userId: string): IamUser | undefined {
    const r = this.#q.userById.get(userId);
    return r ? toUser(r) : undefined;
  }

  getRole(accountId: string, roleName: string): IamRole | undefined {
    const r = this.#q.role.get(accountId, roleName);
    return r ? toRole(r) : undefined;
  }

  getRoleById(roleId: string): IamRole | undefined {
    const r = this.#q.roleById.get(roleId);
    return r ? toRole(r) : undefined;
  }

  getPolicy(policyArn: string): ManagedPolicy | undefined {
    const aws = this.#aws.get(policyArn);
    if (aws) return { ...aws.policy };
    const r = this.#q.policy.get(policyArn);
    return r ? this.#policy(r, r.account_id) : undefined;
  }

  getPolicyVersion(policyArn: string, versionId: string): PolicyVersion | undefined {
    const aws = this.#aws.get(policyArn);
    if (aws) return aws.version.versionId === versionId ? { ...aws.version } : undefined;
    const p = this.#q.policy.get(policyArn);
    const v = p ? this.#q.version.get(p.policy_id, versionId) : undefined;
    return p && v ? toVersion(v, p.default_version) : undefined;
  }

  effectivePoliciesForUser(accountId: string, userName: string): EffectivePolicies {
    const user = this.getUser(accountId, userName);
    if (!user) return { identity: [] };
    const identity: EffectivePolicies['identity'] = [];
    const seen = new Set<string>();
    this.#collect({ type: 'user', id: user.userId }, `user/${user.userName}`, identity, seen);
    for (const g of this.listGroupsForUser(user.userId)) this.#collect({ type: 'group', id: g.groupId }, `group/${g.groupName}`, identity, seen);
    return { identity, ...this.#boundary(user.permissionsBoundaryArn) };
  }

  effectivePoliciesForRole(accountId: string, roleName: string): EffectivePolicies {
    const role = this.getRole(accountId, roleName);
    if (!role) return { identity: [] };
    const identity: EffectivePolicies['identity'] = [];
    this.#collect({ type: 'role', id: role.roleId }, `role/${role.roleName}`, identity, new Set());
    return { identity, ...this.#boundary(role.permissionsBoundaryArn) };
  }

  #collect(entity: IamEntityRef, label: string, out: EffectivePolicies['identity'], seen: Set<string>): void {
    for (const p of this.listInlinePolicies(entity)) out.push({ name: `${label} inline ${p.policyName}`, document: p.document });
    for (const { policy_arn } of this.#q.attachedArns.all(entity.type, entity.id)) {
      if (seen.has(policy_arn)) continue;
      seen.add(policy_arn);
      const document = this.#defaultDocument(policy_arn);
      if (document !== undefined) out.push({ name: policy_arn, document });
    }
  }

  #boundary(arn: string | undefined): Pick<EffectivePolicies, 'boundary'> {
    const document = arn === undefined ? undefined : this.#defaultDocument(arn);
    return arn !== undefined && document !== undefined ? { boundary: { name: arn, document } } : {};
  }

  #defaultDocument(policyArn: string): string | undefined {
    const aws = this.#aws.get(policyArn);
    if (aws) return aws.version.document;
    const p = this.#q.policy.get(policyArn);
    return p ? this.#q.version.get(p.policy_id, p.default_version)?.document : undefined;
  }

  // ---- users --------------------------------------------------------------------------------

  createUser(input: NewUser): IamUser {
    const userId = newUniqueId('AIDA');
    const now = this.clock.now().getTime();
    this.#unique('user', input.userName, () =>
      this.#q.insertUser.run(userId, input.accountId, input.userName, input.path, now, input.permissionsBoundaryArn ?? null, JSON.stringify(input.tags)),
    );
    return this.getUserById(userId)!;
  }

  updateUser(userId: string, changes: { userName?: string; path?: string }): IamUser {
    const current = this.#q.userById.get(userId);
    if (!current) throw new Error(`no user ${userId}`);
    const name = changes.userName ?? current.user_name;
    this.#unique('user', name, () => this.#q.renameUser.run(name, changes.path ?? current.path, userId));
    return this.getUserById(userId)!;
  }

  deleteUser(userId: string): void {
    this.db.transaction(() => {
      this.#q.deleteInlines.run('user', userId);
      this.#q.detachAll.run('user', userId);
      this.#q.deleteUser.run(userId);
    })();
  }

  listUsers(accountId: string, pathPrefix?: string): IamUser[] {
    return underPath(this.#q.users.all(accountId).map(toUser), pathPrefix).sort(byName((u) => u.userName));
  }

  setUserTags(userId: string, tags: Tag[]): void {
    this.#q.userTags.run(JSON.stringify(tags), userId);
  }

  setUserPermissionsBoundary(userId: string, policyArn: string | undefined): void {
    this.#q.userBoundary.run(policyArn ?? null, userId);
  }

  // ---- groups -------------------------------------------------------------------------------

  createGroup(input: NewGroup): IamGroup {
    const groupId = newUniqueId('AGPA');
    this.#unique('group', input.groupName, () =>
      this.#q.insertGroup.run(groupId, input.accountId, input.groupName, input.path, this.clock.now().getTime()),
    );
    return toGroup(this.#q.groupById.get(groupId)!);
  }

  getGroup(accountId: string, groupName: string): IamGroup | undefined {
    const r = this.#q.group.get(accountId, groupName);
    return r ? toGroup(r) : undefined;
  }

  updateGroup(groupId: string, changes: { groupName?: string; path?: string }): IamGroup {
    const current = this.#q.groupById.get(groupId);
    if (!current) throw new Error(`no group ${groupId}`);
    const name = changes.groupName ?? current.group_name;
    this.#unique('group', name, () => this.#q.renameGroup.run(name, changes.path ?? current.path, groupId));
    return toGroup(this.#q.groupById.get(groupId)!);
  }

  deleteGroup(groupId: string): void {
    this.db.transaction(() => {
      this.#q.deleteInlines.run('group', groupId);
      this.#q.detachAll.run('group', groupId);
      this.#q.deleteGroup.run(groupId);
    })();
  }

  listGroups(accountId: string, pathPrefix?: string): IamGroup[] {
    return underPath(this.#q.groups.all(accountId).map(toGroup), pathPrefix).sort(byName((g) => g.groupName));
  }

  addUserToGroup(groupId: string, userId: string): void {
    this.#q.addMember.run(groupId, userId, this.clock.now().getTime());
  }

  removeUserFromGroup(groupId: string, userId: string): boolean {
    return this.#q.removeMember.run(groupId, userId).changes > 0;
  }

  listGroupsForUser(userId: string): IamGroup[] {
    return this.#q.groupsOfUser.all(userId).map(toGroup).sort(byName((g) => g.groupName));
  }

  listUsersInGroup(groupId: string): IamUser[] {
    return this.#q.usersOfGroup.all(groupId).map(toUser).sort(byName((u) => u.userName));
  }

  // ---- roles --------------------------------------------------------------------------------

  createRole(input: NewRole): IamRole {
    const roleId = newUniqueId('AROA');
    this.#unique('role', input.roleName, () =>
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

  deleteRole(roleId: string): void {
    this.db.transaction(() => {
      this.#q.deleteInlines.run('role', roleId);
      this.#q.detachAll.run('role', roleId);
      this.#q.deleteRole.run(roleId);
    })();
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

  setRoleTags(roleId: string, tags: Tag[]): void {
    this.#q.roleTags.run(JSON.stringify(tags), roleId);
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

  // ---- inline policies ----------------------------------------------------------------------

  putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): void {
    this.#q.putInline.run(entity.type, entity.id, policyName, document);
  }

  getInlinePolicy(entity: IamEntityRef, policyName: string): InlinePolicy | undefined {
    return this.#q.inline.get(entity.type, entity.id, policyName);
  }

  deleteInlinePolicy(entity: IamEntityRef, policyName: string): boolean {
    return this.#q.deleteInline.run(entity.type, entity.id, policyName).changes > 0;
  }

  listInlinePolicies(entity: IamEntityRef): InlinePolicy[] {
    return this.#q.inlines.all(entity.type, entity.id);
  }

  // ---- managed policies ---------------------------------------------------------------------

  createPolicy(input: NewManagedPolicy): ManagedPolicy {
    const policyId = newUniqueId('ANPA');
    const arn = iamArn(input.accountId, 'policy', input.path, input.policyName);
    const now = this.clock.now().getTime();
    this.db.transaction(() => {
      this.#unique('policy', input.policyName, () =>
        this.#q.insertPolicy.run(policyId, input.accountId, input.policyName, input.path, arn, input.description ?? null, now, now, JSON.stringify(input.tags)),
      );
      this.#q.insertVersion.run(policyId, 'v1', input.document, now);
    })();
    return this.getPolicy(arn)!;
  }

  deletePolicy(policyArn: string): void {
    this.#q.deletePolicy.run(policyArn);
  }

  getPolicyInAccount(accountId: string, policyArn: string): ManagedPolicy | undefined {
    const aws = this.#aws.get(policyArn);
    if (aws) return { ...aws.policy, ...this.#counts(policyArn, accountId) };
    const r = this.#q.policy.get(policyArn);
    return r ? this.#policy(r, r.account_id) : undefined;
  }

  listPolicies(accountId: string): ManagedPolicy[] {
    const local = this.#q.policies.all(accountId).map((r) => this.#policy(r, accountId));
    const aws = [...this.#aws.values()].map((a) => ({ ...a.policy, ...this.#counts(a.policy.arn, accountId) }));
    return [...local, ...aws].sort(byName((p) => p.policyName));
  }

  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): PolicyVersion {
    const p = this.#customer(policyArn);
    const versionId = `v${p.next_version}`;
    const now = this.clock.now().getTime();
    this.db.transaction(() => {
      this.#q.insertVersion.run(p.policy_id, versionId, document, now);
      this.#q.bumpVersion.run(p.policy_id);
      if (setAsDefault) this.#q.setDefault.run(versionId, now, p.policy_id);
    })();
    return { versionId, document, isDefaultVersion: setAsDefault, createDate: new Date(now) };
  }

  deletePolicyVersion(policyArn: string, versionId: string): void {
    this.#q.deleteVersion.run(this.#customer(policyArn).policy_id, versionId);
  }

  setDefaultPolicyVersion(policyArn: string, versionId: string): void {
    this.#q.setDefault.run(versionId, this.clock.now().getTime(), this.#customer(policyArn).policy_id);
  }

  listPolicyVersions(policyArn: string): PolicyVersion[] {
    const aws = this.#aws.get(policyArn);
    if (aws) return [{ ...aws.version }];
    const p = this.#q.policy.get(policyArn);
    if (!p) return [];
    return this.#q.versions
      .all(p.policy_id)
      .map((v) => toVersion(v, p.default_version))
      .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
  }

  setPolicyTags(policyArn: string, tags: Tag[]): void {
    this.#q.policyTags.run(JSON.stringify(tags), policyArn);
  }

  // ---- attachments --------------------------------------------------------------------------

  attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): void {
    this.#q.attach.run(accountId, entity.type, entity.id, policyArn, this.clock.now().getTime());
  }

  detachPolicy(entity: IamEntityRef, policyArn: string): boolean {
    return this.#q.detach.run(entity.type, entity.id, policyArn).changes > 0;
  }

  listAttachedPolicies(entity: IamEntityRef): ManagedPolicy[] {
    const out: ManagedPolicy[] = [];
    for (const { policy_arn } of this.#q.attachedArns.all(entity.type, entity.id)) {
      const p = this.getPolicy(policy_arn);
      if (p) out.push(p);
    }
    return out.sort(byName((p) => p.policyName));
  }

  listEntitiesForPolicy(accountId: string, policyArn: string): PolicyEntities {
    const out: PolicyEntities = { users: [], groups: [], roles: [] };
    for (const a of this.#q.attachmentsOf.all(policyArn, accountId)) {
      if (a.entity_type === 'user') {
        const u = this.#q.userById.get(a.entity_id);
        if (u) out.users.push(toUser(u));
      } else if (a.entity_type === 'group') {
        const g = this.#q.groupById.get(a.entity_id);
        if (g) out.groups.push(toGroup(g));
      } else {
        const r = this.#q.roleById.get(a.entity_id);
        if (r) out.roles.push(toRole(r));
      }
    }
    out.users.sort(byName((u) => u.userName));
    out.groups.sort(byName((g) => g.groupName));
    out.roles.sort(byName((r) => r.roleName));
    return out;
  }

  // ---- helpers ------------------------------------------------------------------------------

  #customer(policyArn: string): PolicyRow {
    const p = this.#q.policy.get(policyArn);
    if (!p) throw new Error(`no customer managed policy ${policyArn}`);
    return p;
  }

  #counts(policyArn: string, accountId: string): { attachmentCount: number; permissionsBoundaryUsageCount: number } {
    return {
      attachmentCount: this.#q.attachmentCount.get(policyArn, accountId)!.n,
      permissionsBoundaryUsageCount: this.#q.boundaryCount.get(policyArn, accountId, policyArn, accountId)!.n,
    };
  }

  #policy(r: PolicyRow, accountId: string): ManagedPolicy {
    const c = this.#counts(r.arn, accountId);
    return toPolicy(r, { attachments: c.attachmentCount, boundaries: c.permissionsBoundaryUsageCount });
  }

  #unique(entity: 'user' | 'group' | 'role' | 'policy', name: string, write: () => unknown): void {
    try {
      write();
    } catch (e) {
      if (isUniqueViolation(e)) throw new IamNameTakenError(entity, name);
      throw e;
    }
  }
}
