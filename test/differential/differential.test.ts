/**
 * Differential test of the policy engine against @cloud-copilot/iam-simulate.
 *
 * DEV-ONLY ORACLE: iam-simulate is AGPL-3.0-or-later. It is a devDependency reached only through
 * test/differential/oracle.ts; nothing under src/ imports it.
 *
 * 10,000 seeded cases (generate.ts) go through both engines with the same policies and the same
 * request context. Every disagreement must be explained by an entry of known-divergences.ts
 * (class, both answers, and iam-simulate agreeing with us once the construct it gets wrong is
 * rewritten as AWS documents it); any other disagreement fails the test and prints the case.
 * Replay another sample with DIFF_SEED=<n> DIFF_COUNT=<n> node scripts/run-tests.mjs differential.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../src/auth/policy/index.js';
import type { Decision, EvaluationInput, NamedPolicy } from '../../src/auth/policy/types.js';
import { generateCases, type DiffCase, type GenPolicy } from './generate.js';
import { KNOWN_DIVERGENCES, type KnownDivergence } from './known-divergences.js';
import { compileTracked, runOracle, toSimulation } from './oracle.js';

const COUNT = Number(process.env['DIFF_COUNT'] ?? 10_000);
const DEFAULT_SEED = 20261127;
const SEED = Number(process.env['DIFF_SEED'] ?? DEFAULT_SEED);
const SHOW = Number(process.env['DIFF_SHOW'] ?? 8);

function named(p: GenPolicy): NamedPolicy {
  return { name: p.name, policy: compileTracked(p.text, p.kind), ...(p.principalBindings ? { principalBindings: p.principalBindings } : {}) };
}

/** The case as our engine's input; documents are compiled (and registered for the oracle). */
export function toInput(c: DiffCase): EvaluationInput {
  return {
    request: c.request,
    identityPolicies: c.identity.map(named),
    ...(c.resource ? { resourcePolicy: named(c.resource) } : {}),
    ...(c.boundary ? { permissionBoundary: named(c.boundary) } : {}),
    ...(c.session ? { sessionPolicies: c.session.map(named) } : {}),
    now: c.now,
  };
}

function describeCase(c: DiffCase, ours: Decision, theirs: string, note = ''): string {
  const docs = [
    ...c.identity.map((p) => `  identity ${p.name}: ${p.text}`),
    ...(c.resource ? [`  ${c.resource.kind} ${c.resource.name}: ${c.resource.text}${c.resource.principalBindings ? `\n    bindings ${JSON.stringify(c.resource.principalBindings)}` : ''}`] : []),
    ...(c.boundary ? [`  boundary: ${c.boundary.text}`] : []),
    ...(c.session ?? []).map((p) => `  session ${p.name}: ${p.text}`),
  ];
  return [
    `case ${c.id} (seed ${SEED}) ours=${ours.result} iam-simulate=${theirs}${note ? ` — ${note}` : ''}`,
    `  tags: ${c.tags.join(' ')}`,
    `  request: ${JSON.stringify({ ...c.request, now: c.now.toISOString() })}`,
    ...docs,
    `  our trace: ${ours.policies.map((p) => `${p.type}:${p.name}=${p.outcome}`).join(', ')}${ours.deniedBy ? ` deniedBy=${JSON.stringify(ours.deniedBy)}` : ''}`,
    `  notes: ${ours.notes.join(' | ')}`,
  ].join('\n');
}

describe('policy engine agrees with iam-simulate (dev-only AGPL oracle)', () => {
  it(`${COUNT} seeded cases agree, except documented divergences`, async () => {
    const started = performance.now();
    const cases = generateCases(COUNT, SEED);
    const explained = new Map<KnownDivergence, number>();
    const unexplained: string[] = [];
    const refused: string[] = [];
    const outcomes = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
    let agree = 0;
    let combined = 0;
    let explainedCases = 0;
    for (const c of cases) {
      let input: EvaluationInput;
      try {
        input = toInput(c);
      } catch (e) {
        refused.push(`case ${c.id}: our compilePolicy refused a document the generator means to be valid: ${(e as Error).message}\n${describeCase(c, { result: 'ImplicitDeny', policies: [], notes: [] }, '-')}`);
        continue;
      }
      const ours = evaluate(input);
      const sim = toSimulation(input);
      const theirs = await runOracle(sim);
      assert.deepEqual(theirs.ignoredContextKeys, [], `case ${c.id}: the generator sent context keys iam-simulate does not apply to ${c.request.action}`);
      outcomes[ours.result]++;
      if (ours.result === theirs.result) {
        agree++;
        continue;
      }
      // Explained by one class (its answers, and iam-simulate agreeing once that construct is
      // repaired), or by several classes together (all their repairs applied at once).
      const applicable = KNOWN_DIVERGENCES.filter((k) => k.applies(c, ours));
      const answersFit = (k: KnownDivergence) => k.answers.some(([o, t]) => o === ours.result && t === theirs.result);
      let by: KnownDivergence[] | undefined;
      let why = applicable.length === 0 ? 'no known divergence applies' : `${applicable.map((k) => k.id).join(' + ')} apply`;
      for (const k of applicable.filter(answersFit)) {
        const repaired = await runOracle(k.repair(structuredClone(sim), c));
        if (repaired.result === ours.result) {
          by = [k];
          break;
        }
        why += `; repairing ${k.id} alone leaves iam-simulate at ${repaired.result}`;
      }
      if (!by && applicable.length > 1 && applicable.some(answersFit)) {
        const repaired = await runOracle(applicable.reduce((sm, k) => k.repair(sm, c), structuredClone(sim)));
        if (repaired.result === ours.result) by = applicable;
        else why += `; repairing all of them leaves iam-simulate at ${repaired.result}`;
      }
      if (by) {
        for (const k of by) explained.set(k, (explained.get(k) ?? 0) + 1);
        if (by.length > 1) combined++;
        explainedCases++;
      } else unexplained.push(describeCase(c, ours, theirs.result, why));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const lines = [
      `${COUNT} cases in ${seconds} s: ${agree} agree (${((100 * agree) / COUNT).toFixed(2)}%), ${explainedCases} documented divergences (${combined} of them from more than one class), ${unexplained.length} unexplained, ${refused.length} refused by compilePolicy`,
      `our answers: ${JSON.stringify(outcomes)}`,
      ...KNOWN_DIVERGENCES.map((k) => `  ${k.id}: ${explained.get(k) ?? 0}`),
    ];
    console.log(lines.join('\n'));
    assert.equal(refused.length, 0, `compilePolicy refused ${refused.length} generated documents:\n${refused.slice(0, SHOW).join('\n\n')}`);
    assert.equal(unexplained.length, 0, `${unexplained.length} unexplained disagreements (first ${Math.min(SHOW, unexplained.length)}):\n\n${unexplained.slice(0, SHOW).join('\n\n')}`);
    // With the default sample, an entry no case exercises is stale (or the generator lost the
    // class): prune it or regenerate. Other seeds are exploration and may miss a rare class.
    if (SEED === DEFAULT_SEED && COUNT >= 10_000) for (const k of KNOWN_DIVERGENCES) assert.ok((explained.get(k) ?? 0) > 0, `no case exercised known divergence ${k.id}`);
    // A mixed sample: the generator must keep producing every kind of answer.
    for (const [k, n] of Object.entries(outcomes)) assert.ok(n >= COUNT / 20, `only ${n} ${k} answers: the generator has drifted`);
  });

  it('covers every feature the suite promises', () => {
    const cases = generateCases(COUNT, SEED);
    const count = new Map<string, number>();
    for (const c of cases) for (const t of c.tags) count.set(t, (count.get(t) ?? 0) + 1);
    const required = [
      ...['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
      ...['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
      ...['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
      ...['Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null'],
    ].map((op) => `op:${op}`);
    required.push(
      ...['ifexists', 'set:ForAllValues', 'set:ForAnyValue', 'multi-valued-key', 'empty-set', 'cond-key-missing', 'ctx-dropped-key', 'negated-op', 'ipv6', 'ip-bare'],
      ...['variable', 'variable-default', 'variable-escape', 'key-case', 'like-wildcard', 'resource-qmark', 'resource-case', 'not-action', 'not-resource', 'not-principal'],
      ...['principal:root', 'principal:user', 'principal:user-pathed', 'principal:session-pathed-role', 'principal:service', 'principal:anonymous'],
      ...['same-account', 'cross-account', 'rbp:account', 'rbp:user-arn', 'rbp:role-arn', 'rbp:session-arn', 'rbp:star', 'rbp:service'],
      ...['boundary', 'session-policy', 'session-policies-2', 'trust', 'stale-binding', 'wildcard-only-action', 'now-from-input', 'version-2008', 'literal-special-value', 'date-mixed-format'],
    );
    const missing = required.filter((t) => (count.get(t) ?? 0) < 10);
    assert.deepEqual(missing, [], `features exercised fewer than 10 times: ${missing.join(', ')}`);
  });

  for (const k of KNOWN_DIVERGENCES) {
    it(`known divergence ${k.id} is documented`, () => {
      assert.match(k.doc.url, /^https:\/\/docs\.aws\.amazon\.com\//);
      assert.ok(k.doc.quote.length > 40 && k.answers.length > 0 && k.summary.length > 20);
    });
  }
});
