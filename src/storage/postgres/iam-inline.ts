import type { IamEntityRef, InlinePolicy } from '../iam.js';
import type { Queryable } from './database.js';
import { all, changed, one, type PgIamAccess } from './iam-access.js';

/** Inline policies of users, groups and roles on PostgreSQL (iam_inline_policies): one family of {@link PgIamStore}. */
export class PgInlinePolicies {
  constructor(private readonly access: PgIamAccess) {}

  async putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): Promise<void> {
    await this.access.write((c) =>
      c.query(
        `INSERT INTO iam_inline_policies (entity_type, entity_id, policy_name, document) VALUES ($1, $2, $3, $4)
         ON CONFLICT (entity_type, entity_id, policy_name) DO UPDATE SET document = excluded.document`,
        [entity.type, entity.id, policyName, document],
      ),
    );
  }

  async getInlinePolicy(entity: IamEntityRef, policyName: string): Promise<InlinePolicy | undefined> {
    return one<InlinePolicy>(this.access.pool,
      'SELECT policy_name AS "policyName", document FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2 AND policy_name = $3',
      [entity.type, entity.id, policyName],
    );
  }

  async deleteInlinePolicy(entity: IamEntityRef, policyName: string): Promise<boolean> {
    return this.access.write((c) =>
      changed(c, 'DELETE FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2 AND policy_name = $3', [entity.type, entity.id, policyName]),
    );
  }

  /** All of the entity's inline policies, inside the caller's transaction as it deletes the entity. */
  async deleteInlinePolicies(c: Queryable, entity: IamEntityRef): Promise<void> {
    await c.query('DELETE FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2', [entity.type, entity.id]);
  }

  /** By name, byte order (SQLite's BINARY order: `COLLATE "C"`, whatever the database's collation). */
  async listInlinePolicies(entity: IamEntityRef, q: Queryable = this.access.pool): Promise<InlinePolicy[]> {
    return all<InlinePolicy>(q,
      'SELECT policy_name AS "policyName", document FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2 ORDER BY policy_name COLLATE "C"',
      [entity.type, entity.id],
    );
  }
}
