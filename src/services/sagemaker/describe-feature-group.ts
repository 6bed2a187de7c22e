import type { Operation } from '../operation.js';
import { findGroup, groupRef, onFeatureGroup } from './arns.js';
import { featureGroupNotFound } from './errors.js';
import { describeView } from './views.js';

export interface DescribeFeatureGroupInput {
  /** A name (the caller's account) or a feature-group ARN (how another account's group is reached). */
  FeatureGroupName: string;
  NextToken?: string;
}

/**
 * sagemaker:DescribeFeatureGroup on the group's ARN, owned by the account the ARN names: reading
 * another account's group needs that account's permission as well as the caller's.
 */
export const describeFeatureGroup: Operation<DescribeFeatureGroupInput> = {
  authorization: async (input, ctx) => [await onFeatureGroup(ctx, 'sagemaker:DescribeFeatureGroup', groupRef(ctx, input.FeatureGroupName))],
  async handle(input, ctx) {
    const group = await findGroup(ctx, groupRef(ctx, input.FeatureGroupName));
    if (!group) throw featureGroupNotFound(input.FeatureGroupName);
    return describeView(group);
  },
};
