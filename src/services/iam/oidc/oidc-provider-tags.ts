import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { requestTagContext, withContext } from '../arns.js';
import { oidcProviderNotFound } from '../errors.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { mergeTags, removeTags } from '../tags.js';
import { onOidcProvider, requireOidcProvider } from './oidc-provider-input.js';

/** iam:TagOpenIDConnectProvider — adds or overwrites tags (keys compared without regard to case); at most 50. */
export const tagOpenIdConnectProvider: Operation<{ OpenIDConnectProviderArn: string; Tags: Tag[] }> = {
  authorization: async (input, ctx) => [withContext(await onOidcProvider(ctx, 'iam:TagOpenIDConnectProvider', input.OpenIDConnectProviderArn), requestTagContext(input.Tags))],
  async handle(input, ctx) {
    // Merged into the tags as stored at the write: a concurrent tagging keeps its tags.
    const updated = await ctx.state.iam.updateOidcProvider(ctx.principal.accountId, input.OpenIDConnectProviderArn, (stored) => ({
      tags: mergeTags(stored.tags, input.Tags, 'oidc-provider'),
    }));
    if (!updated) throw oidcProviderNotFound(input.OpenIDConnectProviderArn);
    return {};
  },
};

/** iam:UntagOpenIDConnectProvider — removes tag keys; unknown keys are ignored. */
export const untagOpenIdConnectProvider: Operation<{ OpenIDConnectProviderArn: string; TagKeys: string[] }> = {
  authorization: async (input, ctx) => [withContext(await onOidcProvider(ctx, 'iam:UntagOpenIDConnectProvider', input.OpenIDConnectProviderArn), { 'aws:TagKeys': input.TagKeys })],
  async handle(input, ctx) {
    const updated = await ctx.state.iam.updateOidcProvider(ctx.principal.accountId, input.OpenIDConnectProviderArn, (stored) => ({ tags: removeTags(stored.tags, input.TagKeys) }));
    if (!updated) throw oidcProviderNotFound(input.OpenIDConnectProviderArn);
    return {};
  },
};

/** iam:ListOpenIDConnectProviderTags — paged. */
export const listOpenIdConnectProviderTags: Operation<{ OpenIDConnectProviderArn: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onOidcProvider(ctx, 'iam:ListOpenIDConnectProviderTags', input.OpenIDConnectProviderArn)],
  async handle(input, ctx) {
    const page = paginate((await requireOidcProvider(ctx, input.OpenIDConnectProviderArn)).tags, input);
    return { Tags: page.items, ...pageFields(page) };
  },
};
