/**
 * Shrinks a disagreeing differential case to a minimal reproduction (a developer tool, not a test).
 *
 *   node dist/test/differential/minimize.js <case id> [seed]
 *
 * Greedily deletes policies, statements, list entries, condition operators and keys, and context
 * keys while both engines keep giving the same two (different) answers and every document stays
 * valid for both, then prints the case and iam-simulate's statement explanations.
 *
 * DEV-ONLY: uses @cloud-copilot/iam-simulate (AGPL-3.0-or-later) through oracle.ts.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { evaluate } from '../../src/auth/policy/index.js';
import type { DecisionResult, EvaluationInput, NamedPolicy } from '../../src/auth/policy/types.js';
import { generateCases, type DiffCase, type GenPolicy } from './generate.js';
import { compileTracked, runOracle, toSimulation } from './oracle.js';

type Json = Record<string, unknown>;

interface Work {
  c: DiffCase;
  docs: { identity: Json[]; resource?: Json; boundary?: Json; session?: Json[] };
}

function toInput(w: Work): EvaluationInput {
  const np = (p: GenPolicy, doc: Json): NamedPolicy => ({ name: p.name, policy: compileTracked(JSON.stringify(doc), p.kind), ...(p.principalBindings ? { principalBindings: p.principalBindings } : {}) });
  return {
    request: w.c.request,
    identityPolicies: w.c.identity.map((p, i) => np(p, w.docs.identity[i]!)),
    ...(w.c.resource && w.docs.resource ? { resourcePolicy: np(w.c.resource, w.docs.resource) } : {}),
    ...(w.c.boundary && w.docs.boundary ? { permissionBoundary: np(w.c.boundary, w.docs.boundary) } : {}),
    ...(w.c.session && w.docs.session ? { sessionPolicies: w.c.session.map((p, i) => np(p, w.docs.session![i]!)) } : {}),
    now: w.c.now,
  };
}

async function answers(w: Work): Promise<[DecisionResult, DecisionResult] | undefined> {
  try {
    const input = toInput(w);
    const ours = evaluate(input).result;
    const theirs = await runOracle(toSimulation(input));
    return [ours, theirs.result];
  } catch {
    return undefined;
  }
}

/** Every single deletion that could shrink the case, as functions producing a new Work. */
function deletions(w: Work): Array<() => Work> {
  const out: Array<() => Work> = [];
  const clone = (): Work => structuredClone(w);
  // Whole policies.
  w.c.identity.forEach((_, i) =>
    out.push(() => {
      const n = clone();
      n.c.identity.splice(i, 1);
      n.docs.identity.splice(i, 1);
      return n;
    }),
  );
  for (const k of ['resource', 'boundary', 'session'] as const)
    if (w.c[k])
      out.push(() => {
        const n = clone();
        delete n.c[k];
        delete n.docs[k];
        return n;
      });
  if (w.c.session && w.c.session.length > 1)
    w.c.session.forEach((_, i) =>
      out.push(() => {
        const n = clone();
        n.c.session!.splice(i, 1);
        n.docs.session!.splice(i, 1);
        return n;
      }),
    );
  // Context keys.
  for (const k of Object.keys(w.c.request.context))
    out.push(() => {
      const n = clone();
      const ctx = { ...n.c.request.context };
      delete ctx[k];
      n.c.request = { ...n.c.request, context: ctx };
      return n;
    });
  // Inside documents: array entries and object keys below Statement.
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (v.length > 1) paths.push([...path, i]);
        walk(x, [...path, i]);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Json)) {
        if (['Condition', 'Sid', 'Id'].includes(k) || (path.includes('Condition') && Object.keys(v as Json).length > 1)) paths.push([...path, k]);
        walk(x, [...path, k]);
      }
    }
  };
  w.docs.identity.forEach((d, i) => walk(d, ['identity', i]));
  if (w.docs.resource) walk(w.docs.resource, ['resource']);
  if (w.docs.boundary) walk(w.docs.boundary, ['boundary']);
  w.docs.session?.forEach((d, i) => walk(d, ['session', i]));
  for (const path of paths)
    out.push(() => {
      const n = clone();
      let parent: unknown = n.docs;
      for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
      const last = path[path.length - 1]!;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Json)[last as string];
      return n;
    });
  return out;
}

export async function minimize(c: DiffCase): Promise<Work | undefined> {
  let w: Work = {
    c: structuredClone(c),
    docs: {
      identity: c.identity.map((p) => JSON.parse(p.text) as Json),
      ...(c.resource ? { resource: JSON.parse(c.resource.text) as Json } : {}),
      ...(c.boundary ? { boundary: JSON.parse(c.boundary.text) as Json } : {}),
      ...(c.session ? { session: c.session.map((p) => JSON.parse(p.text) as Json) } : {}),
    },
  };
  const target = await answers(w);
  if (!target || target[0] === target[1]) return undefined;
  for (let changed = true; changed; ) {
    changed = false;
    for (const del of deletions(w)) {
      const n = del();
      const a = await answers(n);
      if (a && a[0] === target[0] && a[1] === target[1]) {
        w = n;
        changed = true;
        break;
      }
    }
  }
  return w;
}

if (process.argv[1]?.endsWith('minimize.js')) {
  const id = Number(process.argv[2]);
  const seed = Number(process.argv[3] ?? 20261127);
  const c = generateCases(id + 1, seed)[id]!;
  const w = await minimize(c);
  if (!w) {
    console.log(`case ${id}: the engines agree`);
  } else {
    const input = toInput(w);
    const ours = evaluate(input);
    const sim = toSimulation(input);
    const theirs = await runSimulation(sim, { simulationMode: 'Strict' });
    console.log(JSON.stringify({ request: w.c.request, now: w.c.now, ...w.docs, bindings: w.c.resource?.principalBindings }, null, 1));
    console.log(`ours: ${ours.result} ${JSON.stringify(ours.deniedBy ?? {})}\n  ${ours.notes.join('\n  ')}`);
    console.log(`iam-simulate: ${theirs.resultType === 'error' ? 'error' : theirs.overallResult}`);
    if (theirs.resultType === 'single') {
      const a = theirs.result.analysis as unknown as Record<string, { result?: string; allowStatements?: Array<{ explain: unknown }>; denyStatements?: Array<{ explain: unknown }>; unmatchedStatements?: Array<{ explain: unknown }> } | undefined>;
      for (const k of ['identityAnalysis', 'resourceAnalysis', 'permissionBoundaryAnalysis', 'sessionAnalysis']) {
        const x = a[k];
        if (!x) continue;
        console.log(`  ${k}: ${x.result}`);
        for (const s of [...(x.allowStatements ?? []), ...(x.denyStatements ?? []), ...(x.unmatchedStatements ?? [])]) console.log(`    ${JSON.stringify(s.explain)}`);
      }
    }
  }
}
