import { validation } from './errors.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** SageMaker's quota of tags on one resource. */
export const MAX_TAGS = 50;

/**
 * Adds tags to a resource's set (a key already there takes the new value; keys are
 * case-sensitive in SageMaker). `aws:` keys are reserved for AWS, a key twice in one request is
 * ambiguous, and a resource holds at most {@link MAX_TAGS}.
 */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const t of added) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw validation(`Tag keys starting with 'aws:' are reserved for AWS use: ${t.Key}.`);
    if (seen.has(t.Key)) throw validation(`The tag key ${t.Key} appears more than once in the request.`);
    seen.add(t.Key);
  }
  const out = existing.filter((t) => !seen.has(t.Key));
  out.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  if (out.length > MAX_TAGS) throw validation(`A resource can have at most ${MAX_TAGS} tags; this request would give it ${out.length}.`);
  return out;
}

/** Removes keys; keys that are not there are ignored. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const gone = new Set(keys);
  return existing.filter((t) => !gone.has(t.Key));
}
