import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { newUniqueId } from '../../core/ids.js';
import type { IamEntityRef, ManagedPolicy, NewManagedPolicy, PolicyEntities, PolicyVersion, Tag } from '../iam.js';
import type { AwsManagedPolicy } from '../aws-managed-policies.js';
import { byName, iamArn, toPolicy, toVersion, writeUnique, type PolicyRow, type VersionRow } from './iam-rows.js';
import type { SqliteIamRoles } from './iam-roles.js';
import type { SqliteIamUsers } from './iam-users.js';
import { deferred, prepare } from './node-sqlite.js';

function versionNumber(versionId: string): number {
  return Number.parseInt(versionId.slice(1), 10);
}

/**
 * Managed policies, their versions and their attachments on SQLite (iam_policies,
 * iam_policy_versions, iam_attachments): one family of {@link SqliteIamStore}. AWS managed
 * policies come from memory and are read-only; customer managed ones from the tables.
 */
export class SqliteManagedPolicies {
  readonly #q;

  constructor(
    private readonly db: DatabaseSync,
    private readonly clock: Clock,
    private readonly aws: Map<string, AwsManagedPolicy>,
    private readonly users: Pick<SqliteIamUsers, 'getUserById' | 'getGroupById'>,
    private readonly roles: Pick<SqliteIamRoles, 'getRoleById'>,
  ) {
    this.#q = {
      policy: prepare<[string], PolicyRow>(db, 'SELECT * FROM iam_policies WHERE arn = ?'),
      policies: prepare<[string], PolicyRow>(db, 'SELECT * FROM iam_policies WHERE account_id = ?'),
      insertPolicy: db.prepare(
        `INSERT INTO iam_policies (policy_id, account_id, policy_name, path, arn, description, default_version, next_version, created_at, updated_at, tags)
         VALUES (?, ?, ?, ?, ?, ?, 'v1', 2, ?, ?, ?)`,
      ),
      deletePolicy: db.prepare('DELETE FROM iam_policies WHERE arn = ?'),
      policyTags: db.prepare('UPDATE iam_policies SET tags = ? WHERE arn = ?'),
      policyTagsOf: db.prepare('SELECT tags FROM iam_policies WHERE arn = ?'),
      setDefault: db.prepare('UPDATE iam_policies SET default_version = ?, updated_at = ? WHERE policy_id = ?'),
      bumpVersion: db.prepare('UPDATE iam_policies SET next_version = next_version + 1 WHERE policy_id = ?'),
      version: prepare<[string, string], VersionRow>(db, 'SELECT * FROM iam_policy_versions WHERE policy_id = ? AND version_id = ?'),
      versions: prepare<[string], VersionRow>(db, 'SELECT * FROM iam_policy_versions WHERE policy_id = ?'),
      insertVersion: db.prepare('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES (?, ?, ?, ?)'),
      deleteVersion: db.prepare('DELETE FROM iam_policy_versions WHERE policy_id = ? AND version_id = ?'),

      attach: db.prepare(
        'INSERT OR IGNORE INTO iam_attachments (account_id, entity_type, entity_id, policy_arn, attached_at) VALUES (?, ?, ?, ?, ?)',
      ),
      detach: db.prepare('DELETE FROM iam_attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?'),
      detachAll: db.prepare('DELETE FROM iam_attachments WHERE entity_type = ? AND entity_id = ?'),
      attachedArns: prepare<[string, string], { policy_arn: string }>(db,
        'SELECT policy_arn FROM iam_attachments WHERE entity_type = ? AND entity_id = ?',
      ),
      attachmentsOf: prepare<[string, string], { entity_type: string; entity_id: string }>(db,
        'SELECT entity_type, entity_id FROM iam_attachments WHERE policy_arn = ? AND account_id = ?',
      ),
      attachmentCount: prepare<[string, string], { n: number }>(db,
        'SELECT COUNT(*) AS n FROM iam_attachments WHERE policy_arn = ? AND account_id = ?',
      ),
      boundaryCount: prepare<[string, string, string, string], { n: number }>(db,
        `SELECT (SELECT COUNT(*) FROM iam_users WHERE permissions_boundary_arn = ? AND account_id = ?)
              + (SELECT COUNT(*) FROM iam_roles WHERE permissions_boundary_arn = ? AND account_id = ?) AS n`,
      ),
    };
  }

  // ---- managed policies ---------------------------------------------------------------------

  getPolicy(policyArn: string): ManagedPolicy | undefined {
    const aws = this.aws.get(policyArn);
    if (aws) return { ...aws.policy };
    const r = this.#q.policy.get(policyArn);
    return r ? this.#policy(r, r.account_id) : undefined;
  }

  createPolicy(input: NewManagedPolicy): ManagedPolicy {
    const policyId = newUniqueId('ANPA');
    const arn = iamArn(input.accountId, 'policy', input.path, input.policyName);
    const now = this.clock.now().getTime();
    deferred(this.db, () => {
      writeUnique('policy', input.policyName, () =>
        this.#q.insertPolicy.run(policyId, input.accountId, input.policyName, input.path, arn, input.description ?? null, now, now, JSON.stringify(input.tags)),
      );
      this.#q.insertVersion.run(policyId, 'v1', input.document, now);
    });
    return this.getPolicy(arn)!;
  }

  deletePolicy(policyArn: string): void {
    this.#q.deletePolicy.run(policyArn);
  }

  getPolicyInAccount(accountId: string, policyArn: string): ManagedPolicy | undefined {
    const aws = this.aws.get(policyArn);
    if (aws) return { ...aws.policy, ...this.#counts(policyArn, accountId) };
    const r = this.#q.policy.get(policyArn);
    return r ? this.#policy(r, r.account_id) : undefined;
  }

  listPolicies(accountId: string): ManagedPolicy[] {
    const local = this.#q.policies.all(accountId).map((r) => this.#policy(r, accountId));
    const aws = [...this.aws.values()].map((a) => ({ ...a.policy, ...this.#counts(a.policy.arn, accountId) }));
    return [...local, ...aws].sort(byName((p) => p.policyName));
  }

  setPolicyTags(policyArn: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): void {
    // Read and written with nothing else running on the database in between.
    const stored = typeof tags === 'function' ? (this.#q.policyTagsOf.get(policyArn) as { tags: string } | undefined) : undefined;
    if (typeof tags === 'function' && !stored) return;
    this.#q.policyTags.run(JSON.stringify(typeof tags === 'function' ? tags(JSON.parse(stored!.tags) as Tag[]) : tags), policyArn);
  }

  // ---- versions -----------------------------------------------------------------------------

  getPolicyVersion(policyArn: string, versionId: string): PolicyVersion | undefined {
    const aws = this.aws.get(policyArn);
    if (aws) return aws.version.versionId === versionId ? { ...aws.version } : undefined;
    const p = this.#q.policy.get(policyArn);
    const v = p ? this.#q.version.get(p.policy_id, versionId) : undefined;
    return p && v ? toVersion(v, p.default_version) : undefined;
  }

  /** The document of the policy's default version: what the authorizer evaluates. */
  defaultDocument(policyArn: string): string | undefined {
    const aws = this.aws.get(policyArn);
    if (aws) return aws.version.document;
    const p = this.#q.policy.get(policyArn);
    return p ? this.#q.version.get(p.policy_id, p.default_version)?.document : undefined;
  }

  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): PolicyVersion {
    const p = this.#customer(policyArn);
    const versionId = `v${p.next_version}`;
    const now = this.clock.now().getTime();
    deferred(this.db, () => {
      this.#q.insertVersion.run(p.policy_id, versionId, document, now);
      this.#q.bumpVersion.run(p.policy_id);
      if (setAsDefault) this.#q.setDefault.run(versionId, now, p.policy_id);
    });
    return { versionId, document, isDefaultVersion: setAsDefault, createDate: new Date(now) };
  }

  deletePolicyVersion(policyArn: string, versionId: string): void {
    this.#q.deleteVersion.run(this.#customer(policyArn).policy_id, versionId);
  }

  setDefaultPolicyVersion(policyArn: string, versionId: string): void {
    this.#q.setDefault.run(versionId, this.clock.now().getTime(), this.#customer(policyArn).policy_id);
  }

  listPolicyVersions(policyArn: string): PolicyVersion[] {
    const aws = this.aws.get(policyArn);
    if (aws) return [{ ...aws.version }];
    const p = this.#q.policy.get(policyArn);
    if (!p) return [];
    return this.#q.versions
      .all(p.policy_id)
      .map((v) => toVersion(v, p.default_version))
      .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
  }

  // ---- attachments --------------------------------------------------------------------------

  attachPolicy(accountId: string, entity: IamEntityRef, policyArn: string): void {
    this.#q.attach.run(accountId, entity.type, entity.id, policyArn, this.clock.now().getTime());
  }

  detachPolicy(entity: IamEntityRef, policyArn: string): boolean {
    return this.#q.detach.run(entity.type, entity.id, policyArn).changes > 0;
  }

  /** All of the entity's attachments, as it is deleted. */
  detachAllPolicies(entity: IamEntityRef): void {
    this.#q.detachAll.run(entity.type, entity.id);
  }

  /** The ARNs attached to the entity, in the table's order. */
  attachedPolicyArns(entity: IamEntityRef): string[] {
    return this.#q.attachedArns.all(entity.type, entity.id).map((a) => a.policy_arn);
  }

  listAttachedPolicies(entity: IamEntityRef): ManagedPolicy[] {
    const out: ManagedPolicy[] = [];
    for (const policyArn of this.attachedPolicyArns(entity)) {
      const p = this.getPolicy(policyArn);
      if (p) out.push(p);
    }
    return out.sort(byName((p) => p.policyName));
  }

  listEntitiesForPolicy(accountId: string, policyArn: string): PolicyEntities {
    const out: PolicyEntities = { users: [], groups: [], roles: [] };
    for (const a of this.#q.attachmentsOf.all(policyArn, accountId)) {
      if (a.entity_type === 'user') {
        const u = this.users.getUserById(a.entity_id);
        if (u) out.users.push(u);
      } else if (a.entity_type === 'group') {
        const g = this.users.getGroupById(a.entity_id);
        if (g) out.groups.push(g);
      } else {
        const r = this.roles.getRoleById(a.entity_id);
        if (r) out.roles.push(r);
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
}
