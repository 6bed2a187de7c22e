import type { SchemaComponent } from './migrations.js';

/**
 * The accounts store's tables in PostgreSQL, step by step (never edit a released step: add one).
 * The same tables and columns as SQLite's (src/storage/sqlite/database.ts), with two additions
 * that only concurrent processes need:
 * - `access_keys.seq`: insertion order, so that keys made in the same millisecond list in the
 *   order they were added (SQLite's rowid order);
 * - `operator_keys.is_first`: at most one row may carry it (a unique index on a constant), so two
 *   processes starting together both end with the same operator key.
 */
export const ACCOUNTS_SCHEMA: SchemaComponent = {
  name: 'accounts',
  steps: [
    `CREATE TABLE accounts (
       account_id text PRIMARY KEY,
       alias text UNIQUE,
       canonical_user_id text NOT NULL UNIQUE,
       created_at bigint NOT NULL
     );
     CREATE TABLE access_keys (
       access_key_id text PRIMARY KEY,
       secret_access_key text NOT NULL,
       account_id text NOT NULL REFERENCES accounts(account_id),
       owner_type text NOT NULL CHECK (owner_type IN ('root', 'user', 'session')),
       owner_id text NOT NULL DEFAULT '',
       status text NOT NULL CHECK (status IN ('Active', 'Inactive')),
       session_token text,
       expires_at bigint,
       created_at bigint NOT NULL,
       seq bigint GENERATED ALWAYS AS IDENTITY
     );
     CREATE INDEX access_keys_by_owner ON access_keys(account_id, owner_type, owner_id);
     CREATE INDEX access_keys_by_expiry ON access_keys(expires_at) WHERE expires_at IS NOT NULL;
     CREATE TABLE operator_keys (
       access_key_id text PRIMARY KEY,
       secret_access_key text NOT NULL,
       created_at bigint NOT NULL,
       is_first boolean NOT NULL DEFAULT false
     );
     CREATE UNIQUE INDEX operator_keys_one_first ON operator_keys ((true)) WHERE is_first;
     CREATE TABLE role_sessions (
       session_id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(account_id),
       role_id text NOT NULL,
       document text NOT NULL,
       expires_at bigint NOT NULL
     );
     CREATE INDEX role_sessions_by_expiry ON role_sessions(expires_at);
     CREATE TABLE decisions (
       request_id text PRIMARY KEY,
       account_id text NOT NULL,
       created_at bigint NOT NULL,
       allowed boolean NOT NULL,
       document text NOT NULL
     );
     CREATE INDEX decisions_by_time ON decisions(created_at);`,
  ],
};
