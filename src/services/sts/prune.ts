import type { ServerState } from '../operation.js';

/**
 * How long expired STS credentials are remembered: within it, a client still using them is told
 * ExpiredToken (as AWS always says); after it, the key is unknown (InvalidClientTokenId).
 */
export const EXPIRED_CREDENTIALS_KEPT_MS = 24 * 60 * 60 * 1000;

/** Forgets role sessions and temporary keys that expired more than a day ago. */
export async function pruneExpiredCredentials(state: Pick<ServerState, 'accounts' | 'sessions' | 'clock'>): Promise<{ keys: number; sessions: number }> {
  const before = new Date(state.clock.now().getTime() - EXPIRED_CREDENTIALS_KEPT_MS);
  // Keys first, as before: a session outlives its key, never the other way round.
  const keys = await state.accounts.pruneTemporaryKeys(before);
  return { keys, sessions: await state.sessions.pruneExpired(before) };
}
