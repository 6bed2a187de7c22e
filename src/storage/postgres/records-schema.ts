import type { SchemaComponent } from './migrations.js';

/**
 * The Feature Store runtime's tables in PostgreSQL: the Standard tier's online records, the
 * shapes of the groups they belong to, and the offline outbox, as SQLite's
 * (src/storage/sqlite/featurestore-records-schema.ts), plus the outbox's claims, which SQLite
 * keeps in memory (one process) and PostgreSQL must share between processes.
 *
 * - Identifiers are `COLLATE "C"`: compared and ordered byte by byte, as SQLite does, whatever
 *   the database's locale.
 * - `fs_records`: one online record per (account, region, lower-cased group name, record id);
 *   `features` is a JSON array of [name, value] pairs in put order; `event_time_ms` is compared
 *   when a newer write arrives (fractional for sub-millisecond Unix seconds, hence double).
 * - `fs_outbox`: `sequence` is an identity, never reused (a rolled-back insert burns its value),
 *   but unlike SQLite's it does not commit in order: two writes commit in either order whatever
 *   their sequences. Claims therefore fix their rows (`batch_id`) rather than a sequence range.
 * - `fs_outbox_batches`: at most one claim per group (the unique key): its lease (`claim_token`,
 *   `claimed_until`, milliseconds) and, through `fs_outbox.batch_id`, the rows it holds.
 */
export const RECORDS_SCHEMA: SchemaComponent = {
  name: 'records',
  steps: [
    `CREATE TABLE fs_records (
       account_id text COLLATE "C" NOT NULL,
       region text COLLATE "C" NOT NULL,
       group_name text COLLATE "C" NOT NULL,
       record_id text COLLATE "C" NOT NULL,
       features text NOT NULL,
       event_time text NOT NULL,
       event_time_ms double precision NOT NULL,
       expires_at bigint,
       deleted boolean NOT NULL DEFAULT false,
       PRIMARY KEY (account_id, region, group_name, record_id)
     );
     CREATE INDEX fs_records_by_expiry ON fs_records (expires_at) WHERE expires_at IS NOT NULL;
     CREATE TABLE fs_record_groups (
       account_id text COLLATE "C" NOT NULL,
       region text COLLATE "C" NOT NULL,
       group_name text COLLATE "C" NOT NULL,
       shape text NOT NULL,
       PRIMARY KEY (account_id, region, group_name)
     );
     CREATE TABLE fs_outbox (
       sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       account_id text COLLATE "C" NOT NULL,
       region text COLLATE "C" NOT NULL,
       group_name text COLLATE "C" NOT NULL,
       group_created_at bigint NOT NULL,
       record_values text NOT NULL,
       event_time text NOT NULL,
       write_time bigint NOT NULL,
       api_invocation_time bigint NOT NULL,
       is_deleted boolean NOT NULL,
       batch_id bigint
     );
     CREATE INDEX fs_outbox_by_group ON fs_outbox (account_id, region, group_name, group_created_at, sequence);
     CREATE INDEX fs_outbox_by_batch ON fs_outbox (batch_id) WHERE batch_id IS NOT NULL;
     CREATE TABLE fs_outbox_batches (
       batch_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       account_id text COLLATE "C" NOT NULL,
       region text COLLATE "C" NOT NULL,
       group_name text COLLATE "C" NOT NULL,
       group_created_at bigint NOT NULL,
       claim_token text NOT NULL UNIQUE,
       claimant text NOT NULL,
       claimed_until bigint NOT NULL,
       UNIQUE (account_id, region, group_name, group_created_at)
     );`,
  ],
};
