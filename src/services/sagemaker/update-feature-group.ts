import { AwsError } from '../../core/errors.js';
import type { FeatureDefinition, FeatureGroup, OnlineStorageType, TtlDuration } from '../../storage/feature-store.js';
import type { Operation, OperationContext } from '../operation.js';
import { findGroup, groupRef, onFeatureGroup } from './arns.js';
import { featureGroupNotFound, validation } from './errors.js';
import { extendOfflineTable, offlineTableUpdate } from './offline-catalog.js';
import { checkFeatureDefinitions, MAX_FEATURES } from './validate-features.js';
import { checkThroughput, checkTtl, type ThroughputInput } from './validate-stores.js';

export interface UpdateFeatureGroupInput {
  FeatureGroupName: string;
  FeatureAdditions?: FeatureDefinition[];
  OnlineStoreConfig?: { TtlDuration?: Partial<TtlDuration>; StorageType?: OnlineStorageType };
  ThroughputConfig?: ThroughputInput;
}

async function addFeatures(ctx: OperationContext, g: FeatureGroup, additions: FeatureDefinition[], now: Date): Promise<FeatureGroup> {
  checkFeatureDefinitions(additions, { inMemory: g.onlineStoreConfig?.StorageType === 'InMemory', existing: g.featureDefinitions });
  const total = g.featureDefinitions.length + additions.length;
  if (total > MAX_FEATURES) {
    throw new AwsError('ResourceLimitExceeded', 400, `A feature group can have at most ${MAX_FEATURES} features; adding ${additions.length} to ${g.name} would give it ${total}.`);
  }
  const featureDefinitions = [...g.featureDefinitions, ...additions];
  await extendOfflineTable(ctx, g.accountId, g.region, g.offlineStoreConfig, featureDefinitions);
  await ctx.state.featureGroups.putFeatureMetadata(g.accountId, g.region, g.name, additions.map((f) => ({ featureName: f.FeatureName, parameters: [], createdAt: now, lastModifiedAt: now })));
  return { ...g, featureDefinitions };
}

/**
 * The online store's changes: its TtlDuration, and the one-way migration of its StorageType from
 * Standard to Standard_V2 (which enables UpdateRecord; records stay where they are). Any other
 * StorageType change is refused: InMemory is chosen at creation only, and Standard_V2 cannot go
 * back.
 */
function setOnlineStore(g: FeatureGroup, update: NonNullable<UpdateFeatureGroupInput['OnlineStoreConfig']>): FeatureGroup {
  const online = g.onlineStoreConfig;
  if (online?.EnableOnlineStore !== true) throw validation(`OnlineStoreConfig can be updated only for a feature group with an online store; ${g.name} has none.`);
  if (update.TtlDuration === undefined && update.StorageType === undefined) throw validation('OnlineStoreConfig in an UpdateFeatureGroup request must contain TtlDuration or StorageType.');
  let next = online;
  if (update.StorageType !== undefined) {
    const from = online.StorageType ?? 'Standard';
    if (from !== 'Standard' || update.StorageType !== 'Standard_V2') {
      throw validation(`The online store of ${g.name} uses StorageType ${from}; UpdateFeatureGroup can only migrate StorageType Standard to Standard_V2 (one way), not ${from} to ${update.StorageType}.`);
    }
    next = { ...next, StorageType: 'Standard_V2' };
  }
  if (update.TtlDuration !== undefined) {
    const ttl = checkTtl(update.TtlDuration, 'OnlineStoreConfig');
    const { TtlDuration: _old, ...rest } = next;
    next = ttl ? { ...rest, TtlDuration: ttl } : rest;
  }
  return { ...g, onlineStoreConfig: next };
}

function setThroughput(g: FeatureGroup, t: ThroughputInput): FeatureGroup {
  const online = g.onlineStoreConfig?.EnableOnlineStore === true;
  const mode = t.ThroughputMode ?? g.throughputConfig?.ThroughputMode ?? 'OnDemand';
  const merged = mode === 'Provisioned' && g.throughputConfig?.ThroughputMode === 'Provisioned' ? { ...g.throughputConfig, ...t, ThroughputMode: mode } : { ...t, ThroughputMode: mode };
  checkThroughput(merged, { online, inMemory: g.onlineStoreConfig?.StorageType === 'InMemory' });
  return { ...g, throughputConfig: merged };
}

/**
 * sagemaker:UpdateFeatureGroup: one change per call, as the API documents — FeatureAdditions
 * (features cannot be removed; the Glue table Feature Store created gains the columns), the online
 * store's TtlDuration (Unit and Value both null remove it) and StorageType (Standard to
 * Standard_V2 only), or ThroughputConfig. AWS applies it
 * asynchronously; sagelite applies it at once and shows LastUpdateStatus Successful.
 */
export const updateFeatureGroup: Operation<UpdateFeatureGroupInput> = {
  authorization: async (input, ctx) => {
    const ref = groupRef(ctx, input.FeatureGroupName);
    // FeatureAdditions also update the Glue table Feature Store created: glue:UpdateTable, of the caller.
    const group = input.FeatureAdditions !== undefined ? await findGroup(ctx, ref) : undefined;
    return [await onFeatureGroup(ctx, 'sagemaker:UpdateFeatureGroup', ref), ...(group ? await offlineTableUpdate(ctx, group.accountId, group.region, group.offlineStoreConfig) : [])];
  },
  async handle(input, ctx) {
    const group = await findGroup(ctx, groupRef(ctx, input.FeatureGroupName));
    if (!group) throw featureGroupNotFound(input.FeatureGroupName);
    const changes = [input.FeatureAdditions, input.OnlineStoreConfig, input.ThroughputConfig].filter((c) => c !== undefined).length;
    if (changes !== 1) throw validation('Use exactly one of FeatureAdditions, OnlineStoreConfig and ThroughputConfig in an UpdateFeatureGroup request.');
    const now = ctx.clock.now();
    const stamped = (g: FeatureGroup): FeatureGroup => ({ ...g, lastModifiedAt: now, lastUpdateStatus: { Status: 'Successful' } });
    // Each change is applied to the group as stored at the write (updateFeatureGroup), so that a
    // concurrent change (another request, another process) is kept, not overwritten.
    let saved: FeatureGroup | undefined;
    if (input.FeatureAdditions) {
      // Checked against, and the Glue table extended from, the group as read; the write adds the
      // new features to whatever the stored list is by then.
      const added = (await addFeatures(ctx, group, input.FeatureAdditions, now)).featureDefinitions.slice(group.featureDefinitions.length);
      saved = await ctx.state.featureGroups.updateFeatureGroup(group.accountId, group.region, group.name, (g) => {
        const have = new Set(g.featureDefinitions.map((f) => f.FeatureName));
        return stamped({ ...g, featureDefinitions: [...g.featureDefinitions, ...added.filter((f) => !have.has(f.FeatureName))] });
      });
    } else {
      const apply = input.OnlineStoreConfig ? (g: FeatureGroup) => setOnlineStore(g, input.OnlineStoreConfig!) : (g: FeatureGroup) => setThroughput(g, input.ThroughputConfig!);
      apply(group); // refused here, before the write, when the change is not valid for the group as read
      saved = await ctx.state.featureGroups.updateFeatureGroup(group.accountId, group.region, group.name, (g) => stamped(apply(g)));
    }
    if (!saved) throw featureGroupNotFound(input.FeatureGroupName);
    return { FeatureGroupArn: group.arn };
  },
};
