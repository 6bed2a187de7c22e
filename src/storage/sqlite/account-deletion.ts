/**
 * Deleting an account from a data directory (`sagelite account delete`): everything the account
 * owns, in one transaction. Written against the few calls better-sqlite3 and node:sqlite share
 * (prepare → run/all with named parameters, exec), so it does not depend on which driver opened
 * the database.
 */

/** The part of a SQLite connection this needs. */
export interface SqlConnection {
  prepare(sql: string): { run(params: { id: string }): { changes: number | bigint }; all(params: { id: string }): unknown[] };
  exec(sql: string): unknown;
}

/** How many of each thing went (for the operator's summary line). */
export interface AccountDeletion {
  accessKeys: number;
  iamUsers: number;
  iamGroups: number;
  iamRoles: number;
  iamPolicies: number;
  buckets: number;
  objects: number;
  featureGroups: number;
  records: number;
  glueDatabases: number;
  athenaQueryExecutions: number;
  /** Role sessions of other accounts that a principal of this account had assumed, revoked with their keys. */
  revokedSessionsElsewhere: number;
}

/** The account's users', groups' and roles' ids, for the tables keyed by entity id only. */
const ENTITY_IDS = `
  SELECT 'user', user_id FROM iam_users WHERE account_id = :id
  UNION ALL SELECT 'group', group_id FROM iam_groups WHERE account_id = :id
  UNION ALL SELECT 'role', role_id FROM iam_roles WHERE account_id = :id`;

/** A principal ARN of the account (`arn:aws:iam::ID:…` or `arn:aws:sts::ID:…`). */
const ASSUMED_BY_ACCOUNT = `(json_extract(document, '$.assumedBy') LIKE 'arn:aws:iam::' || :id || ':%'
  OR json_extract(document, '$.assumedBy') LIKE 'arn:aws:sts::' || :id || ':%')`;

/**
 * The statements, in an order that leaves no row pointing at a deleted one. Each counts what it
 * removed under its key (null: not reported). Other accounts' documents — policies naming this
 * account, objects it wrote into their buckets, their tables over its buckets — are theirs and
 * stay as they are (docs/DECISIONS.md, "Operations").
 */
const STEPS: ReadonlyArray<[keyof AccountDeletion | null, string]> = [
  [null, `DELETE FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket IN (SELECT name FROM s3_buckets WHERE account_id = :id))`],
  [null, `DELETE FROM s3_uploads WHERE bucket IN (SELECT name FROM s3_buckets WHERE account_id = :id)`],
  ['objects', `DELETE FROM s3_objects WHERE bucket IN (SELECT name FROM s3_buckets WHERE account_id = :id)`],
  ['buckets', `DELETE FROM s3_buckets WHERE account_id = :id`],
  [null, `DELETE FROM access_keys WHERE owner_type = 'session' AND account_id <> :id AND owner_id IN (SELECT session_id FROM role_sessions WHERE account_id <> :id AND ${ASSUMED_BY_ACCOUNT})`],
  ['revokedSessionsElsewhere', `DELETE FROM role_sessions WHERE account_id <> :id AND ${ASSUMED_BY_ACCOUNT}`],
  ['accessKeys', `DELETE FROM access_keys WHERE account_id = :id`],
  [null, `DELETE FROM role_sessions WHERE account_id = :id`],
  [null, `DELETE FROM decisions WHERE account_id = :id`],
  [null, `DELETE FROM iam_inline_policies WHERE (entity_type, entity_id) IN (${ENTITY_IDS})`],
  [null, `DELETE FROM iam_attachments WHERE account_id = :id`],
  [null, `DELETE FROM iam_group_members WHERE group_id IN (SELECT group_id FROM iam_groups WHERE account_id = :id) OR user_id IN (SELECT user_id FROM iam_users WHERE account_id = :id)`],
  ['iamUsers', `DELETE FROM iam_users WHERE account_id = :id`],
  ['iamGroups', `DELETE FROM iam_groups WHERE account_id = :id`],
  ['iamRoles', `DELETE FROM iam_roles WHERE account_id = :id`],
  [null, `DELETE FROM iam_policy_versions WHERE policy_id IN (SELECT policy_id FROM iam_policies WHERE account_id = :id)`],
  ['iamPolicies', `DELETE FROM iam_policies WHERE account_id = :id`],
  [null, `DELETE FROM iam_oidc_providers WHERE account_id = :id`],
  ['records', `DELETE FROM fs_records WHERE account_id = :id`],
  [null, `DELETE FROM fs_record_groups WHERE account_id = :id`],
  [null, `DELETE FROM fs_outbox WHERE account_id = :id`],
  ['featureGroups', `DELETE FROM feature_groups WHERE account_id = :id`],
  [null, `DELETE FROM glue_partitions WHERE catalog_id = :id`],
  [null, `DELETE FROM glue_tables WHERE catalog_id = :id`],
  ['glueDatabases', `DELETE FROM glue_databases WHERE catalog_id = :id`],
  [null, `DELETE FROM glue_catalog_policies WHERE catalog_id = :id`],
  [null, `DELETE FROM athena_data_catalogs WHERE account_id = :id`],
  [null, `DELETE FROM ram_share_keys WHERE share_arn IN (SELECT arn FROM ram_resource_shares WHERE owner_account_id = :id)`],
  [null, `DELETE FROM ram_resource_shares WHERE owner_account_id = :id`],
  [null, `DELETE FROM kms_grants WHERE account_id = :id`],
  [null, `DELETE FROM kms_aliases WHERE account_id = :id`],
  [null, `DELETE FROM kms_keys WHERE account_id = :id`],
  ['athenaQueryExecutions', `DELETE FROM athena_query_executions WHERE account_id = :id`],
  [null, `DELETE FROM athena_work_groups WHERE account_id = :id`],
  [null, `DELETE FROM accounts WHERE account_id = :id`],
];

/**
 * Deletes the account and everything it owns; undefined when there is no such account. The
 * object files of its buckets stay on disk until the object store's next opening sweeps files
 * that no metadata names (LocalObjectStore.open).
 *
 * @example
 * const gone = deleteAccountState(db, '123456789012'); // { buckets: 2, objects: 40, … }
 */
export function deleteAccountState(db: SqlConnection, accountId: string): AccountDeletion | undefined {
  if (db.prepare('SELECT 1 FROM accounts WHERE account_id = :id').all({ id: accountId }).length === 0) return undefined;
  const out: AccountDeletion = {
    accessKeys: 0, iamUsers: 0, iamGroups: 0, iamRoles: 0, iamPolicies: 0, buckets: 0, objects: 0,
    featureGroups: 0, records: 0, glueDatabases: 0, athenaQueryExecutions: 0, revokedSessionsElsewhere: 0,
  };
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const [key, sql] of STEPS) {
      const { changes } = db.prepare(sql).run({ id: accountId });
      if (key) out[key] = Number(changes);
    }
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
  return out;
}
