import type { StoredSecret } from '../auth/sigv4/verify.js';
import { operatorPrincipal, rootPrincipal, sessionPrincipal, userPrincipal, type Principal } from '../core/principal.js';
import type { AccountStore, KeyOwner } from '../storage/accounts.js';
import type { IamReader } from '../storage/iam.js';
import type { OperatorKeyStore } from '../storage/operator-keys.js';
import type { SessionStore } from '../storage/sessions.js';

/** A stored secret and the principal it stands for. */
export interface ResolvedCredential extends StoredSecret {
  principal: Principal;
}

/**
 * Finds the secret and principal behind an access key. Operator keys sign only the admin API
 * and account keys only AWS services: neither is found on the other side. A key whose user or
 * session is gone resolves to nothing, so it fails as an unknown key, as in AWS. Nothing is
 * cached: every request reads the stores, so a key deleted or deactivated by another process
 * stops working at once.
 */
export class CredentialResolver {
  constructor(
    private readonly accounts: AccountStore,
    private readonly operators: OperatorKeyStore,
    private readonly iam: IamReader,
    private readonly sessions: SessionStore,
  ) {}

  forService(admin: boolean): (accessKeyId: string) => Promise<ResolvedCredential | undefined> {
    return admin ? (id) => this.#operator(id) : (id) => this.#account(id);
  }

  async #operator(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const key = await this.operators.getOperatorKey(accessKeyId);
    return key ? { secretAccessKey: key.secretAccessKey, principal: operatorPrincipal(accessKeyId) } : undefined;
  }

  async #account(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const key = await this.accounts.getAccessKey(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    const principal = await this.#principal(key.accountId, key.owner, accessKeyId, key.sessionToken !== undefined);
    if (!principal) return undefined;
    return {
      secretAccessKey: key.secretAccessKey,
      ...(key.sessionToken !== undefined ? { sessionToken: key.sessionToken } : {}),
      ...(key.expiresAt !== undefined ? { expiresAt: key.expiresAt } : {}),
      principal,
    };
  }

  async #principal(accountId: string, owner: KeyOwner, accessKeyId: string, temporary: boolean): Promise<Principal | undefined> {
    if (owner.type === 'root') return rootPrincipal(accountId, accessKeyId, temporary);
    if (owner.type === 'user') {
      const user = await this.iam.getUserById(owner.userId);
      return user ? userPrincipal(user, accessKeyId, temporary) : undefined;
    }
    const session = await this.sessions.getSession(owner.sessionId);
    return session ? sessionPrincipal(session, accessKeyId) : undefined;
  }
}
