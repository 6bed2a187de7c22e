import { deflateRawSync } from 'node:zlib';
import { AwsError } from '../../core/errors.js';
import type { RoleSession, SessionTag } from '../../core/principal.js';

/**
 * The tags a new session carries: the caller's incoming transitive tags plus the request's.
 * Keys compare case-insensitively; a request may not override an inherited transitive key.
 */
export function mergeSessionTags(
  incoming: RoleSession | undefined,
  tags: readonly SessionTag[],
  transitiveKeys: readonly string[],
): { tags: SessionTag[]; transitiveTagKeys: string[] } {
  const requested = new Map<string, SessionTag>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (requested.has(k)) throw new AwsError('InvalidParameterValue', 400, `Duplicate tag keys found. Please note that Tag keys are case insensitive.`);
    requested.set(k, t);
  }
  const transitive = new Set(transitiveKeys.map((k) => k.toLowerCase()));
  for (const k of transitive) {
    if (!requested.has(k)) throw new AwsError('InvalidParameterValue', 400, `The specified transitive tag key must be included in the requested tags.`);
  }
  const out = new Map<string, SessionTag>();
  const outTransitive = new Set<string>();
  if (incoming) {
    const inherited = new Set(incoming.transitiveTagKeys);
    for (const t of incoming.tags) {
      const k = t.Key.toLowerCase();
      if (!inherited.has(k)) continue;
      if (requested.has(k)) throw new AwsError('InvalidParameterValue', 400, `One or more of the specified transitive tag keys can't be set because they conflict with the transitive tag keys of the role session: ${t.Key}.`);
      out.set(k, t);
      outTransitive.add(k);
    }
  }
  for (const [k, t] of requested) out.set(k, t);
  for (const k of transitive) outTransitive.add(k);
  return { tags: [...out.values()], transitiveTagKeys: [...outTransitive] };
}

/**
 * AWS compresses session policies, policy ARNs and tags into a packed form with its own limit
 * and reports the share used as PackedPolicySize. Its algorithm is not published; sagelite
 * deflates the same inputs against a 1,024-byte allotment (docs/DECISIONS.md), which lets a
 * 2,048-character policy of ordinary text through and refuses enough extra tags or ARNs.
 */
export function packedPolicySize(policy: string | undefined, policyArns: readonly string[], tags: readonly SessionTag[]): number {
  const minified = policy === undefined ? '' : minifyJson(policy);
  const packed = [minified, ...policyArns, ...tags.map((t) => `${t.Key}=${t.Value}`)].join('\n');
  if (packed.length === 0) return 0;
  return Math.ceil((deflateRawSync(Buffer.from(packed, 'utf8'), { level: 9 }).length * 100) / PACKED_ALLOTMENT_BYTES);
}

export const PACKED_ALLOTMENT_BYTES = 1024;

function minifyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
