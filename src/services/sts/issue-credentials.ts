import { randomBytes } from 'node:crypto';
import { newSecretAccessKey, newUniqueId } from '../../core/ids.js';
import type { KeyOwner } from '../../storage/accounts.js';
import type { ServerState } from '../operation.js';

/** STS's `Credentials` structure. */
export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** An opaque session token, about as long as AWS's (which carry the session's encrypted state). */
function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(270).toString('base64');
}

/** Mints an ASIA key for a session or a GetSessionToken caller; the key dies at `expiresAt`. */
export async function issueTemporaryKey(state: ServerState, accountId: string, owner: KeyOwner, expiresAt: Date): Promise<Credentials> {
  const key = await state.accounts.addAccessKey({
    accessKeyId: newUniqueId('ASIA'),
    secretAccessKey: newSecretAccessKey(),
    accountId,
    owner,
    status: 'Active',
    sessionToken: newSessionToken(),
    expiresAt,
  });
  return { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, SessionToken: key.sessionToken!, Expiration: expiresAt };
}

/** AWS reports Expiration to the second. */
export function expiryAfter(now: Date, seconds: number): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + seconds * 1000);
}
