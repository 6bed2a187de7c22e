/**
 * The policy engine's contract: what goes in (policies, a request, its context) and what comes
 * out (a decision and its explanation). Pure data; no storage, no HTTP.
 */

/** Where a policy document is used; grammar rules differ (e.g. only resource/trust policies name a Principal). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

/** A policy value in the request context: strings, numbers, booleans, or a multi-value list of them. */
export type ContextValue = string | number | boolean | readonly string[];

/** Context keys (case-insensitive on lookup), e.g. `aws:SourceIp`, `sts:ExternalId`, `aws:PrincipalTag/team`. */
export type RequestContextKeys = Readonly<Record<string, ContextValue>>;

/**
 * The caller as the engine sees it.
 * - `user`: `arn` is the user ARN (with path), `uniqueId` AIDA….
 * - `assumed-role`: `arn` is `arn:aws:sts::A:assumed-role/ROLE/SESSION` (no path), `roleArn` the
 *   pathed role ARN (what `aws:PrincipalArn` is), `uniqueId` the role's AROA… id.
 * - `root`: `arn:aws:iam::A:root`. `service`: `serviceName` like `sagemaker.amazonaws.com`, accountId ''.
 * - `anonymous`: an unsigned request; matches only `"*"` / `{"AWS":"*"}`.
 */
export interface EvalPrincipal {
  kind: 'root' | 'user' | 'assumed-role' | 'service' | 'anonymous';
  accountId: string;
  arn: string;
  roleArn?: string;
  uniqueId?: string;
  serviceName?: string;
}

/** One authorization question. */
export interface EvalRequest {
  principal: EvalPrincipal;
  /** `service:Action`, compared case-insensitively. */
  action: string;
  /** The resource ARN (or `*`), compared case-sensitively. */
  resource: string;
  /** The account owning the resource; absent means the principal's own account. */
  resourceAccount?: string;
  context: RequestContextKeys;
}

/** A parsed, validated, compiled policy. Immutable and shareable; see compilePolicy's cache. */
export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statementCount: number;
  /** Opaque compiled form, owned by the engine. */
  readonly internal: unknown;
}

/** A policy together with the label shown in explanations (a policy ARN, `inline:user/alice/MyPolicy`, `bucket policy of x`, …). */
export interface NamedPolicy {
  name: string;
  policy: CompiledPolicy;
  /**
   * Unique ids bound to principal ARNs when the policy was stored (AWS binds a trust policy's
   * user/role ARNs to the entity's unique id): ARN → AIDA…/AROA…. A named ARN whose bound id is
   * not the caller's `uniqueId` does not match, so a deleted-and-recreated role no longer matches.
   */
  principalBindings?: Readonly<Record<string, string>>;
  /** A resource policy that must allow even in its own account (a KMS key policy), as a trust policy must. */
  mustAllow?: boolean;
}

/**
 * One KMS grant as the service judged it for a request: whether its operations and constraints
 * permit the request (`permits`, with the words why), and the one principal it names.
 */
export interface GrantEntry {
  /** The grant id, shown in explanations. */
  id: string;
  /** The grantee (or, for RetireGrant, a principal the grant lets retire it): an account root, user, role or role-session ARN. */
  principal: string;
  /** ARN → unique id bound when the grant was made (a user or role deleted and re-created no longer matches). */
  principalBindings?: Readonly<Record<string, string>>;
  permits: boolean;
  reason: string;
}

/**
 * KMS grants on the key a request names: an alternative to the key policy. A grant that permits
 * the request and names the caller counts as a resource-policy statement naming it would (a user
 * ARN allows on its own in the key's account, a role ARN subject to the boundary and session
 * policies, an account only with the identity side); across accounts the identity side must allow
 * too, unless `decidesAcrossAccounts` (RetireGrant: the principals a grant names may retire it
 * without IAM permission in their own account).
 */
export interface GrantSet {
  /** Shown in explanations: "grants on arn:aws:kms:…". */
  name: string;
  grants: readonly GrantEntry[];
  decidesAcrossAccounts?: boolean;
}

/** Everything that applies to one request. Absent = that policy type does not apply. */
export interface EvaluationInput {
  request: EvalRequest;
  identityPolicies: readonly NamedPolicy[];
  /** A bucket policy, or a role's trust policy (kind 'trust') when the action is sts:AssumeRole*. */
  resourcePolicy?: NamedPolicy;
  /** KMS grants on the key (read with the key policy in `resourcePolicy`, or alone: RetireGrant). */
  grants?: GrantSet;
  permissionBoundary?: NamedPolicy;
  /** Session policies (inline `Policy` + `PolicyArns`); present only for sessions created with them. Their union limits the session. */
  sessionPolicies?: readonly NamedPolicy[];
  /** Evaluation time, for aws:CurrentTime/EpochTime when the context does not carry them. */
  now?: Date;
}

export type DecisionResult = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Which policy type decided a denial; drives AWS's AccessDenied wording ("because no identity-based policy allows …"). */
export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session';

export interface StatementTrace {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  matched: boolean;
  /** Why it matched or not: "action does not match", "condition StringEquals aws:username: key missing", … */
  reason: string;
}

export interface PolicyTrace {
  name: string;
  type: PolicyType;
  /** What this policy contributed: an Allow, an explicit Deny, or nothing. */
  outcome: 'Allow' | 'Deny' | 'NoMatch';
  statements: StatementTrace[];
}

export interface Decision {
  result: DecisionResult;
  /** For denials: the policy type that denied explicitly or failed to allow. */
  deniedBy?: { type: PolicyType; explicit: boolean };
  /** Every policy considered, in evaluation order, with each statement's verdict. */
  policies: PolicyTrace[];
  /** Short human summary, one line per rule applied (same/cross-account, principal-type rules, …). */
  notes: string[];
}
