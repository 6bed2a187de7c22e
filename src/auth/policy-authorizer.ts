import { AwsError } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { IamReader } from '../storage/iam.js';
import type { DecisionLog } from '../storage/sessions.js';
import type { AuthorizationDecision, AuthorizationRequest, Authorizer, RequestFacts } from './authorizer.js';
import { evalPrincipal, principalPolicies, rootPolicies, type PrincipalPolicies } from './principal-policies.js';
import { accessDeniedReason, buildGlobalContext, compilePolicy, evaluate, renderDecision } from './policy/index.js';
import type { Decision, EvaluationInput, RequestContextKeys } from './policy/types.js';

/**
 * The authorizer of issue 3: every request an operation declares is evaluated by the policy
 * engine against the caller's identity policies, boundary and session policies, and the
 * resource's own policy when it has one. Each decision is recorded for `sagelite explain`.
 */
export class PolicyAuthorizer implements Authorizer {
  readonly #policies: PolicyCache;
  readonly #contexts = new GlobalContextCache();
  /**
   * `onRecordFailure` hears of an allowed decision the log failed to keep (allows are recorded
   * without waiting, see {@link PolicyAuthorizer.authorize}); by default it is written to stderr.
   */
  constructor(
    private readonly iam: IamReader,
    private readonly decisions: DecisionLog,
    private readonly onRecordFailure: (err: unknown, requestId: string) => void = reportRecordFailure,
  ) {
    this.#policies = new PolicyCache(iam);
  }

  async authorize(principal: Principal, requests: readonly AuthorizationRequest[], facts: RequestFacts): Promise<AuthorizationDecision> {
    refuseSessionTokenCredentials(principal, requests);
    const policies = await this.#policies.of(principal);
    const global = this.#contexts.of(principal, policies, facts);
    const steps: DecisionStep[] = [];
    let denied: AuthorizationDecision | undefined;
    for (const r of requests) {
      if (r.absentResource !== undefined) {
        steps.push({ request: r, note: `Denied ${r.action} on ${r.resource}: ${r.absentResource}.` });
        denied = { allowed: false, action: r.action, resource: r.resource, reason: '' };
        break;
      }
      if (policies.roleDeleted) {
        // AWS binds a session to its role's unique id: once the role is gone the session has no
        // identity policies and no resource policy names it any more (a recreated role of the
        // same name has a new id), so every request is implicitly denied.
        steps.push({ request: r, note: `Denied ${r.action} on ${r.resource}: the session's role ${principal.session?.roleArn ?? ''} (${principal.session?.roleId ?? ''}) was deleted; its sessions are allowed nothing.` });
        denied = { allowed: false, action: r.action, resource: r.resource, reason: accessDeniedReason({ result: 'ImplicitDeny', deniedBy: { type: 'identity', explicit: false } }, r.action) };
        break;
      }
      const input = evaluationInput(principal, policies, r, r.context ? { ...global, ...r.context } : global, facts.now);
      const decision = evaluate(input);
      steps.push({ request: r, input, decision });
      if (decision.result !== 'Allow') {
        // A role's trust policy belongs to the role's owner: AWS's message does not describe it.
        const byTrust = r.resourcePolicy?.kind === 'trust' && decision.deniedBy?.type === 'resource';
        denied = { allowed: false, action: r.action, resource: r.resource, reason: byTrust ? '' : accessDeniedReason(decision, r.action) };
        break;
      }
    }
    const recorded = this.decisions.record({
      requestId: facts.requestId,
      accountId: principal.accountId,
      createdAt: facts.now,
      allowed: !denied,
      describe: () => describeSteps(principal, steps),
    });
    // A denial is waited for: the pipeline reads it back at once to mark the error
    // (x-sagelite-decision: denied, which the CLI turns into "sagelite explain ID"), and the
    // caller's next move is DecodeAuthorizationMessage or explain. An allow is not: the response
    // need not wait for a write nobody reads on this request (explain asks later, by request id);
    // a failure to keep it is reported, never the request's.
    if (denied) {
      await recorded;
      return denied;
    }
    recorded.catch((err: unknown) => this.onRecordFailure(err, facts.requestId));
    return { allowed: true };
  }
}

function reportRecordFailure(err: unknown, requestId: string): void {
  console.error(`sagelite: the allowed decision of request ${requestId} was not recorded:`, err);
}

/** One request of an authorization, as evaluated (or refused before evaluation, with a note). */
type DecisionStep =
  | { request: AuthorizationRequest; input: EvaluationInput; decision: Decision; note?: undefined }
  | { request: AuthorizationRequest; note: string; input?: undefined; decision?: undefined };

/**
 * The recorded form of a decision. Each policy trace carries the account that owns the policy
 * (`owner`): the caller's account for identity, boundary and session policies, the resource's
 * account for a resource or trust policy. sts:DecodeAuthorizationMessage shows a caller only the
 * policies its own account owns; the operator's `sagelite explain` shows everything.
 */
function describeSteps(principal: Principal, steps: readonly DecisionStep[]): { detail: Record<string, unknown>; explanation: string } {
  const requests = steps.map((s) => {
    const resourceAccount = s.request.resourceAccount ?? principal.accountId;
    if (!s.input) {
      return { action: s.request.action, resource: s.request.resource, resourceAccount, result: 'ImplicitDeny', deniedBy: null, context: s.request.context ?? {}, policies: [], note: s.note };
    }
    return {
      action: s.input.request.action,
      resource: s.input.request.resource,
      resourceAccount,
      result: s.decision.result,
      deniedBy: s.decision.deniedBy ?? null,
      context: s.input.request.context,
      policies: s.decision.policies.map((p) => ({ ...p, owner: p.type === 'resource' ? resourceAccount : principal.accountId })),
    };
  });
  return {
    detail: { principal: principal.arn, principalId: principal.userId, requests },
    explanation: steps.map((s) => (s.input ? renderDecision(s.input, s.decision) : s.note)).join('\n\n'),
  };
}

/**
 * A principal's compiled policies, kept while the IAM store's revision stays the same: reading
 * a role's inline, attached and boundary documents from SQLite on every request cost more than
 * evaluating them.
 */
class PolicyCache {
  /**
   * Reads in flight are shared: the promise is kept the moment the read starts, under the
   * revision seen before it, so a read that outlives a revision change lands in the generation
   * it belongs to (which the change cleared) instead of being kept as current.
   */
  readonly #entries = new Map<string, Promise<PrincipalPolicies>>();
  /** A root user's policies depend on nothing IAM stores: kept across revisions. */
  readonly #roots = new Map<string, PrincipalPolicies>();
  #revision = -1;
  constructor(private readonly iam: IamReader) {}

  async of(principal: Principal): Promise<PrincipalPolicies> {
    if (principal.kind === 'root') {
      let found = this.#roots.get(principal.accountId);
      if (!found) {
        found = rootPolicies(principal.accountId);
        if (this.#roots.size >= 1000) this.#roots.clear();
        this.#roots.set(principal.accountId, found);
      }
      return found;
    }
    const key = principal.session ? `s:${principal.session.sessionId}` : principal.user ? `u:${principal.user.userId}` : undefined;
    if (key === undefined) return principalPolicies(principal, this.iam);
    const revision = this.iam.revision();
    if (revision !== this.#revision) {
      this.#entries.clear();
      this.#revision = revision;
    }
    let found = this.#entries.get(key);
    if (!found) {
      const reading = principalPolicies(principal, this.iam);
      found = reading;
      if (this.#entries.size >= 1000) this.#entries.clear();
      this.#entries.set(key, reading);
      // A failed read is not kept: the next request reads again.
      reading.catch(() => {
        if (this.#entries.get(key) === reading) this.#entries.delete(key);
      });
    }
    return found;
  }
}

/**
 * Global condition keys, kept per caller and request facts for the current second: they are a
 * function of the principal, its policies' tags, the source address, transport, region and the
 * time to the second (aws:CurrentTime and aws:EpochTime have no finer grain). The cached object
 * is frozen, since requests share it.
 */
class GlobalContextCache {
  readonly #entries = new Map<string, { policies: PrincipalPolicies; context: RequestContextKeys }>();
  #second = NaN;

  of(principal: Principal, policies: PrincipalPolicies, facts: RequestFacts): RequestContextKeys {
    const second = Math.floor(facts.now.getTime() / 1000);
    if (second !== this.#second) {
      this.#entries.clear();
      this.#second = second;
    }
    const key = [
      principal.kind,
      principal.arn,
      principal.accountId,
      principal.temporary === true,
      principal.user?.userId ?? '',
      principal.user?.userName ?? '',
      principal.session?.sessionId ?? '',
      principal.serviceName ?? '',
      facts.sourceIp,
      facts.secureTransport,
      facts.region,
    ].join('\u0000');
    const hit = this.#entries.get(key);
    if (hit && hit.policies === policies) return hit.context;
    const context = Object.freeze(globalContext(principal, policies, facts));
    if (this.#entries.size >= 1000) this.#entries.clear();
    this.#entries.set(key, { policies, context });
    return context;
  }
}

/**
 * Credentials from GetSessionToken (without MFA, which sagelite lacks) cannot call IAM, nor STS
 * beyond AssumeRole and GetCallerIdentity; AWS answers such IAM calls as an invalid token.
 */
function refuseSessionTokenCredentials(principal: Principal, requests: readonly AuthorizationRequest[]): void {
  if (!principal.temporary || principal.kind === 'assumed-role') return;
  for (const r of requests) {
    const action = r.action.toLowerCase();
    // iam:PassRole is asked by other services' calls (CreateFeatureGroup), not an IAM API call.
    if (action.startsWith('iam:') && action !== 'iam:passrole') throw new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid');
    if (action.startsWith('sts:') && !STS_ALLOWED_WITH_SESSION_TOKEN.has(action)) {
      throw new AwsError('AccessDenied', 403, `Cannot call ${r.action.slice(4)} with session credentials`);
    }
  }
}

const STS_ALLOWED_WITH_SESSION_TOKEN = new Set(['sts:assumerole', 'sts:tagsession', 'sts:setsourceidentity']);

/** Evaluates one request without recording it: for STS's internal service assumption and the simulator. */
export function evaluationInput(
  principal: Principal,
  policies: PrincipalPolicies,
  r: AuthorizationRequest,
  context: RequestContextKeys,
  now: Date,
): EvaluationInput {
  return {
    request: {
      principal: evalPrincipal(principal),
      action: r.action,
      resource: r.resource,
      ...(r.resourceAccount !== undefined ? { resourceAccount: r.resourceAccount } : {}),
      context,
    },
    identityPolicies: policies.identity,
    ...(policies.boundary ? { permissionBoundary: policies.boundary } : {}),
    ...(policies.session ? { sessionPolicies: policies.session } : {}),
    ...(r.resourcePolicy
      ? {
          resourcePolicy: {
            name: r.resourcePolicy.name,
            policy: compilePolicy(r.resourcePolicy.document, r.resourcePolicy.kind),
            ...(r.resourcePolicy.principalBindings ? { principalBindings: r.resourcePolicy.principalBindings } : {}),
            ...(r.resourcePolicy.mustAllow ? { mustAllow: true } : {}),
          },
        }
      : {}),
    ...(r.grants ? { grants: r.grants } : {}),
    now,
  };
}

export function globalContext(principal: Principal, policies: PrincipalPolicies, facts: RequestFacts): RequestContextKeys {
  return buildGlobalContext({
    principal: evalPrincipal(principal),
    now: facts.now,
    sourceIp: facts.sourceIp,
    secureTransport: facts.secureTransport,
    region: facts.region,
    principalTags: policies.principalTags,
    ...(principal.user ? { userName: principal.user.userName, userId: principal.user.userId } : {}),
    ...(principal.session
      ? {
          userId: `${principal.session.roleId}:${principal.session.sessionName}`,
          tokenIssueTime: principal.session.issuedAt,
          ...(principal.session.sourceIdentity ? { sourceIdentity: principal.session.sourceIdentity } : {}),
        }
      : {}),
    temporaryCredentials: principal.temporary === true,
  });
}
