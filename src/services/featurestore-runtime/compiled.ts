import type { FeatureGroup, FeatureGroupKey, FeatureType, RecordGroupShape, TtlDuration } from '../../storage/feature-store.js';
import { isFractional, isIntegral, parseIsoEventTime, parseUnixSeconds } from './values.js';

/** One feature, ready to check values against. */
export interface CompiledFeature {
  name: string;
  type: FeatureType;
  collection?: 'List' | 'Set' | 'Vector';
  /** A Vector's length. */
  dimension?: number;
  /** Whether a scalar value (or one item of a collection) is of the feature's type. */
  accepts(value: string): boolean;
}

/** What the runtime needs of a feature group on every request, computed once per version of it. */
export interface CompiledGroup {
  group: FeatureGroup;
  key: FeatureGroupKey;
  shape: RecordGroupShape;
  features: ReadonlyMap<string, CompiledFeature>;
  idFeature: string;
  timeFeature: string;
  timeType: 'Fractional' | 'String';
  /** The event time's instant in milliseconds, or undefined when it is not of the group's format. */
  parseEventTime(value: string): number | undefined;
  groupTtl?: TtlDuration;
  online: boolean;
  offline: boolean;
}

const anything = () => true;

function compileFeature(d: FeatureGroup['featureDefinitions'][number]): CompiledFeature {
  const accepts = d.FeatureType === 'Integral' ? isIntegral : d.FeatureType === 'Fractional' ? isFractional : anything;
  return {
    name: d.FeatureName,
    type: d.FeatureType,
    ...(d.CollectionType ? { collection: d.CollectionType } : {}),
    ...(d.CollectionType === 'Vector' && d.CollectionConfig?.VectorConfig ? { dimension: d.CollectionConfig.VectorConfig.Dimension } : {}),
    accepts,
  };
}

function compile(group: FeatureGroup): CompiledGroup {
  const features = new Map(group.featureDefinitions.map((d) => [d.FeatureName, compileFeature(d)] as const));
  // The control plane allows only Fractional and String event times; anything else reads as String.
  const timeType = features.get(group.eventTimeFeatureName)?.type === 'Fractional' ? 'Fractional' : 'String';
  const online = group.onlineStoreConfig?.EnableOnlineStore === true;
  const offline = group.offlineStoreConfig !== undefined;
  const ttl = group.onlineStoreConfig?.TtlDuration;
  return {
    group,
    key: {
      accountId: group.accountId, region: group.region, name: group.name, createdAt: group.createdAt,
      storageType: group.onlineStoreConfig?.StorageType === 'InMemory' ? 'InMemory' : 'Standard',
    },
    shape: Object.freeze({
      createdAt: group.createdAt,
      recordIdentifierFeatureName: group.recordIdentifierFeatureName,
      eventTimeFeatureName: group.eventTimeFeatureName,
      eventTimeType: timeType,
      featureNames: Object.freeze(group.featureDefinitions.map((d) => d.FeatureName)),
      offlineStore: offline,
    }),
    features,
    idFeature: group.recordIdentifierFeatureName,
    timeFeature: group.eventTimeFeatureName,
    timeType,
    parseEventTime: timeType === 'Fractional' ? parseUnixSeconds : parseIsoEventTime,
    // UpdateFeatureGroup removes a TTL by sending Unit and Value as null.
    ...(ttl && ttl.Unit && ttl.Value ? { groupTtl: ttl } : {}),
    online,
    offline,
  };
}

const byObject = new WeakMap<FeatureGroup, CompiledGroup>();
const byVersion = new Map<string, { version: string; compiled: CompiledGroup }>();

/**
 * The group's compiled form. The control plane hands out the same frozen object until the group
 * changes, so the object itself is the first cache key; a store that builds fresh objects is
 * served by its ARN and its creation and last-modified times instead. Either way the definitions
 * are read once per version of the group, not once per request.
 */
export function compiledGroup(group: FeatureGroup): CompiledGroup {
  const hit = byObject.get(group);
  if (hit) return hit;
  const version = `${group.createdAt.getTime()}/${group.lastModifiedAt.getTime()}`;
  const known = byVersion.get(group.arn);
  // Same version, another object (its offline status changed, say): keep the checks, take the group.
  const compiled = known && known.version === version ? { ...known.compiled, group } : compile(group);
  byVersion.set(group.arn, { version, compiled });
  byObject.set(group, compiled);
  return compiled;
}
