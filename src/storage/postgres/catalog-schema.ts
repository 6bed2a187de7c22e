import type { SchemaComponent } from './migrations.js';

/**
 * The catalog store's tables in PostgreSQL, step by step (never edit a released step: add one).
 * The rows are the SQLite store's (src/storage/sqlite/catalog-schema.ts, documents in Glue's
 * member names). Two differences: databases do not refer to `accounts` (another store's table,
 * whose schema may come later; deleting an account deletes its catalog explicitly, as the SQLite
 * deletion does), and partitions carry `seq`, their creation order (SQLite's rowid).
 * Tables and partitions go with their database and table (ON DELETE CASCADE); the foreign keys
 * also make a create racing a delete meet in a row lock.
 */
export const CATALOG_SCHEMA: SchemaComponent = {
  name: 'catalog',
  steps: [
    `CREATE TABLE glue_databases (
       catalog_id text NOT NULL,
       region text NOT NULL,
       name text NOT NULL,
       created_at bigint NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (catalog_id, region, name)
     );
     CREATE TABLE glue_tables (
       catalog_id text NOT NULL,
       region text NOT NULL,
       database_name text NOT NULL,
       name text NOT NULL,
       created_at bigint NOT NULL,
       updated_at bigint NOT NULL,
       created_by text,
       version integer NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (catalog_id, region, database_name, name),
       FOREIGN KEY (catalog_id, region, database_name) REFERENCES glue_databases (catalog_id, region, name) ON DELETE CASCADE
     );
     CREATE TABLE glue_partitions (
       catalog_id text NOT NULL,
       region text NOT NULL,
       database_name text NOT NULL,
       table_name text NOT NULL,
       partition_values text NOT NULL,
       created_at bigint NOT NULL,
       seq bigint GENERATED ALWAYS AS IDENTITY,
       document text NOT NULL,
       PRIMARY KEY (catalog_id, region, database_name, table_name, partition_values),
       FOREIGN KEY (catalog_id, region, database_name, table_name) REFERENCES glue_tables (catalog_id, region, database_name, name) ON DELETE CASCADE
     );
     CREATE INDEX glue_partitions_in_order ON glue_partitions (catalog_id, region, database_name, table_name, seq);`,
      // The Data Catalog's resource policy (Glue PutResourcePolicy), one per catalog and region.
    `CREATE TABLE glue_catalog_policies (
       catalog_id text NOT NULL,
       region text NOT NULL,
       document text NOT NULL,
       hash text NOT NULL,
       created_at bigint NOT NULL,
       updated_at bigint NOT NULL,
       PRIMARY KEY (catalog_id, region)
     );`,
  ],
};
