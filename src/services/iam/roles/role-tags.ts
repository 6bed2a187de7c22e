import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { onEntity, requestTagContext, withContext } from '../arns.js';
import { requireRole } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { mergeTags, removeTags } from '../tags.js';

/** iam:TagRole — adds or overwrites tags (keys compared without regard to case); at most 50. */
export const tagRole: Operation<{ RoleName: string; Tags: Tag[] }> = {
  authorization: async (input, ctx) => [withContext(await onEntity(ctx, 'iam:TagRole', 'role', input.RoleName), requestTagContext(input.Tags))],
  async handle(input, ctx) {
    const role = await requireRole(ctx, input.RoleName);
    mergeTags(role.tags, input.Tags, 'role'); // refused here when the tags as read are already too many
    // Merged into the tags as stored at the write: a concurrent tagging keeps its tags.
    await ctx.state.iam.setRoleTags(role.roleId, (stored) => mergeTags(stored, input.Tags, 'role'));
    return {};
  },
};

/** iam:UntagRole — removes tag keys; unknown keys are ignored. */
export const untagRole: Operation<{ RoleName: string; TagKeys: string[] }> = {
  authorization: async (input, ctx) => [withContext(await onEntity(ctx, 'iam:UntagRole', 'role', input.RoleName), { 'aws:TagKeys': input.TagKeys })],
  async handle(input, ctx) {
    const role = await requireRole(ctx, input.RoleName);
    await ctx.state.iam.setRoleTags(role.roleId, (stored) => removeTags(stored, input.TagKeys));
    return {};
  },
};

/** iam:ListRoleTags — paged. */
export const listRoleTags: Operation<{ RoleName: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onEntity(ctx, 'iam:ListRoleTags', 'role', input.RoleName)],
  async handle(input, ctx) {
    const page = paginate((await requireRole(ctx, input.RoleName)).tags, input);
    return { Tags: page.items, ...pageFields(page) };
  },
};
