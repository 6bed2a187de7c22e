/**
 * The Feature Store runtime's tables (a migration step of database.ts; never edit once shipped,
 * append a new step instead).
 *
 * - `fs_records`: one online record per (account, region, group, record id). `features` is a JSON
 *   array of [name, value] pairs in put order; `event_time` is the value as sent and
 *   `event_time_ms` its instant, compared when a newer write arrives; `deleted` marks a
 *   soft-deleted record (hidden, features dropped, event time kept for later comparisons).
 * - `fs_record_groups`: the shape of each group the runtime has written to, so that the TTL sweep
 *   can write deletion markers without asking the control plane.
 * - `fs_outbox`: rows for the offline store, appended in the online write's transaction. The
 *   AUTOINCREMENT sequence is never reused, so an acknowledged sequence never names a new row.
 */
export const FEATURESTORE_RECORDS_SCHEMA = `
  CREATE TABLE fs_records (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    group_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    features TEXT NOT NULL,
    event_time TEXT NOT NULL,
    event_time_ms REAL NOT NULL,
    expires_at INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, region, group_name, record_id)
  );
  CREATE INDEX fs_records_by_expiry ON fs_records(expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE fs_record_groups (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    group_name TEXT NOT NULL,
    shape TEXT NOT NULL,
    PRIMARY KEY (account_id, region, group_name)
  ) WITHOUT ROWID;
  CREATE TABLE fs_outbox (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    group_name TEXT NOT NULL,
    group_created_at INTEGER NOT NULL,
    record_values TEXT NOT NULL,
    event_time TEXT NOT NULL,
    write_time INTEGER NOT NULL,
    api_invocation_time INTEGER NOT NULL,
    is_deleted INTEGER NOT NULL
  );
`;

/**
 * A later step: `fs_outbox` by group, then sequence. The offline writer lists the groups with
 * pending rows (a skip-scan, one seek per group) and reads each group's oldest rows, so one
 * group's backlog is never read to reach another's.
 */
export const FEATURESTORE_OUTBOX_BY_GROUP = `
  CREATE INDEX fs_outbox_by_group ON fs_outbox(account_id, region, group_name, group_created_at, sequence);
`;
