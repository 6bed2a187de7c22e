import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { requestTagContext, withContext } from '../arns.js';
import { entityAlreadyExists, limitExceeded, nameTakenAs } from '../errors.js';
import { initialTags } from '../tags.js';
import { arnForUrl, checkedClientIds, checkedThumbprints, MAX_OIDC_PROVIDERS, providerUrl } from './oidc-provider-input.js';

export interface CreateOpenIdConnectProviderInput {
  Url: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
  Tags?: Tag[];
}

/**
 * iam:CreateOpenIDConnectProvider — one provider per URL in an account, at most 100 per account.
 * The thumbprint list may be left out, as IAM now allows (it trusts the IdP's CA instead); sagelite
 * never contacts the IdP.
 */
export const createOpenIdConnectProvider: Operation<CreateOpenIdConnectProviderInput> = {
  authorization: (input, ctx) => [
    withContext(
      { action: 'iam:CreateOpenIDConnectProvider', resource: arnForUrl(ctx.principal.accountId, input.Url), resourceAccount: ctx.principal.accountId },
      requestTagContext(input.Tags),
    ),
  ],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const accountId = ctx.principal.accountId;
    const url = providerUrl(input.Url);
    const thumbprints = checkedThumbprints(input.ThumbprintList);
    const clientIds = checkedClientIds(input.ClientIDList);
    const tags = initialTags(input.Tags, 'oidc-provider');
    const taken = () => entityAlreadyExists(`Provider with url ${input.Url} already exists.`);
    // Counted and created as one step (the quota): core/keyed-lock.ts.
    const provider = await ctx.state.locks.withLock(`oidc-providers:${accountId}`, async () => {
      const existing = await iam.listOidcProviders(accountId);
      if (existing.some((p) => p.url === url)) throw taken();
      if (existing.length >= MAX_OIDC_PROVIDERS) throw limitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_OIDC_PROVIDERS}`);
      return nameTakenAs(iam.createOidcProvider({ accountId, url, clientIds, thumbprints, tags }), taken);
    });
    return { OpenIDConnectProviderArn: provider.arn, ...(provider.tags.length > 0 ? { Tags: provider.tags } : {}) };
  },
};
