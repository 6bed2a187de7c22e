import { parseArn } from '../../core/arn.js';
import type { FeatureDefinition, FeatureGroup, OfflineStoreConfig, OnlineStoreConfig } from '../../storage/feature-store.js';
import { FeatureGroupExistsError } from '../../storage/feature-store.js';
import type { Operation, OperationContext } from '../operation.js';
import { featureGroupArn, requestTagContext } from './arns.js';
import { featureGroupInUse, limitExceeded } from './errors.js';
import { offlineStoreGlueWrites, provisionOfflineStore } from './offline-catalog.js';
import { invalidExecutionRole, SAGEMAKER_SERVICE, serviceMayAssume } from './role-trust.js';
import { mergeTags, type Tag } from './tag-rules.js';
import { checkFeatureDefinitions, checkKeyFeatures } from './validate-features.js';
import { checkStores, checkThroughput, checkTtl, type ThroughputInput } from './validate-stores.js';

export interface CreateFeatureGroupInput {
  FeatureGroupName: string;
  RecordIdentifierFeatureName: string;
  EventTimeFeatureName: string;
  FeatureDefinitions: FeatureDefinition[];
  OnlineStoreConfig?: OnlineStoreConfig;
  OfflineStoreConfig?: OfflineStoreConfig;
  ThroughputConfig?: ThroughputInput;
  RoleArn?: string;
  Description?: string;
  Tags?: Tag[];
}

/** Feature groups per account and region: AWS's default quota (adjustable on AWS, fixed here). */
export const MAX_FEATURE_GROUPS = 100;

/** The rules of the request on its own, before anything is looked up (all ValidationException). */
function checkRequest(input: CreateFeatureGroupInput): void {
  const inMemory = input.OnlineStoreConfig?.StorageType === 'InMemory';
  checkFeatureDefinitions(input.FeatureDefinitions, { inMemory });
  checkKeyFeatures(input.FeatureDefinitions, input.RecordIdentifierFeatureName, input.EventTimeFeatureName);
  checkStores(input.OnlineStoreConfig, input.OfflineStoreConfig, input.RoleArn);
  if (input.ThroughputConfig) checkThroughput(input.ThroughputConfig, { online: input.OnlineStoreConfig?.EnableOnlineStore === true, inMemory });
  mergeTags([], input.Tags ?? []);
}

/** The online store as DescribeFeatureGroup shows it: an enabled store names its tier (Standard by default). */
function onlineView(config: OnlineStoreConfig | undefined): OnlineStoreConfig | undefined {
  if (!config) return undefined;
  if (config.EnableOnlineStore !== true) return { EnableOnlineStore: false };
  const ttl = checkTtl(config.TtlDuration, 'OnlineStoreConfig');
  return {
    EnableOnlineStore: true,
    StorageType: config.StorageType ?? 'Standard',
    ...(ttl ? { TtlDuration: ttl } : {}),
    ...(config.SecurityConfig ? { SecurityConfig: config.SecurityConfig } : {}),
  };
}

function throughputView(t: ThroughputInput | undefined): FeatureGroup['throughputConfig'] {
  if (!t || t.ThroughputMode !== 'Provisioned') return { ThroughputMode: 'OnDemand' };
  return {
    ThroughputMode: 'Provisioned',
    ...(t.ProvisionedReadCapacityUnits !== undefined ? { ProvisionedReadCapacityUnits: t.ProvisionedReadCapacityUnits } : {}),
    ProvisionedWriteCapacityUnits: t.ProvisionedWriteCapacityUnits!,
  };
}

async function checkRoom(ctx: OperationContext, input: CreateFeatureGroupInput): Promise<void> {
  const { accountId } = ctx.principal;
  const existing = await ctx.state.featureGroups.getFeatureGroup(accountId, ctx.region, input.FeatureGroupName);
  if (existing) throw featureGroupInUse(input.FeatureGroupName);
  const count = await ctx.state.featureGroups.countFeatureGroups(accountId, ctx.region);
  if (count >= MAX_FEATURE_GROUPS) throw limitExceeded('Maximum number of feature groups', MAX_FEATURE_GROUPS, count, 'FeatureGroups');
}

/**
 * sagemaker:CreateFeatureGroup. Asks sagemaker:CreateFeatureGroup on the new group's ARN (with
 * the request's tags as aws:RequestTag/aws:TagKeys) and, when a RoleArn is given,
 * iam:PassRole on it for sagemaker.amazonaws.com, and — when it creates the offline store's
 * Glue database or table — the Glue actions those need, of the caller (offlineStoreGlueWrites).
 * The role must exist and trust SageMaker.
 * The group is Created at once (sagelite provisions synchronously); its Glue table is created
 * before the group is stored, so a crash leaves at worst a table without a group, as a deleted
 * group leaves on AWS.
 */
export const createFeatureGroup: Operation<CreateFeatureGroupInput> = {
  authorization: async (input, ctx) => [
    {
      action: 'sagemaker:CreateFeatureGroup',
      resource: featureGroupArn(ctx.principal.accountId, ctx.region, input.FeatureGroupName),
      resourceAccount: ctx.principal.accountId,
      context: requestTagContext(input.Tags),
    },
    ...(input.RoleArn === undefined
      ? []
      : [{ action: 'iam:PassRole', resource: input.RoleArn, resourceAccount: parseArn(input.RoleArn)?.account ?? '', context: { 'iam:PassedToService': SAGEMAKER_SERVICE } }]),
    ...(await offlineStoreGlueWrites(ctx, input.FeatureGroupName, input.OfflineStoreConfig)),
  ],
  async handle(input, ctx) {
    checkRequest(input);
    const { accountId } = ctx.principal;
    const arn = featureGroupArn(accountId, ctx.region, input.FeatureGroupName);
    if (input.RoleArn !== undefined && !(await serviceMayAssume(ctx, input.RoleArn, { account: accountId, arn }))) throw invalidExecutionRole(input.RoleArn);
    // The count of the account's groups and the create are one step (MAX_FEATURE_GROUPS): core/keyed-lock.ts.
    await ctx.state.locks.withLock(`feature-groups:${accountId}:${ctx.region}`, async () => {
      await checkRoom(ctx, input);
      const now = ctx.clock.now();
      const online = onlineView(input.OnlineStoreConfig);
      const offline = input.OfflineStoreConfig
        ? await provisionOfflineStore(ctx, { accountId, region: ctx.region, groupName: input.FeatureGroupName, createdAt: now, features: input.FeatureDefinitions, config: input.OfflineStoreConfig })
        : undefined;
      const group: FeatureGroup = {
        accountId,
        region: ctx.region,
        name: input.FeatureGroupName,
        arn,
        recordIdentifierFeatureName: input.RecordIdentifierFeatureName,
        eventTimeFeatureName: input.EventTimeFeatureName,
        featureDefinitions: input.FeatureDefinitions,
        createdAt: now,
        lastModifiedAt: now,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
        ...(online ? { onlineStoreConfig: online } : {}),
        ...(offline ? { offlineStoreConfig: offline, offlineStoreStatus: { Status: 'Active' as const } } : {}),
        throughputConfig: throughputView(input.ThroughputConfig),
        status: 'Created',
        tags: mergeTags([], input.Tags ?? []),
      };
      const features = input.FeatureDefinitions.map((f) => ({ featureName: f.FeatureName, parameters: [], createdAt: now, lastModifiedAt: now }));
      try {
        await ctx.state.featureGroups.createFeatureGroup(group, features);
      } catch (e) {
        if (e instanceof FeatureGroupExistsError) throw featureGroupInUse(input.FeatureGroupName);
        throw e;
      }
    });
    return { FeatureGroupArn: arn };
  },
};
