import type { FeatureDefinition } from '../../storage/feature-store.js';
import { validation } from './errors.js';

/** Columns Feature Store adds to every offline record; no feature may take their names. */
export const RESERVED_FEATURE_NAMES = ['is_deleted', 'write_time', 'api_invocation_time'] as const;

/** AWS's quota of features per feature group. */
export const MAX_FEATURES = 2500;

/**
 * Checks feature definitions on their own and against those a group already has (for
 * UpdateFeatureGroup's FeatureAdditions): names unique without regard to case (the offline
 * store's Glue columns are lower-case, so `Age` and `age` would collide), none reserved, and
 * collection types only where the online store is InMemory (the only tier that stores them).
 */
export function checkFeatureDefinitions(features: readonly FeatureDefinition[], opts: { inMemory: boolean; existing?: readonly FeatureDefinition[] }): void {
  const seen = new Set((opts.existing ?? []).map((f) => f.FeatureName.toLowerCase()));
  for (const f of features) {
    const lower = f.FeatureName.toLowerCase();
    if ((RESERVED_FEATURE_NAMES as readonly string[]).includes(lower)) {
      throw validation(`The feature name ${f.FeatureName} is reserved: Feature Store adds is_deleted, write_time and api_invocation_time to every record of the offline store.`);
    }
    if (seen.has(lower)) {
      throw validation(
        opts.existing?.some((e) => e.FeatureName.toLowerCase() === lower)
          ? `The feature ${f.FeatureName} already exists in the feature group.`
          : `The feature name ${f.FeatureName} is used more than once. Feature names must be unique (without regard to case).`,
      );
    }
    seen.add(lower);
    checkCollection(f, opts.inMemory);
  }
}

function checkCollection(f: FeatureDefinition, inMemory: boolean): void {
  if (f.CollectionType === undefined) {
    if (f.CollectionConfig !== undefined) throw validation(`The feature ${f.FeatureName} has a CollectionConfig but no CollectionType: CollectionConfig is allowed only with CollectionType Vector.`);
    return;
  }
  if (!inMemory) {
    throw validation(`The feature ${f.FeatureName} has CollectionType ${f.CollectionType}: collection types are supported only by an online store with StorageType InMemory.`);
  }
  if (f.CollectionType === 'Vector' && f.CollectionConfig?.VectorConfig?.Dimension === undefined) {
    throw validation(`The feature ${f.FeatureName} has CollectionType Vector, which requires CollectionConfig.VectorConfig.Dimension.`);
  }
  if (f.CollectionType !== 'Vector' && f.CollectionConfig !== undefined) {
    throw validation(`The feature ${f.FeatureName} has CollectionType ${f.CollectionType}: CollectionConfig is allowed only with CollectionType Vector.`);
  }
}

/**
 * The record identifier and event-time features must be defined scalars; the event time holds
 * Unix seconds (Fractional) or ISO-8601 text (String).
 */
export function checkKeyFeatures(features: readonly FeatureDefinition[], recordIdentifier: string, eventTime: string): void {
  const find = (name: string) => features.find((f) => f.FeatureName === name);
  const id = find(recordIdentifier);
  if (!id) throw validation(`The RecordIdentifierFeatureName ${recordIdentifier} must be the name of one of the FeatureDefinitions.`);
  if (id.CollectionType !== undefined) throw validation(`The RecordIdentifierFeatureName ${recordIdentifier} must be a scalar feature, not a ${id.CollectionType}.`);
  const time = find(eventTime);
  if (!time) throw validation(`The EventTimeFeatureName ${eventTime} must be the name of one of the FeatureDefinitions.`);
  if (time.CollectionType !== undefined) throw validation(`The EventTimeFeatureName ${eventTime} must be a scalar feature, not a ${time.CollectionType}.`);
  if (time.FeatureType !== 'Fractional' && time.FeatureType !== 'String') {
    throw validation(`The EventTimeFeatureName ${eventTime} must be a feature of type Fractional or String, not ${time.FeatureType}.`);
  }
}
