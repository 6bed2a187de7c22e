import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { onPolicy, requestTagContext, withContext } from '../arns.js';
import { requireOwnPolicy, requirePolicy } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { mergeTags, removeTags } from '../tags.js';

/** iam:TagPolicy — customer managed policies only; at most 50 tags. */
export const tagPolicy: Operation<{ PolicyArn: string; Tags: Tag[] }> = {
  authorization: async (input, ctx) => [withContext(await onPolicy(ctx, 'iam:TagPolicy', input.PolicyArn), requestTagContext(input.Tags))],
  async handle(input, ctx) {
    const policy = await requireOwnPolicy(ctx, input.PolicyArn, 'iam:TagPolicy');
    mergeTags(policy.tags, input.Tags, 'policy'); // refused here when the tags as read are already too many
    // Merged into the tags as stored at the write: a concurrent tagging keeps its tags.
    await ctx.state.iam.setPolicyTags(policy.arn, (stored) => mergeTags(stored, input.Tags, 'policy'));
    return {};
  },
};

/** iam:UntagPolicy — removes tag keys; unknown keys are ignored. */
export const untagPolicy: Operation<{ PolicyArn: string; TagKeys: string[] }> = {
  authorization: async (input, ctx) => [withContext(await onPolicy(ctx, 'iam:UntagPolicy', input.PolicyArn), { 'aws:TagKeys': input.TagKeys })],
  async handle(input, ctx) {
    const policy = await requireOwnPolicy(ctx, input.PolicyArn, 'iam:UntagPolicy');
    await ctx.state.iam.setPolicyTags(policy.arn, (stored) => removeTags(stored, input.TagKeys));
    return {};
  },
};

/** iam:ListPolicyTags — paged (AWS managed policies have none). */
export const listPolicyTags: Operation<{ PolicyArn: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:ListPolicyTags', input.PolicyArn)],
  async handle(input, ctx) {
    const page = paginate((await requirePolicy(ctx, input.PolicyArn)).tags, input);
    return { Tags: page.items, ...pageFields(page) };
  },
};
