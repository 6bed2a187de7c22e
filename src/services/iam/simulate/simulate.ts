import {
  compilePolicy,
  compilePolicyInSlices,
  evaluate,
  PolicyDocumentError,
  type CompiledPolicy,
  type Decision,
  type EvalPrincipal,
  type NamedPolicy,
  type PolicyKind,
  type RequestContextKeys,
} from '../../../auth/policy/index.js';
import { parseArn } from '../../../core/arn.js';
import type { IamReader } from '../../../storage/iam.js';
import { invalidInput } from '../errors.js';
import { pageWindow, type PageRequest } from '../paginate.js';
import { conditionKeys, contextFromEntries, type ContextEntry } from './context-entries.js';
import { checkSimulationLimits } from './limits.js';
import { statementPositions } from './statement-positions.js';
import { simulations } from './one-at-a-time.js';
import { TimeSlicer } from './time-slicer.js';

/** Where a simulated policy came from, as the simulator's MatchedStatements name it. */
export type PolicySourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** One policy taking part in a simulation, with the id and type shown in MatchedStatements. */
export interface SimulationPolicy {
  id: string;
  type: PolicySourceType;
  document: string;
}

/** The members both simulate operations share (botocore SimulateCustomPolicy/SimulatePrincipalPolicy). */
export interface SimulationRequest extends PageRequest {
  ActionNames: string[];
  ResourceArns?: string[];
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
}

/** Everything a simulation evaluates, resolved from the request (and, for a principal, the store). */
export interface Simulation {
  principal: EvalPrincipal;
  identity: SimulationPolicy[];
  boundary?: SimulationPolicy;
  resource?: SimulationPolicy;
  resourceAccount: string;
}

const DECISION: Record<Decision['result'], 'allowed' | 'explicitDeny' | 'implicitDeny'> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
};

/** Compiles a policy given to the simulator; a bad one is InvalidInput (the simulator's modelled error) with the engine's message. */
export function compileInput(document: string, kind: PolicyKind): CompiledPolicy {
  try {
    return compilePolicy(document, kind);
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw invalidInput(e.message);
    throw e;
  }
}

/** The policies of PolicyInputList / PermissionsBoundaryPolicyInputList, named as AWS names them. */
export function inputPolicies(list: readonly string[] | undefined, member: 'PolicyInputList' | 'PermissionsBoundaryPolicyInputList'): SimulationPolicy[] {
  return (list ?? []).map((document, i) => ({ id: `${member}.${i + 1}`, type: 'none', document }));
}

/** The boundary of a simulation: at most one policy in PermissionsBoundaryPolicyInputList. */
export function inputBoundary(list: readonly string[] | undefined): SimulationPolicy | undefined {
  const policies = inputPolicies(list, 'PermissionsBoundaryPolicyInputList');
  if (policies.length > 1) throw invalidInput('PermissionsBoundaryPolicyInputList takes at most one policy.');
  return policies[0];
}

/**
 * The simulated caller named by CallerArn: an IAM user ARN (sagelite fills in its unique id when
 * the user exists). AWS accepts only users here.
 */
export async function callerFromArn(iam: IamReader, callerArn: string): Promise<EvalPrincipal> {
  const arn = parseArn(callerArn);
  const m = arn && arn.service === 'iam' ? /^user\/(?:.*\/)?([^/]+)$/.exec(arn.resource) : null;
  if (!arn || !m || !/^\d{12}$/.test(arn.account)) throw invalidInput(`CallerArn ${callerArn} is not the ARN of an IAM user.`);
  const user = await iam.getUser(arn.account, m[1]!);
  return { kind: 'user', accountId: arn.account, arn: callerArn, ...(user && user.arn === callerArn ? { uniqueId: user.userId } : {}) };
}

/** The account that owns the simulated resources: ResourceOwner (an account id or its root ARN), else the caller's. */
export function resourceOwner(owner: string | undefined, fallback: string): string {
  if (owner === undefined) return fallback;
  if (/^\d{12}$/.test(owner)) return owner;
  const arn = parseArn(owner);
  if (!arn || !/^\d{12}$/.test(arn.account)) throw invalidInput(`ResourceOwner ${owner} is not an account id or an account ARN.`);
  return arn.account;
}

/** A simulation's policy compiled a statement at a time between the slicer's pauses. */
async function named(p: SimulationPolicy, kind: PolicyKind, slicer: TimeSlicer): Promise<NamedPolicy> {
  try {
    return { name: p.id, policy: await compilePolicyInSlices(p.document, kind, () => slicer.maybeYield()) };
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw invalidInput(e.message);
    throw e;
  }
}

/**
 * Evaluates every action on every resource (`*` when none are given) with the policy engine and
 * reports it in IAM's EvaluationResult shape, paged with Marker/MaxItems. Only the page asked
 * for is evaluated (results are ordered action-major, so item i is action i / R on resource
 * i % R), and the work runs in time slices that yield to the event loop, so other accounts'
 * requests are served while a large simulation runs.
 */
export async function runSimulation(sim: Simulation, request: SimulationRequest, now: Date, slicer = new TimeSlicer()): Promise<Record<string, unknown>> {
  checkSimulationLimits(request);
  // One simulation at a time on the server, so their slices never add up in one turn (one-at-a-time.ts).
  return simulations.run(() => simulate(sim, request, now, slicer));
}

async function simulate(sim: Simulation, request: SimulationRequest, now: Date, slicer: TimeSlicer): Promise<Record<string, unknown>> {
  const context: RequestContextKeys = contextFromEntries(request.ContextEntries);
  const given = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const all = [...sim.identity, ...(sim.boundary ? [sim.boundary] : []), ...(sim.resource ? [sim.resource] : [])];
  const byId = new Map(all.map((p) => [p.id, p]));
  const identityPolicies: NamedPolicy[] = [];
  for (const p of sim.identity) identityPolicies.push(await named(p, 'identity', slicer));
  const permissionBoundary = sim.boundary ? await named(sim.boundary, 'boundary', slicer) : undefined;
  const resourcePolicy = sim.resource ? await named(sim.resource, 'resource', slicer) : undefined;
  const keys = new Set<string>();
  const positions = new Map<string, ReturnType<typeof statementPositions>>();
  for (const p of all) {
    for (const k of conditionKeys(p.document)) keys.add(k);
    await slicer.maybeYield();
    positions.set(p.id, statementPositions(p.document));
    await slicer.maybeYield();
  }
  const missing = [...keys].filter((k) => !given.has(k.toLowerCase()));

  const resources = request.ResourceArns?.length ? request.ResourceArns : ['*'];
  const window = pageWindow(request.ActionNames.length * resources.length, request);
  const results: Array<Record<string, unknown>> = [];
  for (let i = window.start; i < window.end; i++) {
    const action = request.ActionNames[Math.floor(i / resources.length)]!;
    const resource = resources[i % resources.length]!;
    const decision = evaluate({
      request: { principal: sim.principal, action, resource, resourceAccount: sim.resourceAccount, context },
      identityPolicies,
      ...(permissionBoundary ? { permissionBoundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      now,
    });
    const effect = decision.result === 'Allow' ? 'Allow' : decision.result === 'ExplicitDeny' ? 'Deny' : undefined;
    const matched = effect
      ? decision.policies.flatMap((trace) =>
          trace.statements
            .filter((s) => s.matched && s.effect === effect)
            .map((s) => {
              const at = positions.get(trace.name)?.[s.index];
              return {
                SourcePolicyId: trace.name,
                SourcePolicyType: byId.get(trace.name)?.type ?? 'none',
                ...(at ? { StartPosition: at.start, EndPosition: at.end } : {}),
              };
            }),
        )
      : [];
    const boundaryTrace = decision.policies.find((t) => t.type === 'boundary');
    results.push({
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: DECISION[decision.result],
      MatchedStatements: matched,
      MissingContextValues: missing,
      ...(boundaryTrace ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: boundaryTrace.outcome === 'Allow' } } : {}),
    });
    await slicer.maybeYield();
  }
  return { EvaluationResults: results, IsTruncated: window.IsTruncated, ...(window.Marker !== undefined ? { Marker: window.Marker } : {}) };
}
