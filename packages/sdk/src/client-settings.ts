import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Where and as whom the helpers' own clients talk, when they make their clients themselves. Pass
 * your own clients instead to control everything else (retries, HTTP agent, logging).
 */
export interface ClientSettings {
  /** Default `us-east-1`. */
  region?: string;
  /** `http://127.0.0.1:4566` for sagelite; leave out for AWS. */
  endpoint?: string;
  /** Static keys or a provider such as {@link crossAccountCredentials}; default: the SDK's chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The common part of an @aws-sdk client configuration, from {@link ClientSettings}. */
export function clientConfig(s: ClientSettings = {}): { region: string; endpoint?: string; credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider } {
  return {
    region: s.region ?? 'us-east-1',
    ...(s.endpoint !== undefined ? { endpoint: s.endpoint } : {}),
    ...(s.credentials !== undefined ? { credentials: s.credentials } : {}),
  };
}
