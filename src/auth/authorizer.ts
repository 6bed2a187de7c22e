import type { Principal } from '../core/principal.js';
import type { GrantSet, PolicyKind, RequestContextKeys } from './policy/types.js';

/** A resource's own policy, as stored: a bucket policy, or a role's trust policy. */
export interface ResourcePolicyDocument {
  /** Shown in explanations: "trust policy of arn:aws:iam::B:role/R", "bucket policy of results-a". */
  name: string;
  document: string;
  kind: Extract<PolicyKind, 'resource' | 'trust'>;
  /** Principal ARN → unique id bound when the policy was stored (trust policies). */
  principalBindings?: Readonly<Record<string, string>>;
  /**
   * The resource policy must allow, even in the resource's own account, as a trust policy must:
   * a KMS key policy. Naming only the account delegates to the identity side, as usual.
   */
  mustAllow?: true;
}

/** One IAM question: may this principal perform this action on this resource? */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  /** The account that owns the resource; absent for `*` and account-less resources. */
  resourceAccount?: string;
  /** Service-specific context keys the request carries (sts:ExternalId, s3:prefix, aws:RequestTag/…). */
  context?: RequestContextKeys;
  resourcePolicy?: ResourcePolicyDocument;
  /** KMS grants on the key, as the service judged them for this request (an alternative to its key policy). */
  grants?: GrantSet;
  /**
   * Set when the resource does not exist (a RoleArn naming no role): the request is denied
   * as AWS denies it, without saying whether the resource exists, and the reason is recorded.
   */
  absentResource?: string;
}

/** Facts about the HTTP request that global condition keys expose. */
export interface RequestFacts {
  requestId: string;
  region: string;
  sourceIp: string;
  secureTransport: boolean;
  now: Date;
}

export type AuthorizationDecision =
  | { allowed: true }
  | {
      allowed: false;
      action: string;
      resource: string;
      /** AWS's tail of the AccessDenied message, e.g. "because no identity-based policy allows the sts:AssumeRole action". */
      reason: string;
    };

/**
 * The authorize step of the pipeline: every request of an operation must be allowed. The
 * decision, allowed or not, is recorded under the request id so it can be explained later; a
 * denial is recorded by the time the promise resolves (its error is marked as explainable).
 */
export interface Authorizer {
  authorize(principal: Principal, requests: readonly AuthorizationRequest[], facts: RequestFacts): Promise<AuthorizationDecision>;
}
