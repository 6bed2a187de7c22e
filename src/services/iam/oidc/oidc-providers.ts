import type { Operation } from '../../operation.js';
import { oidcProviderNotFound } from '../errors.js';
import { onOidcProvider, requireOidcProvider } from './oidc-provider-input.js';

interface ProviderArnInput {
  OpenIDConnectProviderArn: string;
}

/** iam:GetOpenIDConnectProvider — Url as IAM shows it (without `https://`), client ids, thumbprints, tags. */
export const getOpenIdConnectProvider: Operation<ProviderArnInput> = {
  authorization: async (input, ctx) => [await onOidcProvider(ctx, 'iam:GetOpenIDConnectProvider', input.OpenIDConnectProviderArn)],
  async handle(input, ctx) {
    const p = await requireOidcProvider(ctx, input.OpenIDConnectProviderArn);
    return {
      Url: p.url,
      ClientIDList: p.clientIds,
      ThumbprintList: p.thumbprints,
      CreateDate: p.createDate,
      ...(p.tags.length > 0 ? { Tags: p.tags } : {}),
    };
  },
};

/** iam:ListOpenIDConnectProviders — the account's providers' ARNs; IAM pages them not. No resource of its own: asked on `*`. */
export const listOpenIdConnectProviders: Operation<Record<string, never>> = {
  authorization: () => [{ action: 'iam:ListOpenIDConnectProviders', resource: '*' }],
  async handle(_input, ctx) {
    const providers = await ctx.state.iam.listOidcProviders(ctx.principal.accountId);
    return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) };
  },
};

/**
 * iam:DeleteOpenIDConnectProvider — NoSuchEntity when the account has no such provider (the API
 * reference calls the operation idempotent, but lists NoSuchEntity, and IAM answers it: see
 * docs/DECISIONS.md). Roles whose trust policies name the provider keep them.
 */
export const deleteOpenIdConnectProvider: Operation<ProviderArnInput> = {
  authorization: async (input, ctx) => [await onOidcProvider(ctx, 'iam:DeleteOpenIDConnectProvider', input.OpenIDConnectProviderArn)],
  async handle(input, ctx) {
    if (!(await ctx.state.iam.deleteOidcProvider(ctx.principal.accountId, input.OpenIDConnectProviderArn))) {
      throw oidcProviderNotFound(input.OpenIDConnectProviderArn);
    }
    return {};
  },
};
