import type { Operation } from '../../operation.js';
import { oidcProviderNotFound } from '../errors.js';
import { checkedClientIds, checkedThumbprints, onOidcProvider } from './oidc-provider-input.js';

interface ClientIdInput {
  OpenIDConnectProviderArn: string;
  ClientID: string;
}

/**
 * iam:AddClientIDToOpenIDConnectProvider — a client id already registered changes nothing; the
 * hundred-and-first is LimitExceeded. Checked against the list as stored at the write, so two
 * concurrent additions cannot both take the last place.
 */
export const addClientIdToOpenIdConnectProvider: Operation<ClientIdInput> = {
  authorization: async (input, ctx) => [await onOidcProvider(ctx, 'iam:AddClientIDToOpenIDConnectProvider', input.OpenIDConnectProviderArn)],
  async handle(input, ctx) {
    const updated = await ctx.state.iam.updateOidcProvider(ctx.principal.accountId, input.OpenIDConnectProviderArn, (stored) =>
      stored.clientIds.includes(input.ClientID) ? {} : { clientIds: checkedClientIds([...stored.clientIds, input.ClientID]) },
    );
    if (!updated) throw oidcProviderNotFound(input.OpenIDConnectProviderArn);
    return {};
  },
};

/** iam:RemoveClientIDFromOpenIDConnectProvider — a client id that is not registered is no error, as in IAM. */
export const removeClientIdFromOpenIdConnectProvider: Operation<ClientIdInput> = {
  authorization: async (input, ctx) => [await onOidcProvider(ctx, 'iam:RemoveClientIDFromOpenIDConnectProvider', input.OpenIDConnectProviderArn)],
  async handle(input, ctx) {
    const updated = await ctx.state.iam.updateOidcProvider(ctx.principal.accountId, input.OpenIDConnectProviderArn, (stored) => ({
      clientIds: stored.clientIds.filter((id) => id !== input.ClientID),
    }));
    if (!updated) throw oidcProviderNotFound(input.OpenIDConnectProviderArn);
    return {};
  },
};

/** iam:UpdateOpenIDConnectProviderThumbprint — replaces the whole list (it is not merged), as in IAM. */
export const updateOpenIdConnectProviderThumbprint: Operation<{ OpenIDConnectProviderArn: string; ThumbprintList: string[] }> = {
  authorization: async (input, ctx) => [await onOidcProvider(ctx, 'iam:UpdateOpenIDConnectProviderThumbprint', input.OpenIDConnectProviderArn)],
  async handle(input, ctx) {
    const thumbprints = checkedThumbprints(input.ThumbprintList);
    const updated = await ctx.state.iam.updateOidcProvider(ctx.principal.accountId, input.OpenIDConnectProviderArn, () => ({ thumbprints }));
    if (!updated) throw oidcProviderNotFound(input.OpenIDConnectProviderArn);
    return {};
  },
};
