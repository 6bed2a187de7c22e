/**
 * RAM's bounds in sagelite (docs/DECISIONS.md, "RAM"): AWS's default quotas where they are
 * published, and a bound of sagelite's own where a share's document would otherwise grow without
 * one (every operation reads a share whole).
 */

/** Resource shares per account and region (RAM's default quota), deleted ones included until purged. */
export const MAX_SHARES_PER_ACCOUNT = 5000;
/** Resources associated with one share, disassociated ones included. */
export const MAX_RESOURCES_PER_SHARE = 1000;
/** Principals associated with one share, disassociated ones included. */
export const MAX_PRINCIPALS_PER_SHARE = 1000;
/** Tags on a share (RAM: 50). */
export const MAX_TAGS = 50;
/** ARNs or principals one request may name. */
export const MAX_ENTITIES_PER_REQUEST = 100;
/** A share's name: 1 to 255 characters. */
export const MAX_SHARE_NAME = 255;
/** RAM's page size bounds (MaxResults 1–500) and its default. */
export const MAX_RESULTS = 500;
export const DEFAULT_RESULTS = 500;
export { INVITATION_LIFETIME_MS } from '../../storage/ram.js';
/**
 * Live (pending, unexpired) invitations one owner account may have out to one receiver. Any
 * account can invite any other, so without a bound a hostile account could make every listing
 * of the receiver's invitations read thousands of shares (docs/DECISIONS.md, "RAM").
 */
export const MAX_LIVE_INVITATIONS_PER_RECEIVER = 20;
/** How many times a change to a share is retried when another writer saved it first. */
export const SAVE_ATTEMPTS = 5;
