// Policy engine throughput: sagelite's engine and iam-simulate on the same seeded cases
// (test/differential/generate.ts), in one run.
//
// DEV-ONLY ORACLE: @cloud-copilot/iam-simulate is AGPL-3.0-or-later, a devDependency used here
// and in test/differential only, through test/differential/oracle.ts; src/ never imports it.
//
// Ours is timed as the server uses it: documents compiled once (compilePolicy's cache), then
// evaluate() per request; the rate is the median of five passes of at least 200,000 evaluations. iam-simulate is timed as its API requires: runSimulation() with the
// policy documents (parsed JSON) and the request, which validates and evaluates on every call.
import { readFileSync } from 'node:fs';
import { evaluate } from '../src/auth/policy/index.js';
import type { EvaluationInput } from '../src/auth/policy/types.js';
import { generateCases, type DiffCase, type GenPolicy } from '../test/differential/generate.js';
import { compileTracked, runOracle, toSimulation } from '../test/differential/oracle.js';

export interface PolicyRow {
  what: string;
  system: string;
  rate: string;
  p50: string;
  p99: string;
}

const CASES = 2000;
// dist/bench/policy.js → the project's node_modules.
const IAM_SIMULATE_VERSION = (JSON.parse(readFileSync(new URL('../../node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const OURS_MIN_EVALUATIONS = 200_000;

function toInput(c: DiffCase): EvaluationInput {
  const named = (p: GenPolicy) => ({ name: p.name, policy: compileTracked(p.text, p.kind), ...(p.principalBindings ? { principalBindings: p.principalBindings } : {}) });
  return {
    request: c.request,
    identityPolicies: c.identity.map(named),
    ...(c.resource ? { resourcePolicy: named(c.resource) } : {}),
    ...(c.boundary ? { permissionBoundary: named(c.boundary) } : {}),
    ...(c.session ? { sessionPolicies: c.session.map(named) } : {}),
    now: c.now,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const micros = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

/** Table rows: our engine (decision; decision and explanation) and iam-simulate, evaluations per second on the same cases. */
export async function policyThroughput(): Promise<PolicyRow[]> {
  const inputs = generateCases(CASES).map(toInput);
  const sims = inputs.map(toSimulation);
  const what = `IAM policy evaluation (in process), ${CASES} seeded cases`;

  // Ours: warm up, then five timed passes of whole rounds over the cases; the median pass counts
  // (a 2-core machine shared with other work makes single passes noisy). `explain` also reads the
  // decision's explanation (computed lazily by a second, tracing evaluation), which iam-simulate
  // always builds and sagelite's authorizer records for `sagelite explain`.
  let sink = 0;
  const once = (input: EvaluationInput, explain: boolean): number => {
    const d = evaluate(input);
    return explain ? d.policies.length + d.notes.length : d.result.length;
  };
  const ours = (explain: boolean): { rate: number; lat: number[] } => {
    for (const input of inputs) sink += once(input, explain);
    const rounds = Math.ceil(OURS_MIN_EVALUATIONS / inputs.length / (explain ? 4 : 1));
    const passes: number[] = [];
    for (let pass = 0; pass < 5; pass++) {
      const t0 = performance.now();
      for (let r = 0; r < rounds; r++) for (const input of inputs) sink += once(input, explain);
      passes.push((rounds * inputs.length) / ((performance.now() - t0) / 1000));
    }
    const lat: number[] = [];
    for (const input of inputs) {
      const s = performance.now();
      sink += once(input, explain);
      lat.push(performance.now() - s);
    }
    return { rate: passes.sort((a, b) => a - b)[2]!, lat: lat.sort((a, b) => a - b) };
  };
  const fast = ours(false);
  const explained = ours(true);

  // iam-simulate: one warm-up pass over a tenth, then one timed pass over every case.
  for (const sim of sims.slice(0, CASES / 10)) sink += (await runOracle(sim)).result.length;
  const theirLat: number[] = [];
  const t1 = performance.now();
  for (const sim of sims) {
    const s = performance.now();
    sink += (await runOracle(sim)).result.length;
    theirLat.push(performance.now() - s);
  }
  const theirMs = performance.now() - t1;
  const theirRate = sims.length / (theirMs / 1000);
  theirLat.sort((a, b) => a - b);
  if (sink === 0) throw new Error('unreachable');

  const row = (system: string, rate: number, lat: number[]): PolicyRow => ({ what, system, rate: `${Math.round(rate)} /s`, p50: micros(percentile(lat, 50)), p99: micros(percentile(lat, 99)) });
  return [
    row(`sagelite (compiled, cached; ${(fast.rate / theirRate).toFixed(0)}× iam-simulate)`, fast.rate, fast.lat),
    row(`sagelite, explanation read too (${(explained.rate / theirRate).toFixed(0)}×)`, explained.rate, explained.lat),
    row(`iam-simulate ${IAM_SIMULATE_VERSION} (dev-only oracle)`, theirRate, theirLat),
  ];
}

// Run alone: node dist/bench/policy.js
if (process.argv[1]?.endsWith('policy.js')) {
  const rows = await policyThroughput();
  console.log('| benchmark | system | rate | p50 | p99 |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.system} | ${r.rate} | ${r.p50} | ${r.p99} |`);
}
