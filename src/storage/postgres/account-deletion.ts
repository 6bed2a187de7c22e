import type { AccountDeletion } from '../sqlite/account-deletion.js';
import type { PgDatabase } from './database.js';

/**
 * `sagelite account delete` on the shared shape: everything the account owns, in one PostgreSQL
 * transaction, as src/storage/sqlite/account-deletion.ts does for the embedded shape (the same
 * steps and the same counts). Server processes may be running: the transaction announces every
 * change topic, so each process drops the keys, sessions, IAM entities, buckets and feature
 * groups it had cached, and the account's keys stop working everywhere once it commits.
 *
 * Returns, besides the counts, the blob ids of the objects and parts that went: the caller
 * removes their files after the commit (in the shared shape nothing sweeps fresh unnamed files).
 * InMemory records in Redis are the caller's too (RedisRecordStore.dropAccount).
 */
export interface PgAccountDeletion {
  counts: AccountDeletion;
  blobIds: string[];
}

const ENTITY_IDS = `
  SELECT 'user', user_id FROM iam_users WHERE account_id = $1
  UNION ALL SELECT 'group', group_id FROM iam_groups WHERE account_id = $1
  UNION ALL SELECT 'role', role_id FROM iam_roles WHERE account_id = $1`;

/** A principal ARN of the account in a role session's document (`assumedBy`). */
const ASSUMED_BY_ACCOUNT = `((document::jsonb ->> 'assumedBy') LIKE 'arn:aws:iam::' || $1 || ':%'
  OR (document::jsonb ->> 'assumedBy') LIKE 'arn:aws:sts::' || $1 || ':%')`;

const BUCKETS = `SELECT name FROM s3_buckets WHERE account_id = $1`;

const STEPS: ReadonlyArray<[keyof AccountDeletion | null, string]> = [
  [null, `DELETE FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket IN (${BUCKETS}))`],
  [null, `DELETE FROM s3_uploads WHERE bucket IN (${BUCKETS})`],
  ['objects', `DELETE FROM s3_objects WHERE bucket IN (${BUCKETS})`],
  ['buckets', `DELETE FROM s3_buckets WHERE account_id = $1`],
  [null, `DELETE FROM access_keys WHERE owner_type = 'session' AND account_id <> $1 AND owner_id IN (SELECT session_id FROM role_sessions WHERE account_id <> $1 AND ${ASSUMED_BY_ACCOUNT})`],
  ['revokedSessionsElsewhere', `DELETE FROM role_sessions WHERE account_id <> $1 AND ${ASSUMED_BY_ACCOUNT}`],
  ['accessKeys', `DELETE FROM access_keys WHERE account_id = $1`],
  [null, `DELETE FROM role_sessions WHERE account_id = $1`],
  [null, `DELETE FROM decisions WHERE account_id = $1`],
  [null, `DELETE FROM iam_inline_policies WHERE (entity_type, entity_id) IN (${ENTITY_IDS})`],
  [null, `DELETE FROM iam_attachments WHERE account_id = $1`],
  [null, `DELETE FROM iam_group_members WHERE group_id IN (SELECT group_id FROM iam_groups WHERE account_id = $1) OR user_id IN (SELECT user_id FROM iam_users WHERE account_id = $1)`],
  ['iamUsers', `DELETE FROM iam_users WHERE account_id = $1`],
  ['iamGroups', `DELETE FROM iam_groups WHERE account_id = $1`],
  ['iamRoles', `DELETE FROM iam_roles WHERE account_id = $1`],
  [null, `DELETE FROM iam_policy_versions WHERE policy_id IN (SELECT policy_id FROM iam_policies WHERE account_id = $1)`],
  ['iamPolicies', `DELETE FROM iam_policies WHERE account_id = $1`],
  [null, `DELETE FROM iam_oidc_providers WHERE account_id = $1`],
  ['records', `DELETE FROM fs_records WHERE account_id = $1`],
  [null, `DELETE FROM fs_record_groups WHERE account_id = $1`],
  [null, `DELETE FROM fs_outbox WHERE account_id = $1`],
  [null, `DELETE FROM fs_outbox_batches WHERE account_id = $1`],
  ['featureGroups', `DELETE FROM feature_groups WHERE account_id = $1`],
  [null, `DELETE FROM glue_partitions WHERE catalog_id = $1`],
  [null, `DELETE FROM glue_tables WHERE catalog_id = $1`],
  ['glueDatabases', `DELETE FROM glue_databases WHERE catalog_id = $1`],
  [null, `DELETE FROM glue_catalog_policies WHERE catalog_id = $1`],
  [null, `DELETE FROM athena_data_catalogs WHERE account_id = $1`],
  [null, `DELETE FROM ram_share_keys WHERE share_arn IN (SELECT arn FROM ram_resource_shares WHERE owner_account_id = $1)`],
  [null, `DELETE FROM ram_resource_shares WHERE owner_account_id = $1`],
  [null, `DELETE FROM kms_grants WHERE account_id = $1`],
  [null, `DELETE FROM kms_aliases WHERE account_id = $1`],
  [null, `DELETE FROM kms_keys WHERE account_id = $1`],
  ['athenaQueryExecutions', `DELETE FROM athena_query_executions WHERE account_id = $1`],
  [null, `DELETE FROM athena_work_groups WHERE account_id = $1`],
  [null, `DELETE FROM accounts WHERE account_id = $1`],
];

/** Deletes the account and everything it owns; undefined when there is no such account. */
export async function deletePgAccountState(db: PgDatabase, accountId: string): Promise<PgAccountDeletion | undefined> {
  return db.transaction(async (c) => {
    // The account row is locked first: a second delete (or a key made meanwhile) waits for this one.
    const found = await c.query('SELECT 1 FROM accounts WHERE account_id = $1 FOR UPDATE', [accountId]);
    if (found.rowCount === 0) return undefined;
    const blobs = await c.query<{ blob_id: string }>(
      `SELECT blob_id FROM s3_objects WHERE bucket IN (${BUCKETS})
       UNION SELECT p.blob_id FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket IN (${BUCKETS})`,
      [accountId],
    );
    const counts: AccountDeletion = {
      accessKeys: 0, iamUsers: 0, iamGroups: 0, iamRoles: 0, iamPolicies: 0, buckets: 0, objects: 0,
      featureGroups: 0, records: 0, glueDatabases: 0, athenaQueryExecutions: 0, revokedSessionsElsewhere: 0,
    };
    for (const [key, sql] of STEPS) {
      const r = await c.query(sql, [accountId]);
      if (key) counts[key] = r.rowCount ?? 0;
    }
    // Blobs another account's object still names (a copy shares nothing, but be certain) stay.
    const stillNamed = await c.query<{ blob_id: string }>('SELECT blob_id FROM s3_objects WHERE blob_id = ANY($1) UNION SELECT blob_id FROM s3_parts WHERE blob_id = ANY($1)', [blobs.rows.map((b) => b.blob_id)]);
    const keep = new Set(stillNamed.rows.map((r) => r.blob_id));
    return { counts, blobIds: blobs.rows.map((b) => b.blob_id).filter((b) => !keep.has(b)) };
  }, ['iam', 'keys', 'sessions', 'buckets', 'feature-groups']);
}
