import type { SchemaComponent } from './migrations.js';

/**
 * The athena store's tables in PostgreSQL, step by step (never edit a released step: add one).
 * The rows are the SQLite store's (src/storage/sqlite/athena-schema.ts: documents in Athena's
 * member names, dates as epoch milliseconds) with three differences:
 * - `seq` is an identity column: executions submitted in the same millisecond by several
 *   processes still have one order (SQLite counts in its one process);
 * - the owning process and its last heartbeat are columns, not document members: heartbeats
 *   touch them alone, and failOrphaned finds stale executions by an index;
 * - no reference to `accounts`, as in the other PostgreSQL stores.
 */
export const ATHENA_SCHEMA: SchemaComponent = {
  name: 'athena',
  steps: [
    `CREATE TABLE athena_work_groups (
       account_id text NOT NULL,
       region text NOT NULL,
       name text NOT NULL,
       created_at bigint NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (account_id, region, name)
     );
     CREATE TABLE athena_query_executions (
       id text PRIMARY KEY,
       account_id text NOT NULL,
       region text NOT NULL,
       work_group text NOT NULL,
       client_token text,
       state text NOT NULL,
       submitted_at bigint NOT NULL,
       seq bigint GENERATED ALWAYS AS IDENTITY,
       owner text,
       heartbeat_at bigint,
       document text NOT NULL
     );
     CREATE INDEX athena_executions_by_work_group ON athena_query_executions (account_id, region, work_group, submitted_at, seq);
     CREATE INDEX athena_executions_by_token ON athena_query_executions (account_id, region, client_token) WHERE client_token IS NOT NULL;
     CREATE INDEX athena_executions_unfinished ON athena_query_executions (owner, heartbeat_at) WHERE state IN ('QUEUED', 'RUNNING');`,
      // Data catalogs registered with CreateDataCatalog (names lower-cased in the key).
    `CREATE TABLE athena_data_catalogs (
       account_id text NOT NULL,
       region text NOT NULL,
       name text NOT NULL,
       created_at bigint NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (account_id, region, name)
     );`,
  ],
};
