import type { Operation, OperationContext, ServerState } from '../operation.js';
import { findGroup, groupRef, onFeatureGroup } from './arns.js';
import { featureGroupNotFound } from './errors.js';

export interface DeleteFeatureGroupInput {
  FeatureGroupName: string;
}

/** The runtime's online store, when the server has one: it forgets a deleted group's records. */
interface RecordDropper {
  records?: { dropFeatureGroup?(accountId: string, region: string, name: string): Promise<void> };
}

/**
 * sagemaker:DeleteFeatureGroup. The group and its online records go at once (AWS shows
 * `Deleting` for a while; sagelite has nothing to tear down). As on AWS, the offline store's S3
 * objects and the Glue table stay, and so do offline rows not yet written out.
 */
export const deleteFeatureGroup: Operation<DeleteFeatureGroupInput> = {
  authorization: async (input, ctx) => [await onFeatureGroup(ctx, 'sagemaker:DeleteFeatureGroup', groupRef(ctx, input.FeatureGroupName))],
  async handle(input, ctx: OperationContext) {
    const group = await findGroup(ctx, groupRef(ctx, input.FeatureGroupName));
    if (!group) throw featureGroupNotFound(input.FeatureGroupName);
    await ctx.state.featureGroups.deleteFeatureGroup(group.accountId, group.region, group.name);
    await (ctx.state as ServerState & RecordDropper).records?.dropFeatureGroup?.(group.accountId, group.region, group.name);
    return {};
  },
};
