import type { Tag } from '../../storage/iam.js';
import { invalidInput, limitExceeded } from './errors.js';

/** IAM's quota of tags on one user, role or policy. */
export const MAX_TAGS = 50;

const lower = (k: string): string => k.toLowerCase();

/** The IAM entities that carry tags, and the name of each one's tag quota in IAM's LimitExceeded message. */
export type TaggedEntity = 'user' | 'role' | 'policy' | 'oidc-provider';
const TAG_QUOTA: Record<TaggedEntity, string> = {
  user: 'TagsPerUser',
  role: 'TagsPerRole',
  policy: 'TagsPerPolicy',
  'oidc-provider': 'TagsPerOpenIdConnectProvider',
};

/**
 * Checks tags a request adds (key length and characters are the model's job): no `aws:` prefix
 * (reserved for AWS), no key twice (keys are case-insensitive in IAM).
 */
export function checkNewTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (lower(t.Key).startsWith('aws:')) throw invalidInput("User-provided tag keys cannot start with the reserved prefix 'aws:'.");
    if (seen.has(lower(t.Key))) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower(t.Key));
  }
}

/**
 * Adds tags to an entity's set: a key already there (in any case) takes the new value and the
 * new spelling. More than {@link MAX_TAGS} in the result is LimitExceeded, as in IAM.
 */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], entity: TaggedEntity): Tag[] {
  checkNewTags(added);
  const out = existing.filter((t) => !added.some((a) => lower(a.Key) === lower(t.Key)));
  out.push(...added.map((t) => ({ Key: t.Key, Value: t.Value ?? '' })));
  if (out.length > MAX_TAGS) throw tooManyTags(entity);
  return out;
}

/** Removes keys (in any case); keys that are not there are ignored, as in IAM. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const gone = new Set(keys.map(lower));
  return existing.filter((t) => !gone.has(lower(t.Key)));
}

export function tooManyTags(entity: TaggedEntity): Error {
  return limitExceeded(`Cannot exceed quota for ${TAG_QUOTA[entity]}: ${MAX_TAGS}`);
}

/** Tags given at creation: checked, with missing values as ''. */
export function initialTags(tags: readonly Tag[] | undefined, entity: TaggedEntity): Tag[] {
  return mergeTags([], tags ?? [], entity);
}
