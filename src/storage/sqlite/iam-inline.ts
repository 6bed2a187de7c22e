import type { DatabaseSync } from 'node:sqlite';
import type { IamEntityRef, InlinePolicy } from '../iam.js';
import { prepare } from './node-sqlite.js';

/** node:sqlite's rows have a null prototype: callers get plain objects. */
const toInline = (r: InlinePolicy): InlinePolicy => ({ policyName: r.policyName, document: r.document });

/** Inline policies of users, groups and roles on SQLite (iam_inline_policies): one family of {@link SqliteIamStore}. */
export class SqliteInlinePolicies {
  readonly #q;

  constructor(db: DatabaseSync) {
    this.#q = {
      putInline: db.prepare(
        `INSERT INTO iam_inline_policies (entity_type, entity_id, policy_name, document) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity_type, entity_id, policy_name) DO UPDATE SET document = excluded.document`,
      ),
      inline: prepare<[string, string, string], InlinePolicy>(db,
        'SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND policy_name = ?',
      ),
      inlines: prepare<[string, string], InlinePolicy>(db,
        'SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY policy_name',
      ),
      deleteInline: db.prepare('DELETE FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND policy_name = ?'),
      deleteInlines: db.prepare('DELETE FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ?'),
    };
  }

  putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): void {
    this.#q.putInline.run(entity.type, entity.id, policyName, document);
  }

  getInlinePolicy(entity: IamEntityRef, policyName: string): InlinePolicy | undefined {
    const row = this.#q.inline.get(entity.type, entity.id, policyName);
    return row ? toInline(row) : undefined;
  }

  deleteInlinePolicy(entity: IamEntityRef, policyName: string): boolean {
    return this.#q.deleteInline.run(entity.type, entity.id, policyName).changes > 0;
  }

  /** All of the entity's inline policies, as it is deleted. */
  deleteInlinePolicies(entity: IamEntityRef): void {
    this.#q.deleteInlines.run(entity.type, entity.id);
  }

  listInlinePolicies(entity: IamEntityRef): InlinePolicy[] {
    return this.#q.inlines.all(entity.type, entity.id).map(toInline);
  }
}
