import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { onPolicy, requestTagContext, withContext } from '../arns.js';
import { requireOwnPolicy, requirePolicy } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { mergeTags, removeTags } from '../tags.js';

/** iam:TagPolicy — customer managed policies only; at most 50 tags. */
export const tagPolicy: Operation<{ PolicyArn: string; Tags: Tag[] }> = {
  authorization: (input, ctx) => [withContext(onPolicy(ctx, 'iam:TagPolicy', input.PolicyArn), requestTagContext(input.Tags))],
  handle(input, ctx) {
    const policy = requireOwnPolicy(ctx, input.PolicyArn, 'iam:TagPolicy');
    ctx.state.iam.setPolicyTags(policy.arn, mergeTags(policy.tags, input.Tags, 'policy'));
    return {};
  },
};

/** iam:UntagPolicy — removes tag keys; unknown keys are ignored. */
export const untagPolicy: Operation<{ PolicyArn: string; TagKeys: string[] }> = {
  authorization: (input, ctx) => [withContext(onPolicy(ctx, 'iam:UntagPolicy', input.PolicyArn), { 'aws:TagKeys': input.TagKeys })],
  handle(input, ctx) {
    const policy = requireOwnPolicy(ctx, input.PolicyArn, 'iam:UntagPolicy');
    ctx.state.iam.setPolicyTags(policy.arn, removeTags(policy.tags, input.TagKeys));
    return {};
  },
};

/** iam:ListPolicyTags — paged (AWS managed policies have none). */
export const listPolicyTags: Operation<{ PolicyArn: string } & PageRequest> = {
  authorization: (input, ctx) => [onPolicy(ctx, 'iam:ListPolicyTags', input.PolicyArn)],
  handle(input, ctx) {
    const page = paginate(requirePolicy(ctx, input.PolicyArn).tags, input);
    return { Tags: page.items, ...pageFields(page) };
  },
};
