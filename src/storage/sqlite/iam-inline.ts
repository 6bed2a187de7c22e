import type Database from 'better-sqlite3';
import type { IamEntityRef, InlinePolicy } from '../iam.js';

/** Inline policies of users, groups and roles on SQLite (iam_inline_policies): one family of {@link SqliteIamStore}. */
export class SqliteInlinePolicies {
  readonly #q;

  constructor(db: Database.Database) {
    this.#q = {
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
    };
  }

  putInlinePolicy(entity: IamEntityRef, policyName: string, document: string): void {
    this.#q.putInline.run(entity.type, entity.id, policyName, document);
  }

  getInlinePolicy(entity: IamEntityRef, policyName: string): InlinePolicy | undefined {
    return this.#q.inline.get(entity.type, entity.id, policyName);
  }

  deleteInlinePolicy(entity: IamEntityRef, policyName: string): boolean {
    return this.#q.deleteInline.run(entity.type, entity.id, policyName).changes > 0;
  }

  /** All of the entity's inline policies, as it is deleted. */
  deleteInlinePolicies(entity: IamEntityRef): void {
    this.#q.deleteInlines.run(entity.type, entity.id);
  }

  listInlinePolicies(entity: IamEntityRef): InlinePolicy[] {
    return this.#q.inlines.all(entity.type, entity.id);
  }
}
