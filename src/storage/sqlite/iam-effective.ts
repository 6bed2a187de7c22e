import type { EffectivePolicies, IamEntityRef } from '../iam.js';
import type { SqliteInlinePolicies } from './iam-inline.js';
import type { SqliteManagedPolicies } from './iam-policies.js';
import type { SqliteIamRoles } from './iam-roles.js';
import type { SqliteIamUsers } from './iam-users.js';

/**
 * The policy documents that apply to a user or a role, for the authorizer: the inline and attached
 * policies of the principal (and of a user's groups), and its permissions boundary. Reads across
 * the families of {@link SqliteIamStore}.
 */
export class SqliteEffectivePolicies {
  constructor(
    private readonly users: Pick<SqliteIamUsers, 'getUser' | 'listGroupsForUser'>,
    private readonly roles: Pick<SqliteIamRoles, 'getRole'>,
    private readonly inline: Pick<SqliteInlinePolicies, 'listInlinePolicies'>,
    private readonly policies: Pick<SqliteManagedPolicies, 'attachedPolicyArns' | 'defaultDocument'>,
  ) {}

  effectivePoliciesForUser(accountId: string, userName: string): EffectivePolicies {
    const user = this.users.getUser(accountId, userName);
    if (!user) return { identity: [] };
    const identity: EffectivePolicies['identity'] = [];
    const seen = new Set<string>();
    this.#collect({ type: 'user', id: user.userId }, `user/${user.userName}`, identity, seen);
    for (const g of this.users.listGroupsForUser(user.userId)) this.#collect({ type: 'group', id: g.groupId }, `group/${g.groupName}`, identity, seen);
    return { identity, ...this.#boundary(user.permissionsBoundaryArn) };
  }

  effectivePoliciesForRole(accountId: string, roleName: string): EffectivePolicies {
    const role = this.roles.getRole(accountId, roleName);
    if (!role) return { identity: [] };
    const identity: EffectivePolicies['identity'] = [];
    this.#collect({ type: 'role', id: role.roleId }, `role/${role.roleName}`, identity, new Set());
    return { identity, ...this.#boundary(role.permissionsBoundaryArn) };
  }

  /** The entity's inline policies, then its attached ones not already in `seen` (a user's and its groups'). */
  #collect(entity: IamEntityRef, label: string, out: EffectivePolicies['identity'], seen: Set<string>): void {
    for (const p of this.inline.listInlinePolicies(entity)) out.push({ name: `${label} inline ${p.policyName}`, document: p.document });
    for (const policyArn of this.policies.attachedPolicyArns(entity)) {
      if (seen.has(policyArn)) continue;
      seen.add(policyArn);
      const document = this.policies.defaultDocument(policyArn);
      if (document !== undefined) out.push({ name: policyArn, document });
    }
  }

  #boundary(arn: string | undefined): Pick<EffectivePolicies, 'boundary'> {
    const document = arn === undefined ? undefined : this.policies.defaultDocument(arn);
    return arn !== undefined && document !== undefined ? { boundary: { name: arn, document } } : {};
  }
}
