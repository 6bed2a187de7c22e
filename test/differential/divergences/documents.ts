/** Reading and rewriting policy documents, of a generated case or of a simulation, for the allow-list. */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { DiffCase, GenPolicy } from '../generate.js';

export type Json = Record<string, unknown>;

type ConditionKeys = Record<string, string | string[]>;

export function statementsOf(doc: unknown): Json[] {
  if (!doc || typeof doc !== 'object') return [];
  const s = (doc as Json)['Statement'];
  return (Array.isArray(s) ? s : [s]) as Json[];
}

/** Every document of a simulation, as objects a repair may rewrite in place. */
export function allDocuments(sim: Simulation): unknown[] {
  return [
    ...sim.identityPolicies.map((p) => p.policy),
    sim.resourcePolicy,
    ...(sim.permissionBoundaryPolicies ?? []).map((p) => p.policy),
    sim.sessionPolicy,
  ].filter((d) => d !== undefined);
}

/** Every document of a case, as generated (text). */
export function caseDocuments(c: DiffCase): GenPolicy[] {
  return [c.resource, c.boundary, ...c.identity, ...(c.session ?? [])].filter((p) => p !== undefined);
}

/** Every document of a case, parsed. */
export function policiesOf(c: DiffCase): unknown[] {
  return caseDocuments(c).map((p) => JSON.parse(p.text) as unknown);
}

export function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
}

/** The condition blocks (operator, then keys and values) whose operator matches `op`. */
function conditionBlocks(doc: unknown, op: RegExp): Array<[string, ConditionKeys]> {
  return statementsOf(doc).flatMap((s) => Object.entries((s['Condition'] as Record<string, ConditionKeys> | undefined) ?? {}).filter(([name]) => op.test(name)));
}

/** Every value of conditions whose operator matches `op`. */
export function conditionValues(doc: unknown, op: RegExp): string[] {
  return conditionBlocks(doc, op).flatMap(([, keys]) => Object.values(keys).flatMap(list));
}

/** Rewrites, in place, every value of conditions whose operator matches `op`. */
export function rewriteConditionValues(doc: unknown, op: RegExp, f: (v: string, op: string, key: string) => string): void {
  for (const [name, keys] of conditionBlocks(doc, op)) {
    for (const [key, values] of Object.entries(keys)) keys[key] = Array.isArray(values) ? values.map((v) => f(v, name, key)) : f(values, name, key);
  }
}

/** A simulation's context value for `key` (names compared without case), when it is one string. */
export function contextString(sim: Simulation, key: string): string | undefined {
  const ctx = sim.request.contextVariables;
  const k = Object.keys(ctx).find((x) => x.toLowerCase() === key.toLowerCase());
  const v = k === undefined ? undefined : ctx[k];
  return typeof v === 'string' ? v : undefined;
}
