import type { ContextValue, RequestContextKeys } from '../../../auth/policy/index.js';
import { invalidInput } from '../errors.js';

/** One typed context key of a simulation request (the botocore ContextEntry shape). */
export interface ContextEntry {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

function single(entry: ContextEntry, values: string[]): string {
  if (values.length !== 1) throw invalidInput(`Context key ${entry.ContextKeyName} of type ${entry.ContextKeyType} takes exactly one value.`);
  return values[0]!;
}

/**
 * Turns the simulator's typed context entries into the engine's request context: single-valued
 * types become one string, number or boolean; *List types become multi-valued keys.
 */
export function contextFromEntries(entries: readonly ContextEntry[] | undefined): RequestContextKeys {
  const out: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName || !e.ContextKeyType) throw invalidInput('Each context entry needs a ContextKeyName and a ContextKeyType.');
    const values = e.ContextKeyValues ?? [];
    const type = e.ContextKeyType;
    if (type.endsWith('List')) {
      out[e.ContextKeyName] = values;
    } else if (type === 'numeric') {
      const n = Number(single(e, values));
      if (Number.isNaN(n)) throw invalidInput(`Context key ${e.ContextKeyName} is numeric; ${values[0]} is not a number.`);
      out[e.ContextKeyName] = n;
    } else if (type === 'boolean') {
      const v = single(e, values).toLowerCase();
      if (v !== 'true' && v !== 'false') throw invalidInput(`Context key ${e.ContextKeyName} is boolean; ${values[0]} is not true or false.`);
      out[e.ContextKeyName] = v === 'true';
    } else {
      out[e.ContextKeyName] = single(e, values);
    }
  }
  return out;
}

/** Condition keys a policy document's statements test (as written), for MissingContextValues. */
export function conditionKeys(document: string): string[] {
  const keys: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    return keys;
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  for (const st of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    const condition = (st as { Condition?: unknown })?.Condition;
    if (!condition || typeof condition !== 'object') continue;
    for (const block of Object.values(condition as Record<string, unknown>)) {
      if (block && typeof block === 'object') keys.push(...Object.keys(block as Record<string, unknown>));
    }
  }
  return keys;
}
