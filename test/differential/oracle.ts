/**
 * The differential oracle: asks @cloud-copilot/iam-simulate the same question our engine answers.
 *
 * DEV-ONLY. iam-simulate is AGPL-3.0-or-later; it is a devDependency used only by the tests
 * under test/differential and by bench/policy.ts, never imported from src/ and never shipped.
 *
 * It turns an `EvaluationInput` (src/auth/policy/types.ts) into iam-simulate's `Simulation`,
 * and its answer (Allowed / ExplicitlyDenied / ImplicitlyDenied) back into our `DecisionResult`.
 * A compiled policy is opaque, so the documents are registered beside it when compiled
 * (`compileTracked`); the adapter looks each policy's source up by identity.
 *
 * What the translation does, and why:
 * - principal: user/root → its ARN; assumed-role → the session ARN; service → the service
 *   name; anonymous → iam-simulate's `anonymousPrincipal` (which rejects principal-side policies).
 * - resource account: `resourceAccount`, or the principal's account when absent (our contract).
 * - context: iam-simulate does not derive keys, so it gets exactly our context, with numbers and
 *   booleans written as the strings AWS puts in a request context; `input.now` fills
 *   aws:CurrentTime / aws:EpochTime when the context lacks them, as our contract says it does.
 * - session policies: iam-simulate takes one; ours may be several whose union limits the
 *   session. Concatenating their statements into one document is that union (an Allow in any
 *   allows, a Deny in any denies).
 * - principalBindings (trust-policy unique ids) have no counterpart in iam-simulate and are
 *   not passed: a stale binding is a known divergence (see known-divergences.ts).
 * - no SCPs or RCPs (sagelite has no Organizations); iam-simulate adds RCPFullAWSAccess itself.
 */
import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { compilePolicy } from '../../src/auth/policy/index.js';
import type { CompiledPolicy, DecisionResult, EvaluationInput, NamedPolicy, PolicyKind } from '../../src/auth/policy/types.js';

type Document = Record<string, unknown>;

const sources = new WeakMap<CompiledPolicy, Document>();

/** Records the document a compiled policy came from, so the oracle can be given the same one. */
export function registerSource(policy: CompiledPolicy, text: string): CompiledPolicy {
  if (!sources.has(policy)) sources.set(policy, JSON.parse(text) as Document);
  return policy;
}

/** Compiles with our engine and remembers the source for the oracle. */
export function compileTracked(text: string, kind: PolicyKind): CompiledPolicy {
  return registerSource(compilePolicy(text, kind), text);
}

function documentOf(p: NamedPolicy): Document {
  const doc = sources.get(p.policy);
  if (!doc) throw new Error(`oracle: no source registered for policy "${p.name}" (compile it with compileTracked)`);
  return doc;
}

function contextValue(v: string | number | boolean | readonly string[]): string | string[] {
  if (Array.isArray(v)) return [...(v as readonly string[])];
  return String(v);
}

function statements(doc: Document): unknown[] {
  const s = doc['Statement'];
  return Array.isArray(s) ? s : [s];
}

/** The union of several session policies as one document. */
function mergeSessionPolicies(policies: readonly NamedPolicy[]): Document {
  if (policies.length === 1) return documentOf(policies[0]!);
  const docs = policies.map(documentOf);
  // Sids are labels only; dropping them keeps the merged document free of duplicates.
  const merged = docs.flatMap(statements).map((st) => {
    const { Sid: _sid, ...rest } = st as Record<string, unknown>;
    return rest;
  });
  return { Version: docs[0]!['Version'] ?? '2012-10-17', Statement: merged };
}

/** Our question as iam-simulate's simulation input. */
export function toSimulation(input: EvaluationInput): Simulation {
  const { request } = input;
  const p = request.principal;
  const principal = p.kind === 'anonymous' ? anonymousPrincipal : p.kind === 'service' ? p.serviceName ?? p.arn : p.arn;
  const contextVariables: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(request.context)) contextVariables[k] = contextValue(v);
  if (input.now) {
    const lower = new Set(Object.keys(contextVariables).map((k) => k.toLowerCase()));
    if (!lower.has('aws:currenttime')) contextVariables['aws:CurrentTime'] = input.now.toISOString();
    if (!lower.has('aws:epochtime')) contextVariables['aws:EpochTime'] = String(Math.floor(input.now.getTime() / 1000));
  }
  const sim: Simulation = {
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? p.accountId },
      contextVariables,
    },
    identityPolicies: input.identityPolicies.map((np, i) => ({ name: `${i}:${np.name}`, policy: documentOf(np) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  if (input.resourcePolicy) sim.resourcePolicy = documentOf(input.resourcePolicy);
  if (input.permissionBoundary) sim.permissionBoundaryPolicies = [{ name: input.permissionBoundary.name, policy: documentOf(input.permissionBoundary) }];
  if (input.sessionPolicies && input.sessionPolicies.length > 0) sim.sessionPolicy = mergeSessionPolicies(input.sessionPolicies);
  return sim;
}

const RESULTS: Record<string, DecisionResult> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

export interface OracleAnswer {
  result: DecisionResult;
  /** Context keys iam-simulate dropped as not applying to the action: the generator must send none. */
  ignoredContextKeys: string[];
}

/** Runs a prepared simulation and maps its answer; a simulation iam-simulate refuses is an error. */
export async function runOracle(sim: Simulation): Promise<OracleAnswer> {
  const out = await runSimulation(sim, { simulationMode: 'Strict' });
  if (out.resultType === 'error') throw new Error(`iam-simulate refused the simulation: ${JSON.stringify(out.errors)}`);
  const result = RESULTS[out.overallResult];
  if (!result) throw new Error(`iam-simulate answered ${String(out.overallResult)}`);
  const ignored = out.resultType === 'single' ? out.result.ignoredContextKeys ?? [] : out.results.flatMap((r) => r.ignoredContextKeys ?? []);
  return { result, ignoredContextKeys: ignored };
}

/** iam-simulate's decision for our input. */
export async function oracleDecision(input: EvaluationInput): Promise<OracleAnswer> {
  return runOracle(toSimulation(input));
}
