import type { OnlineRecord } from '../../storage/feature-store.js';
import type { CompiledGroup } from './compiled.js';
import { invalidRecord } from './errors.js';
import type { FeatureValueInput } from './record-input.js';
import { formatExpiresAt } from './ttl.js';

/** The FeatureNames a read asks for, checked against the group; undefined means every feature. */
export function projection(c: CompiledGroup, names: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!names || names.length === 0) return undefined;
  for (const n of names) if (!c.features.has(n)) throw invalidRecord(`Feature ${n} is not defined in FeatureGroup ${c.group.name}.`);
  return new Set(names);
}

/** A record as GetRecord and BatchGetRecord return it: its features (projected), in the order they were put. */
export function recordOutput(record: OnlineRecord, only: ReadonlySet<string> | undefined): FeatureValueInput[] {
  const out: FeatureValueInput[] = [];
  for (const [name, value] of record.features) {
    if (only && !only.has(name)) continue;
    out.push(typeof value === 'string' ? { FeatureName: name, ValueAsString: value } : { FeatureName: name, ValueAsStringList: value });
  }
  return out;
}

/** ExpiresAt is returned only when asked for (ExpirationTimeResponse=Enabled) and the record has one. */
export function expiresAtOutput(record: OnlineRecord, enabled: boolean): { ExpiresAt?: string } {
  return enabled && record.expiresAt ? { ExpiresAt: formatExpiresAt(record.expiresAt) } : {};
}
