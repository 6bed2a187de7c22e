/**
 * Feature groups of the SageMaker control plane. A group is kept as one JSON document (the
 * FeatureGroup contract) keyed by its lower-case name, as names are unique without regard to case;
 * its features' metadata is a JSON list beside it; the offline store status has its own column
 * because the offline-store writer reports it while the control plane may rewrite the rest.
 */
export const FEATURE_GROUPS_SCHEMA = `
  CREATE TABLE feature_groups (
    account_id TEXT NOT NULL REFERENCES accounts(account_id),
    region TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    document TEXT NOT NULL,
    offline_status TEXT,
    features TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (account_id, region, name_key)
  );`;
