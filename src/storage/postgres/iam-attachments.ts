import type { Clock } from '../../core/clock.js';
import type { IamEntityRef, ManagedPolicy, PolicyEntities } from '../iam.js';
import type { AwsManagedPolicy } from '../aws-managed-policies.js';
import { byName, toGroup, toRole, toUser, type GroupRow, type RoleRow, type UserRow } from '../sqlite/iam-rows.js';
import type { Queryable } from './database.js';
import { all, changed, type PgIamAccess } from './iam-access.js';
import { countsOf, toCountedPolicy, type CountedPolicyRow } from './iam-policies.js';

/** An attachment of one of several entities, with the attached policy's default document when it is a customer one. */
export interface AttachedDefault {
  entity_type: IamEntityRef['type'];
  entity_id: string;
  policy_arn: string;
  document: string | null;
}

/**
 * Managed policies attached to users, groups and roles on PostgreSQL (iam_attachments): one
 * family of {@link PgIamStore}. An attachment names its policy by ARN, AWS managed or customer,
 * so it refers to no row (as in SQLite).
 */
export class PgPolicyAttachments {
  constructor(
    private readonly access: PgIamAccess,
    private readonly clock: Clock,
    private readonly aws: Map<string, AwsManagedPolicy>,
  ) {}

  /** No-op when already attached. `accountId` is the entity's. */
  async attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): Promise<void> {
    await this.access.write((c) =>
      c.query(
        'INSERT INTO iam_attachments (account_id, entity_type, entity_id, policy_arn, attached_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [accountId, entity.type, entity.id, policyArn, this.clock.now().getTime()],
      ),
    );
  }

  async detachPolicy(entity: IamEntityRef, policyArn: string): Promise<boolean> {
    return this.access.write((c) =>
      changed(c, 'DELETE FROM iam_attachments WHERE entity_type = $1 AND entity_id = $2 AND policy_arn = $3', [entity.type, entity.id, policyArn]),
    );
  }

  /** All of the entity's attachments, inside the caller's transaction as it deletes the entity. */
  async detachAllPolicies(c: Queryable, entity: IamEntityRef): Promise<void> {
    await c.query('DELETE FROM iam_attachments WHERE entity_type = $1 AND entity_id = $2', [entity.type, entity.id]);
  }

  /**
   * The entities' attachments in one statement, by policy ARN in byte order (the order SQLite's
   * primary key gives them), each with its customer policy's default document (null for an AWS
   * managed policy, or an ARN whose policy is gone).
   */
  async attachedDefaults(entities: IamEntityRef[], q: Queryable = this.access.pool): Promise<AttachedDefault[]> {
    return all<AttachedDefault>(q,
      `SELECT a.entity_type, a.entity_id, a.policy_arn, v.document
       FROM iam_attachments a
       LEFT JOIN iam_policies p ON p.arn = a.policy_arn
       LEFT JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version
       WHERE (a.entity_type, a.entity_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY a.policy_arn COLLATE "C"`,
      [entities.map((e) => e.type), entities.map((e) => e.id)],
    );
  }

  /** By policy name; an AWS managed policy as {@link IamStore.getPolicy} gives it (uncounted), a customer one counted in its account. */
  async listAttachedPolicies(entity: IamEntityRef): Promise<ManagedPolicy[]> {
    const rows = await all<{ target: string } & (CountedPolicyRow | { policy_id: null })>(this.access.pool,
      `SELECT a.policy_arn AS target, p.*, ${countsOf('p.arn', 'p.account_id')}
       FROM iam_attachments a LEFT JOIN iam_policies p ON p.arn = a.policy_arn
       WHERE a.entity_type = $1 AND a.entity_id = $2`,
      [entity.type, entity.id],
    );
    const out: ManagedPolicy[] = [];
    for (const r of rows) {
      const aws = this.aws.get(r.target);
      if (aws) out.push({ ...aws.policy });
      else if (r.policy_id !== null) out.push(toCountedPolicy(r));
    }
    return out.sort(byName((p) => p.policyName));
  }

  /** The account's users, groups and roles the policy is attached to, from one snapshot. */
  listEntitiesForPolicy(accountId: string, policyArn: string): Promise<PolicyEntities> {
    const attached = (table: string, idColumn: string, type: IamEntityRef['type']) =>
      `SELECT e.* FROM iam_attachments a JOIN ${table} e ON e.${idColumn} = a.entity_id
       WHERE a.entity_type = '${type}' AND a.policy_arn = $1 AND a.account_id = $2`;
    const params = [policyArn, accountId];
    return this.access.read(async (c) => ({
      users: (await all<UserRow>(c, attached('iam_users', 'user_id', 'user'), params)).map(toUser).sort(byName((u) => u.userName)),
      groups: (await all<GroupRow>(c, attached('iam_groups', 'group_id', 'group'), params)).map(toGroup).sort(byName((g) => g.groupName)),
      roles: (await all<RoleRow>(c, attached('iam_roles', 'role_id', 'role'), params)).map(toRole).sort(byName((r) => r.roleName)),
    }));
  }
}
