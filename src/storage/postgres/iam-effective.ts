import type { EffectivePolicies, IamEntityRef, InlinePolicy } from '../iam.js';
import type { AwsManagedPolicy } from '../aws-managed-policies.js';
import type { Queryable } from './database.js';
import { all, type PgIamAccess } from './iam-access.js';
import type { PgPolicyAttachments } from './iam-attachments.js';
import type { PgManagedPolicies } from './iam-policies.js';
import type { PgIamRoles } from './iam-roles.js';
import type { PgIamUsers } from './iam-users.js';

/** An entity whose policies apply, and the label its inline policies go by. */
interface Holder {
  ref: IamEntityRef;
  label: string;
}

/**
 * The policy documents that apply to a user or a role, for the authorizer: the inline and attached
 * policies of the principal (and of a user's groups), and its permissions boundary. One snapshot
 * serves each answer, in a few statements whatever the number of groups; the result is the SQLite
 * store's, label for label and in the same order.
 */
export class PgEffectivePolicies {
  constructor(
    private readonly access: PgIamAccess,
    private readonly aws: Map<string, AwsManagedPolicy>,
    private readonly users: Pick<PgIamUsers, 'getUser' | 'listGroupsForUser'>,
    private readonly roles: Pick<PgIamRoles, 'getRole'>,
    private readonly policies: Pick<PgManagedPolicies, 'defaultDocument'>,
    private readonly attachments: Pick<PgPolicyAttachments, 'attachedDefaults'>,
  ) {}

  effectivePoliciesForUser(accountId: string, userName: string): Promise<EffectivePolicies> {
    return this.access.read(async (c) => {
      const user = await this.users.getUser(accountId, userName, c);
      if (!user) return { identity: [] };
      const holders: Holder[] = [{ ref: { type: 'user', id: user.userId }, label: `user/${user.userName}` }];
      for (const g of await this.users.listGroupsForUser(user.userId, c)) holders.push({ ref: { type: 'group', id: g.groupId }, label: `group/${g.groupName}` });
      return { identity: await this.#identity(c, holders), ...(await this.#boundary(c, user.permissionsBoundaryArn)) };
    });
  }

  effectivePoliciesForRole(accountId: string, roleName: string): Promise<EffectivePolicies> {
    return this.access.read(async (c) => {
      const role = await this.roles.getRole(accountId, roleName, c);
      if (!role) return { identity: [] };
      const holders: Holder[] = [{ ref: { type: 'role', id: role.roleId }, label: `role/${role.roleName}` }];
      return { identity: await this.#identity(c, holders), ...(await this.#boundary(c, role.permissionsBoundaryArn)) };
    });
  }

  /** Each holder in turn: its inline policies by name, then its attached ones not already taken from an earlier holder. */
  async #identity(c: Queryable, holders: Holder[]): Promise<EffectivePolicies['identity']> {
    const key = (type: string, id: string) => `${type}\u0000${id}`;
    const refs = holders.map((h) => h.ref);
    const inline = await all<InlinePolicy & { entity_type: string; entity_id: string }>(c,
      `SELECT entity_type, entity_id, policy_name AS "policyName", document FROM iam_inline_policies
       WHERE (entity_type, entity_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY policy_name COLLATE "C"`,
      [refs.map((r) => r.type), refs.map((r) => r.id)],
    );
    const attached = await this.attachments.attachedDefaults(refs, c);
    const out: EffectivePolicies['identity'] = [];
    const seen = new Set<string>();
    for (const h of holders) {
      const mine = key(h.ref.type, h.ref.id);
      for (const p of inline) if (key(p.entity_type, p.entity_id) === mine) out.push({ name: `${h.label} inline ${p.policyName}`, document: p.document });
      for (const a of attached) {
        if (key(a.entity_type, a.entity_id) !== mine || seen.has(a.policy_arn)) continue;
        seen.add(a.policy_arn);
        const document = this.aws.get(a.policy_arn)?.version.document ?? a.document ?? undefined;
        if (document !== undefined) out.push({ name: a.policy_arn, document });
      }
    }
    return out;
  }

  async #boundary(c: Queryable, arn: string | undefined): Promise<Pick<EffectivePolicies, 'boundary'>> {
    const document = arn === undefined ? undefined : await this.policies.defaultDocument(arn, c);
    return arn !== undefined && document !== undefined ? { boundary: { name: arn, document } } : {};
  }
}
