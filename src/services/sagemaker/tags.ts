import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { RequestContextKeys } from '../../auth/policy/index.js';
import type { FeatureGroup } from '../../storage/feature-store.js';
import type { Operation, OperationContext } from '../operation.js';
import { findGroup, groupRef, requestTagContext, resourceTagContext } from './arns.js';
import { resourceDoesNotExist } from './errors.js';
import { paginate } from './paginate.js';
import { mergeTags, removeTags, type Tag } from './tag-rules.js';

interface TagsTarget {
  ResourceArn: string;
}

const FEATURE_GROUP_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:feature-group\/[^/]+$/;

/**
 * The feature group a tagging ARN names. sagelite has no other SageMaker resources, so any other
 * ARN names nothing and gets SageMaker's "Resource does not exist".
 */
async function taggedGroup(ctx: OperationContext, arn: string): Promise<FeatureGroup> {
  const group = FEATURE_GROUP_ARN.test(arn) ? await findGroup(ctx, groupRef(ctx, arn)) : undefined;
  if (!group) throw resourceDoesNotExist();
  return group;
}

/** The tagging question on the ARN as given, owned by the account in it, with the group's tags when it exists. */
async function onTagged(ctx: OperationContext, action: string, arn: string, extra: RequestContextKeys): Promise<AuthorizationRequest[]> {
  const group = FEATURE_GROUP_ARN.test(arn) ? await findGroup(ctx, groupRef(ctx, arn)) : undefined;
  const resource = group?.arn ?? arn;
  const context = { ...(group ? resourceTagContext(group.tags) : {}), ...extra };
  return [{ action, resource, resourceAccount: resource.split(':')[4] ?? '', ...(Object.keys(context).length ? { context } : {}) }];
}

/** sagemaker:AddTags with aws:RequestTag/… and aws:TagKeys; answers the resource's tags. */
export const addTags: Operation<TagsTarget & { Tags: Tag[] }> = {
  authorization: (input, ctx) => onTagged(ctx, 'sagemaker:AddTags', input.ResourceArn, requestTagContext(input.Tags)),
  async handle(input, ctx) {
    const group = await taggedGroup(ctx, input.ResourceArn);
    // Merged into the tags as stored at the write, not as read above: a concurrent AddTags keeps its tags.
    const saved = await ctx.state.featureGroups.updateFeatureGroup(group.accountId, group.region, group.name, (g) => ({ ...g, tags: mergeTags(g.tags, input.Tags) }));
    if (!saved) throw resourceDoesNotExist();
    return { Tags: saved.tags };
  },
};

/** sagemaker:ListTags: the resource's tags, 50 a page by default (the model's minimum MaxResults). */
export const listTags: Operation<TagsTarget & { NextToken?: string; MaxResults?: number }> = {
  authorization: (input, ctx) => onTagged(ctx, 'sagemaker:ListTags', input.ResourceArn, {}),
  async handle(input, ctx) {
    const page = paginate('ListTags', (await taggedGroup(ctx, input.ResourceArn)).tags, input.NextToken, input.MaxResults ?? 50);
    return { Tags: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};

/** sagemaker:DeleteTags with aws:TagKeys; keys the resource does not have are ignored. */
export const deleteTags: Operation<TagsTarget & { TagKeys: string[] }> = {
  authorization: (input, ctx) => onTagged(ctx, 'sagemaker:DeleteTags', input.ResourceArn, { 'aws:TagKeys': input.TagKeys }),
  async handle(input, ctx) {
    const group = await taggedGroup(ctx, input.ResourceArn);
    await ctx.state.featureGroups.updateFeatureGroup(group.accountId, group.region, group.name, (g) => ({ ...g, tags: removeTags(g.tags, input.TagKeys) }));
    return {};
  },
};
