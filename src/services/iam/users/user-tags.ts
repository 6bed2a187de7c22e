import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { onEntity, requestTagContext, withContext } from '../arns.js';
import { requireUser } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { mergeTags, removeTags } from '../tags.js';

/** iam:TagUser — adds or overwrites tags (keys compared without regard to case); at most 50. */
export const tagUser: Operation<{ UserName: string; Tags: Tag[] }> = {
  authorization: async (input, ctx) => [withContext(await onEntity(ctx, 'iam:TagUser', 'user', input.UserName), requestTagContext(input.Tags))],
  async handle(input, ctx) {
    const user = await requireUser(ctx, input.UserName);
    mergeTags(user.tags, input.Tags, 'user'); // refused here when the tags as read are already too many
    // Merged into the tags as stored at the write: a concurrent tagging keeps its tags.
    await ctx.state.iam.setUserTags(user.userId, (stored) => mergeTags(stored, input.Tags, 'user'));
    return {};
  },
};

/** iam:UntagUser — removes tag keys; unknown keys are ignored. */
export const untagUser: Operation<{ UserName: string; TagKeys: string[] }> = {
  authorization: async (input, ctx) => [withContext(await onEntity(ctx, 'iam:UntagUser', 'user', input.UserName), { 'aws:TagKeys': input.TagKeys })],
  async handle(input, ctx) {
    const user = await requireUser(ctx, input.UserName);
    await ctx.state.iam.setUserTags(user.userId, (stored) => removeTags(stored, input.TagKeys));
    return {};
  },
};

/** iam:ListUserTags — paged. */
export const listUserTags: Operation<{ UserName: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:ListUserTags', 'user', input.UserName)],
  async handle(input, ctx) {
    const page = paginate((await requireUser(ctx, input.UserName)).tags, input);
    return { Tags: page.items, ...pageFields(page) };
  },
};
