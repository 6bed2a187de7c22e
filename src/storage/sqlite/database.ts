import { DatabaseSync } from 'node:sqlite';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { immediate, pragma, refuseUnreadableNul } from './node-sqlite.js';
import { S3_OBJECTS_SCHEMA, S3_VERSIONS_LISTING_INDEX, S3_VERSIONS_SCHEMA } from './s3-objects-schema.js';
import { OIDC_PROVIDERS_SCHEMA } from './iam-oidc-providers.js';
import { CATALOG_PARTITIONS_SCHEMA, CATALOG_SCHEMA } from './catalog-schema.js';
import { FEATURE_GROUPS_SCHEMA } from './featurestore-groups-schema.js';
import { FEATURESTORE_OUTBOX_BY_GROUP, FEATURESTORE_RECORDS_SCHEMA } from './featurestore-records-schema.js';
import { ATHENA_SCHEMA } from './athena-schema.js';
import { RAM_KEYS_SCHEMA, RAM_SCHEMA } from './ram-store.js';
import { KMS_SCHEMA } from './kms-store.js';
import { KMS_GRANTS_SCHEMA } from './kms-grants.js';

/** Schema steps, applied in order once each; `PRAGMA user_version` records how many ran. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     account_id TEXT PRIMARY KEY,
     alias TEXT UNIQUE,
     canonical_user_id TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE access_keys (
     access_key_id TEXT PRIMARY KEY,
     secret_access_key TEXT NOT NULL,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     owner_type TEXT NOT NULL CHECK (owner_type IN ('root', 'user', 'session')),
     owner_id TEXT NOT NULL DEFAULT '',
     status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
     session_token TEXT,
     expires_at INTEGER,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX access_keys_by_owner ON access_keys(account_id, owner_type, owner_id);
   CREATE TABLE operator_keys (
     access_key_id TEXT PRIMARY KEY,
     secret_access_key TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  `CREATE TABLE role_sessions (
     session_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     role_id TEXT NOT NULL,
     document TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX role_sessions_by_expiry ON role_sessions(expires_at);
   CREATE TABLE decisions (
     request_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     allowed INTEGER NOT NULL,
     document TEXT NOT NULL
   );
   CREATE INDEX decisions_by_time ON decisions(created_at);`,
  // IAM: users, groups, roles, customer managed policies and their versions, inline policies,
  // attachments. Names are unique per account without regard to case, as in IAM. Tags are JSON.
  `CREATE TABLE iam_users (
     user_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     user_name TEXT NOT NULL,
     path TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     permissions_boundary_arn TEXT,
     tags TEXT NOT NULL DEFAULT '[]'
   );
   CREATE UNIQUE INDEX iam_users_by_name ON iam_users(account_id, user_name COLLATE NOCASE);
   CREATE TABLE iam_groups (
     group_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     group_name TEXT NOT NULL,
     path TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE UNIQUE INDEX iam_groups_by_name ON iam_groups(account_id, group_name COLLATE NOCASE);
   CREATE TABLE iam_group_members (
     group_id TEXT NOT NULL REFERENCES iam_groups(group_id) ON DELETE CASCADE,
     user_id TEXT NOT NULL REFERENCES iam_users(user_id) ON DELETE CASCADE,
     added_at INTEGER NOT NULL,
     PRIMARY KEY (group_id, user_id)
   );
   CREATE INDEX iam_group_members_by_user ON iam_group_members(user_id);
   CREATE TABLE iam_roles (
     role_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     role_name TEXT NOT NULL,
     path TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     description TEXT,
     max_session_duration INTEGER NOT NULL,
     assume_role_policy TEXT NOT NULL,
     trust_bindings TEXT NOT NULL DEFAULT '{}',
     permissions_boundary_arn TEXT,
     tags TEXT NOT NULL DEFAULT '[]',
     last_used_at INTEGER,
     last_used_region TEXT
   );
   CREATE UNIQUE INDEX iam_roles_by_name ON iam_roles(account_id, role_name COLLATE NOCASE);
   CREATE TABLE iam_policies (
     policy_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     policy_name TEXT NOT NULL,
     path TEXT NOT NULL,
     arn TEXT NOT NULL UNIQUE,
     description TEXT,
     default_version TEXT NOT NULL,
     next_version INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     tags TEXT NOT NULL DEFAULT '[]'
   );
   CREATE UNIQUE INDEX iam_policies_by_name ON iam_policies(account_id, policy_name COLLATE NOCASE);
   CREATE TABLE iam_policy_versions (
     policy_id TEXT NOT NULL REFERENCES iam_policies(policy_id) ON DELETE CASCADE,
     version_id TEXT NOT NULL,
     document TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (policy_id, version_id)
   );
   CREATE TABLE iam_inline_policies (
     entity_type TEXT NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
     entity_id TEXT NOT NULL,
     policy_name TEXT NOT NULL,
     document TEXT NOT NULL,
     PRIMARY KEY (entity_type, entity_id, policy_name)
   );
   CREATE TABLE iam_attachments (
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     entity_type TEXT NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
     entity_id TEXT NOT NULL,
     policy_arn TEXT NOT NULL,
     attached_at INTEGER NOT NULL,
     PRIMARY KEY (entity_type, entity_id, policy_arn)
   );
   CREATE INDEX iam_attachments_by_policy ON iam_attachments(policy_arn, account_id);`,
  // S3 buckets: names are global across accounts. Policy as stored text; PAB, tags and ACL as JSON.
  `CREATE TABLE s3_buckets (
     name TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     region TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     ownership TEXT NOT NULL CHECK (ownership IN ('BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter')),
     ownership_controls INTEGER NOT NULL DEFAULT 1,
     policy TEXT,
     public_access_block TEXT,
     tags TEXT,
     acl TEXT NOT NULL
   );
   CREATE INDEX s3_buckets_by_account ON s3_buckets(account_id, name);`,
  // S3 objects, multipart uploads and their parts (bytes are files under <data-dir>/objects/).
  S3_OBJECTS_SCHEMA,
  // SageMaker feature groups, and the Glue Data Catalog their offline stores are described in.
  FEATURE_GROUPS_SCHEMA + CATALOG_SCHEMA,
  // Feature Store runtime: online records, the group shapes the TTL sweep needs, the offline outbox.
  FEATURESTORE_RECORDS_SCHEMA,
  // Glue Data Catalog: partitions of tables.
  CATALOG_PARTITIONS_SCHEMA,
  // Athena: work groups and query executions.
  ATHENA_SCHEMA,
  // S3 bucket policies: the unique ids their user/role principals were bound to when saved (JSON
  // ARN → id). NULL for policies saved before this step: they stay unbound until put again.
  `ALTER TABLE s3_buckets ADD COLUMN policy_bindings TEXT;`,
  // The offline writer reads the outbox group by group (fairness across accounts and groups).
  FEATURESTORE_OUTBOX_BY_GROUP,
  // The Glue Data Catalog's resource policy (PutResourcePolicy), one per catalog and region.
  `CREATE TABLE glue_catalog_policies (
     catalog_id TEXT NOT NULL,
     region TEXT NOT NULL,
     document TEXT NOT NULL,
     hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (catalog_id, region)
   ) WITHOUT ROWID;`,
  // Athena data catalogs registered with CreateDataCatalog (names lower-cased in the key).
  `CREATE TABLE athena_data_catalogs (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     document TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name)
   ) WITHOUT ROWID;`,
  // AWS RAM's resource shares, one document each, indexed by the entities they name.
  RAM_SCHEMA,
  // RAM's index by key: accepted shares and live invitations apart, an invitation's entry lapsing with it.
  RAM_KEYS_SCHEMA,
  // AWS KMS's keys (their material sealed under the root key) and aliases.
  KMS_SCHEMA,
  // S3 default encryption (PutBucketEncryption): the rule as JSON; NULL is S3's default, SSE-S3.
  'ALTER TABLE s3_buckets ADD COLUMN encryption TEXT',
  // S3 server access logging (PutBucketLogging): LoggingEnabled as JSON; NULL when off.
  'ALTER TABLE s3_buckets ADD COLUMN logging TEXT',
  // S3 versioning, Object Lock, lifecycle and CORS (BucketConfigurations): JSON each; NULL when unset.
  `ALTER TABLE s3_buckets ADD COLUMN versioning TEXT;
   ALTER TABLE s3_buckets ADD COLUMN object_lock TEXT;
   ALTER TABLE s3_buckets ADD COLUMN lifecycle TEXT;
   ALTER TABLE s3_buckets ADD COLUMN cors TEXT;`,
  // S3 object versions other than the current object: noncurrent ones and delete markers.
  S3_VERSIONS_SCHEMA,
  // IAM OpenID Connect providers, one per account and URL.
  OIDC_PROVIDERS_SCHEMA,
  // AWS KMS's grants, under their key, found by grantee, retiring principal and idempotent name.
  KMS_GRANTS_SCHEMA,
  // The IV of each part of an encrypted multipart upload (SSE-KMS, SSE-C).
  'ALTER TABLE s3_parts ADD COLUMN iv TEXT',
  // ListObjectVersions' order as an index: a page of versions is read, not sorted.
  S3_VERSIONS_LISTING_INDEX,
];

/**
 * Opens (creating if needed) the data directory's SQLite database in WAL mode and brings its
 * schema up to date. The folder is made private to the user: secrets live in it, and a SigV4
 * verifier needs them in the clear.
 *
 * Durability: WAL with synchronous=FULL, so a committed transaction survives kill -9 and power
 * loss; foreign keys enforced; a writer waits up to 5 s for another connection's lock (the CLI's,
 * say) instead of failing at once.
 */
export function openDatabase(dataDir: string): DatabaseSync {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'sagelite.db');
  const db = new DatabaseSync(file);
  refuseUnreadableNul(db);
  chmodSync(file, 0o600);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: DatabaseSync): void {
  const current = Number(pragma(db, 'user_version'));
  for (let i = current; i < MIGRATIONS.length; i++) {
    immediate(db, () => {
      db.exec(MIGRATIONS[i]!);
      db.exec(`PRAGMA user_version = ${i + 1}`);
    });
  }
}
