import type { FeatureGroup, FeatureMetadata } from '../../storage/feature-store.js';

/** The members DescribeFeatureGroup and Search's FeatureGroup share. */
function groupFields(g: FeatureGroup): Record<string, unknown> {
  return {
    FeatureGroupArn: g.arn,
    FeatureGroupName: g.name,
    RecordIdentifierFeatureName: g.recordIdentifierFeatureName,
    EventTimeFeatureName: g.eventTimeFeatureName,
    FeatureDefinitions: g.featureDefinitions,
    CreationTime: g.createdAt,
    LastModifiedTime: g.lastModifiedAt,
    ...(g.onlineStoreConfig ? { OnlineStoreConfig: g.onlineStoreConfig } : {}),
    ...(g.offlineStoreConfig ? { OfflineStoreConfig: g.offlineStoreConfig } : {}),
    ...(g.roleArn !== undefined ? { RoleArn: g.roleArn } : {}),
    FeatureGroupStatus: g.status,
    ...(g.offlineStoreStatus ? { OfflineStoreStatus: g.offlineStoreStatus } : {}),
    ...(g.lastUpdateStatus ? { LastUpdateStatus: g.lastUpdateStatus } : {}),
    ...(g.failureReason !== undefined ? { FailureReason: g.failureReason } : {}),
    ...(g.description !== undefined ? { Description: g.description } : {}),
  };
}

/**
 * DescribeFeatureGroup's answer. Every feature fits one page (a group has at most 2,500, the
 * page size), so the model's required NextToken is always empty.
 */
export function describeView(g: FeatureGroup): Record<string, unknown> {
  return {
    ...groupFields(g),
    ThroughputConfig: g.throughputConfig ?? { ThroughputMode: 'OnDemand' },
    NextToken: '',
  };
}

/** Search's FeatureGroup record: the description plus tags, without paging members. */
export function searchGroupView(g: FeatureGroup): Record<string, unknown> {
  return { ...groupFields(g), Tags: g.tags };
}

/** ListFeatureGroups' FeatureGroupSummary. */
export function summaryView(g: FeatureGroup): Record<string, unknown> {
  return {
    FeatureGroupName: g.name,
    FeatureGroupArn: g.arn,
    CreationTime: g.createdAt,
    FeatureGroupStatus: g.status,
    ...(g.offlineStoreStatus ? { OfflineStoreStatus: g.offlineStoreStatus } : {}),
  };
}

/** DescribeFeatureMetadata's answer, and Search's FeatureMetadata record. */
export function featureMetadataView(g: FeatureGroup, m: FeatureMetadata): Record<string, unknown> {
  const def = g.featureDefinitions.find((f) => f.FeatureName === m.featureName);
  return {
    FeatureGroupArn: g.arn,
    FeatureGroupName: g.name,
    FeatureName: m.featureName,
    FeatureType: def?.FeatureType,
    CreationTime: m.createdAt,
    LastModifiedTime: m.lastModifiedAt,
    ...(m.description !== undefined ? { Description: m.description } : {}),
    Parameters: m.parameters,
  };
}
