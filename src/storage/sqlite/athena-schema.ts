/**
 * Athena: work groups (per account and region, `primary` made on first use) and query
 * executions. Documents are JSON in Athena's own member names; the columns beside them are what
 * is looked up or ordered by.
 */
export const ATHENA_SCHEMA = `
  CREATE TABLE athena_work_groups (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name)
  );
  CREATE TABLE athena_query_executions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    work_group TEXT NOT NULL,
    client_token TEXT,
    state TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    document TEXT NOT NULL
  );
  CREATE INDEX athena_executions_by_work_group ON athena_query_executions(account_id, region, work_group, submitted_at, seq);
  CREATE INDEX athena_executions_by_token ON athena_query_executions(account_id, region, client_token) WHERE client_token IS NOT NULL;
  CREATE INDEX athena_executions_unfinished ON athena_query_executions(state) WHERE state IN ('QUEUED', 'RUNNING');`;
