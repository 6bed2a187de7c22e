import type { SchemaComponent } from './migrations.js';

/**
 * The iam store's tables in PostgreSQL, step by step (never edit a released step: add one).
 *
 * The tables and columns are SQLite's (src/storage/sqlite/database.ts, migration 3), so both
 * stores map rows alike (src/storage/sqlite/iam-rows.ts). Differences, and why:
 * - names are unique per account without regard to case through unique indexes on
 *   lower(name) (SQLite: COLLATE NOCASE; IAM names are ASCII, where both fold alike), and
 *   lookups by name compare lower(name) = lower($n) so they use those indexes;
 * - account_id refers to no accounts table: another store owns it, and the stores' schemas
 *   are versioned apart. Only IAM's own tables refer to each other (memberships to users and
 *   groups, versions to their policy), deleting with what they belong to.
 */
export const IAM_SCHEMA: SchemaComponent = {
  name: 'iam',
  steps: [
    `CREATE TABLE iam_users (
       user_id text PRIMARY KEY,
       account_id text NOT NULL,
       user_name text NOT NULL,
       path text NOT NULL,
       created_at bigint NOT NULL,
       permissions_boundary_arn text,
       tags text NOT NULL DEFAULT '[]'
     );
     CREATE UNIQUE INDEX iam_users_by_name ON iam_users (account_id, lower(user_name));
     CREATE INDEX iam_users_by_boundary ON iam_users (permissions_boundary_arn, account_id) WHERE permissions_boundary_arn IS NOT NULL;
     CREATE TABLE iam_groups (
       group_id text PRIMARY KEY,
       account_id text NOT NULL,
       group_name text NOT NULL,
       path text NOT NULL,
       created_at bigint NOT NULL
     );
     CREATE UNIQUE INDEX iam_groups_by_name ON iam_groups (account_id, lower(group_name));
     CREATE TABLE iam_group_members (
       group_id text NOT NULL REFERENCES iam_groups (group_id) ON DELETE CASCADE,
       user_id text NOT NULL REFERENCES iam_users (user_id) ON DELETE CASCADE,
       added_at bigint NOT NULL,
       PRIMARY KEY (group_id, user_id)
     );
     CREATE INDEX iam_group_members_by_user ON iam_group_members (user_id);
     CREATE TABLE iam_roles (
       role_id text PRIMARY KEY,
       account_id text NOT NULL,
       role_name text NOT NULL,
       path text NOT NULL,
       created_at bigint NOT NULL,
       description text,
       max_session_duration integer NOT NULL,
       assume_role_policy text NOT NULL,
       trust_bindings text NOT NULL DEFAULT '{}',
       permissions_boundary_arn text,
       tags text NOT NULL DEFAULT '[]',
       last_used_at bigint,
       last_used_region text
     );
     CREATE UNIQUE INDEX iam_roles_by_name ON iam_roles (account_id, lower(role_name));
     CREATE INDEX iam_roles_by_boundary ON iam_roles (permissions_boundary_arn, account_id) WHERE permissions_boundary_arn IS NOT NULL;
     CREATE TABLE iam_policies (
       policy_id text PRIMARY KEY,
       account_id text NOT NULL,
       policy_name text NOT NULL,
       path text NOT NULL,
       arn text NOT NULL UNIQUE,
       description text,
       default_version text NOT NULL,
       next_version integer NOT NULL,
       created_at bigint NOT NULL,
       updated_at bigint NOT NULL,
       tags text NOT NULL DEFAULT '[]'
     );
     CREATE UNIQUE INDEX iam_policies_by_name ON iam_policies (account_id, lower(policy_name));
     CREATE TABLE iam_policy_versions (
       policy_id text NOT NULL REFERENCES iam_policies (policy_id) ON DELETE CASCADE,
       version_id text NOT NULL,
       document text NOT NULL,
       created_at bigint NOT NULL,
       PRIMARY KEY (policy_id, version_id)
     );
     CREATE TABLE iam_inline_policies (
       entity_type text NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
       entity_id text NOT NULL,
       policy_name text NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (entity_type, entity_id, policy_name)
     );
     CREATE TABLE iam_attachments (
       account_id text NOT NULL,
       entity_type text NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
       entity_id text NOT NULL,
       policy_arn text NOT NULL,
       attached_at bigint NOT NULL,
       PRIMARY KEY (entity_type, entity_id, policy_arn)
     );
     CREATE INDEX iam_attachments_by_policy ON iam_attachments (policy_arn, account_id);`,
    // OpenID Connect providers, one per account and URL (SQLite: iam-oidc-providers.ts).
    `CREATE TABLE iam_oidc_providers (
       account_id text NOT NULL,
       arn text NOT NULL,
       url text NOT NULL,
       client_ids text NOT NULL DEFAULT '[]',
       thumbprints text NOT NULL DEFAULT '[]',
       created_at bigint NOT NULL,
       tags text NOT NULL DEFAULT '[]',
       PRIMARY KEY (account_id, arn)
     );`,
  ],
};
