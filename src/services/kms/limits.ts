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
