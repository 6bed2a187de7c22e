import type { AuthorizationRequest } from '../../../auth/authorizer.js';
import { parseArn } from '../../../core/arn.js';
import { oidcProviderArn, type OidcProvider } from '../../../storage/iam-oidc-providers.js';
import type { OperationContext } from '../../operation.js';
import { resourceTagContext, withContext } from '../arns.js';
import { invalidInput, limitExceeded, oidcProviderNotFound } from '../errors.js';

/**
 * What IAM checks of an OpenID Connect provider's URL, thumbprints and client ids (lengths are
 * the model's job), its limits, and how its operations are authorized. Wording and codes:
 * docs/DECISIONS.md, "IAM OpenID Connect providers".
 */

/** IAM's quotas (reference_iam-quotas): providers per account, client ids and thumbprints per provider. */
export const MAX_OIDC_PROVIDERS = 100;
export const MAX_CLIENT_IDS = 100;
export const MAX_THUMBPRINTS = 5;

const SCHEME = 'https://';
const INVALID_URL = 'Invalid Open ID Connect Provider URL.';

/**
 * The provider's name: the URL's host and path without `https://`, as IAM shows it and its ARN
 * ends with. The URL must begin with `https://` and, per the OIDC standard and IAM's reference,
 * carry a host, no port, no user, no query and no fragment; it is not otherwise rewritten (a
 * trailing slash or another case of the host names another provider).
 *
 * @throws InvalidInput `Invalid Open ID Connect Provider URL.`
 */
export function providerUrl(url: string): string {
  if (!url.startsWith(SCHEME)) throw invalidInput(INVALID_URL);
  const rest = url.slice(SCHEME.length);
  const host = rest.split('/', 1)[0]!;
  if (host === '' || /[:@]/.test(host) || /[?#\s]/.test(rest)) throw invalidInput(INVALID_URL);
  return rest;
}

/** The ARN a Url would have in the caller's account, for authorizing its creation (best effort for a URL IAM will refuse). */
export function arnForUrl(accountId: string, url: string): string {
  return oidcProviderArn(accountId, url.startsWith(SCHEME) ? url.slice(SCHEME.length) : url);
}

/**
 * Thumbprints as IAM keeps them: lower case (a SHA-1 in hex is the same in either case), each
 * once, in the order given; at most five.
 *
 * @throws InvalidInput for more than five, or for one that is not 40 hexadecimal digits
 */
export function checkedThumbprints(thumbprints: readonly string[] | undefined): string[] {
  const out = [...new Set((thumbprints ?? []).map((t) => t.toLowerCase()))];
  if (out.length > MAX_THUMBPRINTS) throw invalidInput('Thumbprint list must contain fewer than 5 entries.');
  for (const t of out) if (!/^[0-9a-f]{40}$/.test(t)) throw invalidInput(`Thumbprint ${t} is not a 40-character hexadecimal SHA-1 fingerprint.`);
  return out;
}

/**
 * Client ids (audiences), each once, in the order given: adding one already there changes
 * nothing, as AddClientIDToOpenIDConnectProvider does not.
 *
 * @throws LimitExceeded for more than a hundred
 */
export function checkedClientIds(clientIds: readonly string[] | undefined): string[] {
  const out = [...new Set(clientIds ?? [])];
  if (out.length > MAX_CLIENT_IDS) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  return out;
}

/** The caller's account's provider with that ARN, or NoSuchEntity (another account's provider is never found). */
export async function requireOidcProvider(ctx: OperationContext, arn: string): Promise<OidcProvider> {
  const p = await ctx.state.iam.getOidcProvider(ctx.principal.accountId, arn);
  if (!p) throw oidcProviderNotFound(arn);
  return p;
}

/**
 * One authorization question on a provider by ARN. The resource's account is the ARN's: asked
 * on another account's provider, the request is cross-account, and with no resource-based
 * policy on an IAM provider nothing allows it (AccessDenied, explained as such). An existing
 * provider of the caller's account brings its tags (`aws:ResourceTag/…`).
 */
export async function onOidcProvider(ctx: OperationContext, action: string, arn: string): Promise<AuthorizationRequest> {
  const caller = ctx.principal.accountId;
  const owner = parseArn(arn)?.account;
  const request: AuthorizationRequest = { action, resource: arn, resourceAccount: owner && /^\d{12}$/.test(owner) ? owner : caller };
  const provider = request.resourceAccount === caller ? await ctx.state.iam.getOidcProvider(caller, arn) : undefined;
  return provider ? withContext(request, resourceTagContext(provider.tags)) : request;
}
