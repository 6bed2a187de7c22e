import type { StoredSecret } from '../auth/sigv4/verify.js';
import { operatorPrincipal, rootPrincipal, type Principal } from '../core/principal.js';
import type { AccountStore } from '../storage/accounts.js';
import type { OperatorKeyStore } from '../storage/operator-keys.js';

/** A stored secret and the principal it stands for. */
export interface ResolvedCredential extends StoredSecret {
  principal: Principal;
}

/**
 * Finds the secret and principal behind an access key. Operator keys sign only the admin API
 * and account keys only AWS services: neither is found on the other side.
 */
export class CredentialResolver {
  constructor(private readonly accounts: AccountStore, private readonly operators: OperatorKeyStore) {}

  forService(admin: boolean): (accessKeyId: string) => ResolvedCredential | undefined {
    return admin ? (id) => this.#operator(id) : (id) => this.#account(id);
  }

  #operator(accessKeyId: string): ResolvedCredential | undefined {
    const key = this.operators.getOperatorKey(accessKeyId);
    return key ? { secretAccessKey: key.secretAccessKey, principal: operatorPrincipal(accessKeyId) } : undefined;
  }

  #account(accessKeyId: string): ResolvedCredential | undefined {
    const key = this.accounts.getAccessKey(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    // Users and STS sessions arrive with the IAM issue; until then only root keys sign.
    if (key.owner.type !== 'root') return undefined;
    return {
      secretAccessKey: key.secretAccessKey,
      ...(key.sessionToken !== undefined ? { sessionToken: key.sessionToken } : {}),
      ...(key.expiresAt !== undefined ? { expiresAt: key.expiresAt } : {}),
      principal: rootPrincipal(key.accountId, accessKeyId),
    };
  }
}
