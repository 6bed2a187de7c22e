/**
 * The Glue Data Catalog: databases and tables per account (catalog id) and region, names
 * lower-case. Definitions are JSON documents in Glue's own shape (DatabaseInput / TableInput).
 */
export const CATALOG_SCHEMA = `
  CREATE TABLE glue_databases (
    catalog_id TEXT NOT NULL REFERENCES accounts(account_id),
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (catalog_id, region, name)
  );
  CREATE TABLE glue_tables (
    catalog_id TEXT NOT NULL,
    region TEXT NOT NULL,
    database_name TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    created_by TEXT,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (catalog_id, region, database_name, name),
    FOREIGN KEY (catalog_id, region, database_name) REFERENCES glue_databases(catalog_id, region, name) ON DELETE CASCADE
  );`;

/** Partitions of catalog tables, keyed by their values (a JSON array); they go with their table. */
export const CATALOG_PARTITIONS_SCHEMA = `
  CREATE TABLE glue_partitions (
    catalog_id TEXT NOT NULL,
    region TEXT NOT NULL,
    database_name TEXT NOT NULL,
    table_name TEXT NOT NULL,
    partition_values TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (catalog_id, region, database_name, table_name, partition_values),
    FOREIGN KEY (catalog_id, region, database_name, table_name) REFERENCES glue_tables(catalog_id, region, database_name, name) ON DELETE CASCADE
  );`;
