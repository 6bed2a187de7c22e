import type { Tag } from './iam.js';

/**
 * IAM OpenID Connect identity providers, kept per account beside the account's users and roles
 * (part of {@link import('./iam.js').IamStore}; contract: iam-oidc-providers.contract.ts).
 *
 * A provider is named by its URL without `https://` (host and path, as IAM shows it), which its
 * ARN ends with: `arn:aws:iam::ACCOUNT:oidc-provider/<host/path>`. One account has at most one
 * provider per URL; two accounts may each have one for the same URL, and neither sees or changes
 * the other's: every method takes the account, and a provider of another account is absent.
 * The store checks nothing IAM answers with an error (URL form, thumbprints, limits): the
 * service does.
 */
export interface OidcProvider {
  accountId: string;
  arn: string;
  /** Host and path, without `https://`: what GetOpenIDConnectProvider answers as Url. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
  tags: Tag[];
}

export interface NewOidcProvider {
  accountId: string;
  /** Host and path, without `https://`. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: Tag[];
}

/** What an update replaces; an absent member keeps the stored value. */
export interface OidcProviderChanges {
  clientIds?: string[];
  thumbprints?: string[];
  tags?: Tag[];
}

/** `arn:aws:iam::ACCOUNT:oidc-provider/<host/path>`: IAM's ARN for a provider of that URL. */
export function oidcProviderArn(accountId: string, url: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${url}`;
}

export interface OidcProviderStore {
  /**
   * Creates the account's provider for `url`.
   * @throws IamNameTakenError('oidc-provider') when the account already has one for that URL
   */
  createOidcProvider(input: NewOidcProvider): Promise<OidcProvider>;
  /** The account's provider with that ARN; undefined for another account's ARN. */
  getOidcProvider(accountId: string, arn: string): Promise<OidcProvider | undefined>;
  /** The account's providers, by ARN. */
  listOidcProviders(accountId: string): Promise<OidcProvider[]>;
  /**
   * Replaces what `change` returns, computed from the provider as stored at the write, with no
   * other change to it in between (so a concurrent AddClientID and TagOpenIDConnectProvider both
   * keep theirs). `change` may throw (a quota): nothing is written then. Undefined when the
   * account has no such provider.
   */
  updateOidcProvider(accountId: string, arn: string, change: (stored: OidcProvider) => OidcProviderChanges): Promise<OidcProvider | undefined>;
  /** False when the account had no such provider. */
  deleteOidcProvider(accountId: string, arn: string): Promise<boolean>;
}
