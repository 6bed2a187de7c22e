import type { Clock } from '../../core/clock.js';
import { writeTags } from './iam-tags.js';
import { newUniqueId } from '../../core/ids.js';
import type { ManagedPolicy, NewManagedPolicy, PolicyVersion, Tag } from '../iam.js';
import type { AwsManagedPolicy } from '../aws-managed-policies.js';
import { byName, iamArn, toPolicy, toVersion, type PolicyRow, type VersionRow } from '../sqlite/iam-rows.js';
import type { Queryable } from './database.js';
import { all, one, writeUnique, type PgIamAccess } from './iam-access.js';

/** A policy row with its attachment and boundary counts in one account. */
export interface CountedPolicyRow extends PolicyRow {
  attachments: number;
  boundaries: number;
}

/**
 * Select-list columns counting the attachments and boundary uses of the policy whose ARN is the
 * SQL expression `arn`, in the account `account` (columns of the enclosing query or parameters:
 * never caller text).
 */
export function countsOf(arn: string, account: string): string {
  return `(SELECT count(*) FROM iam_attachments a WHERE a.policy_arn = ${arn} AND a.account_id = ${account}) AS attachments,
    (SELECT count(*) FROM iam_users u WHERE u.permissions_boundary_arn = ${arn} AND u.account_id = ${account})
    + (SELECT count(*) FROM iam_roles r WHERE r.permissions_boundary_arn = ${arn} AND r.account_id = ${account}) AS boundaries`;
}

/** A customer managed policy, counted in its own account. */
const CUSTOMER_POLICY = `SELECT p.*, ${countsOf('p.arn', 'p.account_id')} FROM iam_policies p WHERE p.arn = $1`;

export function toCountedPolicy(r: CountedPolicyRow): ManagedPolicy {
  return toPolicy(r, { attachments: r.attachments, boundaries: r.boundaries });
}

function versionNumber(versionId: string): number {
  return Number.parseInt(versionId.slice(1), 10);
}

/** Version rows with their policy's default version id. */
type VersionWithDefault = VersionRow & { default_version: string };

/**
 * Managed policies and their versions on PostgreSQL (iam_policies, iam_policy_versions): one
 * family of {@link PgIamStore}. AWS managed policies come from memory and are read-only, as in
 * the SQLite store; customer managed ones from the tables. A new version's id comes from the
 * policy row's `next_version`, taken under that row's lock, so concurrent versions differ.
 */
export class PgManagedPolicies {
  constructor(
    private readonly access: PgIamAccess,
    private readonly clock: Clock,
    private readonly aws: Map<string, AwsManagedPolicy>,
  ) {}

  // ---- managed policies ---------------------------------------------------------------------

  async getPolicy(policyArn: string): Promise<ManagedPolicy | undefined> {
    const aws = this.aws.get(policyArn);
    if (aws) return { ...aws.policy };
    const r = await one<CountedPolicyRow>(this.access.pool, CUSTOMER_POLICY, [policyArn]);
    return r ? toCountedPolicy(r) : undefined;
  }

  async createPolicy(input: NewManagedPolicy): Promise<ManagedPolicy> {
    const policyId = newUniqueId('ANPA');
    const arn = iamArn(input.accountId, 'policy', input.path, input.policyName);
    const now = this.clock.now().getTime();
    const row = await writeUnique('policy', input.policyName, () =>
      this.access.write(async (c) => {
        await c.query(
          `INSERT INTO iam_policies (policy_id, account_id, policy_name, path, arn, description, default_version, next_version, created_at, updated_at, tags)
           VALUES ($1, $2, $3, $4, $5, $6, 'v1', 2, $7, $7, $8)`,
          [policyId, input.accountId, input.policyName, input.path, arn, input.description ?? null, now, JSON.stringify(input.tags)],
        );
        await c.query('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES ($1, $2, $3, $4)', [policyId, 'v1', input.document, now]);
        return one<CountedPolicyRow>(c, CUSTOMER_POLICY, [arn]);
      }),
    );
    return toCountedPolicy(row!);
  }

  /** The policy and its versions (by cascade); attachments are the caller's to have removed. */
  async deletePolicy(policyArn: string): Promise<void> {
    await this.access.write((c) => c.query('DELETE FROM iam_policies WHERE arn = $1', [policyArn]));
  }

  async getPolicyInAccount(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined> {
    const aws = this.aws.get(policyArn);
    if (aws) {
      const counts = await one<Pick<CountedPolicyRow, 'attachments' | 'boundaries'>>(this.access.pool, `SELECT ${countsOf('$1::text', '$2::text')}`, [policyArn, accountId]);
      return { ...aws.policy, attachmentCount: counts!.attachments, permissionsBoundaryUsageCount: counts!.boundaries };
    }
    return this.getPolicy(policyArn);
  }

  /** One statement: the account's customer policies and the AWS ones, each with its counts in the account. */
  async listPolicies(accountId: string): Promise<ManagedPolicy[]> {
    const awsArns = [...this.aws.keys()];
    const rows = await all<{ target: string } & (CountedPolicyRow | ({ [K in keyof PolicyRow]: null } & Pick<CountedPolicyRow, 'attachments' | 'boundaries'>))>(
      this.access.pool,
      `SELECT t.arn AS target, p.*, ${countsOf('t.arn', '$1::text')}
       FROM (SELECT arn FROM iam_policies WHERE account_id = $1 UNION ALL SELECT unnest($2::text[])) AS t (arn)
       LEFT JOIN iam_policies p ON p.arn = t.arn`,
      [accountId, awsArns],
    );
    const out: ManagedPolicy[] = [];
    for (const r of rows) {
      if (r.policy_id !== null) {
        out.push(toCountedPolicy(r));
        continue;
      }
      const aws = this.aws.get(r.target);
      if (aws) out.push({ ...aws.policy, attachmentCount: r.attachments, permissionsBoundaryUsageCount: r.boundaries });
    }
    return out.sort(byName((p) => p.policyName));
  }

  async setPolicyTags(policyArn: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    await this.access.write((c) => writeTags(c, 'iam_policies', 'arn', policyArn, tags));
  }

  // ---- versions -----------------------------------------------------------------------------

  async getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersion | undefined> {
    const aws = this.aws.get(policyArn);
    if (aws) return aws.version.versionId === versionId ? { ...aws.version } : undefined;
    const v = await one<VersionWithDefault>(this.access.pool,
      'SELECT v.*, p.default_version FROM iam_policy_versions v JOIN iam_policies p ON p.policy_id = v.policy_id WHERE p.arn = $1 AND v.version_id = $2',
      [policyArn, versionId],
    );
    return v ? toVersion(v, v.default_version) : undefined;
  }

  /** The document of the policy's default version: what the authorizer evaluates. */
  async defaultDocument(policyArn: string, q: Queryable = this.access.pool): Promise<string | undefined> {
    const aws = this.aws.get(policyArn);
    if (aws) return aws.version.document;
    const v = await one<{ document: string }>(q,
      'SELECT v.document FROM iam_policies p JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version WHERE p.arn = $1',
      [policyArn],
    );
    return v?.document;
  }

  async createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<PolicyVersion> {
    const now = this.clock.now().getTime();
    const versionId = await this.access.write(async (c) => {
      // In SET, next_version is the value before the update: the number this version takes.
      const taken = await one<{ policy_id: string; version: number }>(c,
        `UPDATE iam_policies SET next_version = next_version + 1,
           default_version = CASE WHEN $2::boolean THEN 'v' || next_version ELSE default_version END,
           updated_at = CASE WHEN $2::boolean THEN $3::bigint ELSE updated_at END
         WHERE arn = $1 RETURNING policy_id, next_version - 1 AS version`,
        [policyArn, setAsDefault, now],
      );
      if (!taken) throw new Error(`no customer managed policy ${policyArn}`);
      const id = `v${taken.version}`;
      await c.query('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES ($1, $2, $3, $4)', [taken.policy_id, id, document, now]);
      return id;
    });
    return { versionId, document, isDefaultVersion: setAsDefault, createDate: new Date(now) };
  }

  async deletePolicyVersion(policyArn: string, versionId: string): Promise<void> {
    const policy = await this.access.write((c) =>
      one<{ policy_id: string }>(c,
        `WITH p AS (SELECT policy_id FROM iam_policies WHERE arn = $1),
              gone AS (DELETE FROM iam_policy_versions v USING p WHERE v.policy_id = p.policy_id AND v.version_id = $2)
         SELECT policy_id FROM p`,
        [policyArn, versionId],
      ),
    );
    if (!policy) throw new Error(`no customer managed policy ${policyArn}`);
  }

  async setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void> {
    const set = await this.access.write((c) =>
      c.query('UPDATE iam_policies SET default_version = $2, updated_at = $3 WHERE arn = $1', [policyArn, versionId, this.clock.now().getTime()]),
    );
    if (set.rowCount === 0) throw new Error(`no customer managed policy ${policyArn}`);
  }

  /** Newest first. */
  async listPolicyVersions(policyArn: string): Promise<PolicyVersion[]> {
    const aws = this.aws.get(policyArn);
    if (aws) return [{ ...aws.version }];
    const rows = await all<VersionWithDefault>(this.access.pool,
      'SELECT v.*, p.default_version FROM iam_policy_versions v JOIN iam_policies p ON p.policy_id = v.policy_id WHERE p.arn = $1',
      [policyArn],
    );
    return rows.map((v) => toVersion(v, v.default_version)).sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
  }
}
