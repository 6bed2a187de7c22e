import type { SchemaComponent } from './migrations.js';

/**
 * The feature-groups store's tables in PostgreSQL, step by step (never edit a released step: add
 * one). The rows are the SQLite store's (src/storage/sqlite/featurestore-groups-schema.ts): the
 * group as a JSON document keyed by its lower-case name, its offline store status apart, its
 * features' metadata as a JSON list. No reference to `accounts` (another store's table, whose
 * schema may come later): deleting an account deletes its groups explicitly.
 */
export const FEATURE_GROUPS_SCHEMA: SchemaComponent = {
  name: 'feature-groups',
  steps: [
    `CREATE TABLE feature_groups (
       account_id text NOT NULL,
       region text NOT NULL,
       name_key text NOT NULL,
       created_at bigint NOT NULL,
       document text NOT NULL,
       offline_status text,
       features text NOT NULL DEFAULT '[]',
       PRIMARY KEY (account_id, region, name_key)
     );`,
  ],
};
