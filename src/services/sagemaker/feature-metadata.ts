import type { FeatureGroup, FeatureMetadata } from '../../storage/feature-store.js';
import type { Operation, OperationContext } from '../operation.js';
import { findGroup, groupRef, onFeatureGroup } from './arns.js';
import { featureGroupNotFound, featureNotFound, validation } from './errors.js';
import { featureMetadataView } from './views.js';

/** A feature may carry at most this many parameters. */
export const MAX_FEATURE_PARAMETERS = 25;

export interface FeatureMetadataInput {
  FeatureGroupName: string;
  FeatureName: string;
}

export interface UpdateFeatureMetadataInput extends FeatureMetadataInput {
  Description?: string;
  ParameterAdditions?: Array<{ Key?: string; Value?: string }>;
  ParameterRemovals?: string[];
}

async function lookup(ctx: OperationContext, input: FeatureMetadataInput): Promise<{ group: FeatureGroup; feature: FeatureMetadata }> {
  const group = await findGroup(ctx, groupRef(ctx, input.FeatureGroupName));
  if (!group) throw featureGroupNotFound(input.FeatureGroupName);
  const features = await ctx.state.featureGroups.listFeatureMetadata(group.accountId, group.region, group.name);
  const feature = features.find((f) => f.featureName === input.FeatureName);
  if (!feature) throw featureNotFound(group.name, input.FeatureName);
  return { group, feature };
}

/** sagemaker:DescribeFeatureMetadata on the group's ARN. */
export const describeFeatureMetadata: Operation<FeatureMetadataInput> = {
  authorization: async (input, ctx) => [await onFeatureGroup(ctx, 'sagemaker:DescribeFeatureMetadata', groupRef(ctx, input.FeatureGroupName))],
  async handle(input, ctx) {
    const { group, feature } = await lookup(ctx, input);
    return featureMetadataView(group, feature);
  },
};

/** Parameters after an update: additions replace same-key values, removals of absent keys are ignored. */
function nextParameters(current: FeatureMetadata['parameters'], input: UpdateFeatureMetadataInput): FeatureMetadata['parameters'] {
  const additions = (input.ParameterAdditions ?? []).map((p) => {
    if (p.Key === undefined || p.Value === undefined) throw validation('Each of ParameterAdditions needs both Key and Value.');
    return { Key: p.Key, Value: p.Value };
  });
  const removals = new Set(input.ParameterRemovals ?? []);
  const both = additions.find((p) => removals.has(p.Key));
  if (both) throw validation(`The parameter ${both.Key} cannot be both added and removed in one request.`);
  const added = new Set(additions.map((p) => p.Key));
  if (added.size !== additions.length) throw validation('A parameter key appears more than once in ParameterAdditions.');
  const out = [...current.filter((p) => !removals.has(p.Key) && !added.has(p.Key)), ...additions];
  if (out.length > MAX_FEATURE_PARAMETERS) throw validation(`A feature can have at most ${MAX_FEATURE_PARAMETERS} parameters; this request would give it ${out.length}.`);
  return out;
}

/**
 * sagemaker:UpdateFeatureMetadata on the group's ARN: a description (an empty one clears it) and
 * parameters to add or remove.
 */
export const updateFeatureMetadata: Operation<UpdateFeatureMetadataInput> = {
  authorization: async (input, ctx) => [await onFeatureGroup(ctx, 'sagemaker:UpdateFeatureMetadata', groupRef(ctx, input.FeatureGroupName))],
  async handle(input, ctx) {
    const { group, feature } = await lookup(ctx, input);
    const now = ctx.clock.now();
    const updated = (f: FeatureMetadata): FeatureMetadata => {
      const parameters = nextParameters(f.parameters, input);
      const { description: old, ...rest } = f;
      const description = input.Description === undefined ? old : input.Description === '' ? undefined : input.Description;
      return { ...rest, ...(description !== undefined ? { description } : {}), parameters, lastModifiedAt: now };
    };
    updated(feature); // refused here, before the write, when the request is not valid for the feature as read
    // Applied to the parameters as stored at the write: a concurrent update's additions are kept.
    await ctx.state.featureGroups.putFeatureMetadata(group.accountId, group.region, group.name, (stored) => {
      const current = stored.find((f) => f.featureName === feature.featureName);
      return current ? [updated(current)] : [];
    });
    return {};
  },
};
