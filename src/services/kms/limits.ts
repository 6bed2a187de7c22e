/**
 * KMS's bounds in sagelite (docs/DECISIONS.md, "KMS"): AWS's where they are published, and
 * sagelite's own where a per-account store would otherwise grow without one.
 */

/** Keys per account and region (AWS's quota is 100,000; sagelite keeps a tenant to fewer). */
export const MAX_KEYS_PER_ACCOUNT = 10_000;
/** Aliases per account and region (sagelite's bound). */
export const MAX_ALIASES_PER_ACCOUNT = 10_000;
/** A key policy's size in bytes (KMS: 32 KB). */
export const MAX_KEY_POLICY_BYTES = 32_768;
/** Tags on a key (KMS: 50). */
export const MAX_TAGS = 50;
/** ScheduleKeyDeletion's waiting period, in days. */
export const MIN_PENDING_DAYS = 7;
export const MAX_PENDING_DAYS = 30;
/** Encryption context pairs one request may carry (sagelite's bound: every pair is a condition key). */
export const MAX_CONTEXT_PAIRS = 64;
/** How many times a change to a key is retried when another writer saved it first. */
export const SAVE_ATTEMPTS = 5;
/** Grants on one key (AWS's quota is 50,000; sagelite keeps a key to fewer). */
export const MAX_GRANTS_PER_KEY = 10_000;
/** Grants on one key for one grantee principal (AWS's quota). */
export const MAX_GRANTS_PER_GRANTEE = 500;
/**
 * Grants on one key that principals of one other account may make (sagelite's bound): an account
 * the key policy lets create grants cannot use up the key's room for its owner's.
 */
export const MAX_GRANTS_PER_OTHER_ACCOUNT = 500;
/** Pairs in a grant's encryption context constraint, and a value's length (KMS's). */
export const MAX_GRANT_CONTEXT_PAIRS = 8;
export const MAX_GRANT_CONTEXT_VALUE_CHARS = 384;
/** ListGrants and ListRetirableGrants: 50 grants a page unless Limit says otherwise, at most 100 (KMS's). */
export const DEFAULT_GRANT_PAGE = 50;
export const MAX_GRANT_PAGE = 100;
