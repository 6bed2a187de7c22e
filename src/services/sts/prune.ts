import type { ServerState } from '../operation.js';

/**
 * How long expired STS credentials are remembered: within it, a client still using them is told
 * ExpiredToken (as AWS always says); after it, the key is unknown (InvalidClientTokenId).
 */
export const EXPIRED_CREDENTIALS_KEPT_MS = 24 * 60 * 60 * 1000;

/** Forgets role sessions and temporary keys that expired more than a day ago. */
export function pruneExpiredCredentials(state: Pick<ServerState, 'accounts' | 'sessions' | 'clock'>): { keys: number; sessions: number } {
  const before = new Date(state.clock.now().getTime() - EXPIRED_CREDENTIALS_KEPT_MS);
  return { keys: state.accounts.pruneTemporaryKeys(before), sessions: state.sessions.pruneExpired(before) };
}
