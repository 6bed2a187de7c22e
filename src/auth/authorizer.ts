import type { Principal } from '../core/principal.js';

/** One IAM question: may this principal perform this action on this resource? */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  /** The account that owns the resource; absent for `*` and account-less resources. */
  resourceAccount?: string;
}

export type AuthorizationDecision = { allowed: true } | { allowed: false; action: string; resource: string; explanation: string };

/**
 * The authorize step of the pipeline. The IAM issue replaces the foundation's implementation
 * with the policy engine; the pipeline does not change.
 */
export interface Authorizer {
  authorize(principal: Principal, requests: readonly AuthorizationRequest[]): AuthorizationDecision;
}

/**
 * The foundation's authorizer: an account's root may do anything in its own account (as in
 * AWS); every other principal is implicitly denied until IAM policies exist.
 */
export class RootOnlyAuthorizer implements Authorizer {
  authorize(principal: Principal, requests: readonly AuthorizationRequest[]): AuthorizationDecision {
    for (const r of requests) {
      const ownAccount = r.resourceAccount === undefined || r.resourceAccount === principal.accountId;
      if (principal.kind === 'root' && ownAccount) continue;
      return {
        allowed: false,
        action: r.action,
        resource: r.resource,
        explanation:
          principal.kind === 'root'
            ? `the root user of account ${principal.accountId} acts only in its own account; ${r.resource} belongs to ${r.resourceAccount}`
            : `no identity-based policy allows ${r.action}`,
      };
    }
    return { allowed: true };
  }
}
