import { AssumeRoleCommand, STSClient, type AssumeRoleCommandOutput, type STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** STS's bounds for AssumeRole's DurationSeconds (the upper bound is the role's MaxSessionDuration, up to 12 h). */
export const MIN_SESSION_SECONDS = 900;
/** Refresh this long before expiry unless told otherwise: the same margin the AWS SDKs use. */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;

export interface CrossAccountCredentialsOptions {
  /** The role to assume, e.g. `arn:aws:iam::222222222222:role/cross-account-assume-role`. */
  roleArn: string;
  /** Shows in CloudTrail and in the assumed-role ARN (`assumed-role/<role>/<session>`). */
  roleSessionName: string;
  /** Session length; 900 s (STS's minimum) up to the role's MaxSessionDuration. Default: STS's default (3600 s). */
  durationSeconds?: number;
  /** The external id the role's trust policy asks for (sts:ExternalId), if any. */
  externalId?: string;
  /** Who assumes the role. Default: the AWS SDK's default credential chain (environment, profile, instance role…). */
  sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** STS region; default `us-east-1` unless `stsClient` is given. */
  region?: string;
  /** STS endpoint, e.g. `http://127.0.0.1:4566` for sagelite; default: AWS's. */
  endpoint?: string;
  /** Refresh when the session has less than this left. Default 5 minutes. */
  refreshBeforeMs?: number;
  /**
   * The clock the provider decides expiry by, and signs its AssumeRole calls with. Default: the
   * host's clock. Tests inject one to cross an expiry without waiting (with sagelite's test clock).
   */
  now?: () => Date;
  /** An STS client to call AssumeRole with (its own region, endpoint, credentials and retries). */
  stsClient?: STSClient;
  /** Extra configuration for the STS client the provider makes (ignored when `stsClient` is given). */
  stsClientConfig?: STSClientConfig;
}

/** The provider the AWS SDK clients accept, plus a way to inspect and force its session. */
export interface CrossAccountCredentialsProvider extends AwsCredentialIdentityProvider {
  /** The session in use (undefined before the first call), with its expiry on the provider's clock. */
  current(): (AwsCredentialIdentity & { expiresAt: Date }) | undefined;
  /** Assumes the role again now, whatever the current session's age (shares an in-flight refresh). */
  refresh(): Promise<AwsCredentialIdentity>;
}

/** A session as the cache keeps it. */
export interface AssumedSession {
  identity: AwsCredentialIdentity;
  /** Expiry on the provider's clock (STS's Expiration). */
  expiresAtMs: number;
}

/**
 * Credentials for a role in another account, by STS AssumeRole, that renew themselves: a call
 * made when less than `refreshBeforeMs` of the session is left assumes the role again first, so a
 * long-running job keeps working past the session's duration (the guide's sample notebook for
 * long-running sessions, done with the JS SDK). Concurrent callers during a refresh share the one
 * AssumeRole call; its error (AccessDenied, ExpiredToken of the source credentials…) is thrown to
 * every one of them and the next call tries again.
 *
 * The `expiration` handed to the SDK is on the host's clock, so the SDK's own cache (which
 * refreshes 5 minutes before `expiration`) asks this provider again in time.
 *
 * @example
 * import { S3Client } from '@aws-sdk/client-s3';
 * const credentials = crossAccountCredentials({
 *   roleArn: 'arn:aws:iam::222222222222:role/cross-account-assume-role',
 *   roleSessionName: 'training-job',
 *   durationSeconds: 3600,
 *   endpoint: 'http://127.0.0.1:4566', // leave out for AWS
 * });
 * const s3 = new S3Client({ region: 'us-east-1', credentials, endpoint: 'http://127.0.0.1:4566', forcePathStyle: true });
 */
export function crossAccountCredentials(opts: CrossAccountCredentialsOptions): CrossAccountCredentialsProvider {
  if (opts.durationSeconds !== undefined && opts.durationSeconds < MIN_SESSION_SECONDS) {
    throw new RangeError(`durationSeconds must be at least ${MIN_SESSION_SECONDS} (STS's minimum); got ${opts.durationSeconds}`);
  }
  const now = opts.now ?? (() => new Date());
  const refreshBeforeMs = opts.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const sts = opts.stsClient ?? makeStsClient(opts);
  const ownsClock = opts.now !== undefined && opts.stsClient === undefined;

  return sessionCache({
    now,
    refreshBeforeMs,
    assume: async () => {
      // An injected clock signs too: a request signed by the host's clock would be refused as skewed
      // by a server whose clock was moved with it.
      if (ownsClock) sts.config.systemClockOffset = now().getTime() - Date.now();
      const out = await sts.send(new AssumeRoleCommand({
        RoleArn: opts.roleArn,
        RoleSessionName: opts.roleSessionName,
        ...(opts.durationSeconds !== undefined ? { DurationSeconds: opts.durationSeconds } : {}),
        ...(opts.externalId !== undefined ? { ExternalId: opts.externalId } : {}),
      }));
      return sessionFrom(out, opts.roleArn);
    },
  });
}

function makeStsClient(opts: CrossAccountCredentialsOptions): STSClient {
  return new STSClient({
    region: opts.region ?? 'us-east-1',
    ...opts.stsClientConfig,
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    ...(opts.sourceCredentials !== undefined ? { credentials: opts.sourceCredentials } : {}),
  });
}

function sessionFrom(out: AssumeRoleCommandOutput, roleArn: string): AssumedSession {
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new Error(`AssumeRole of ${roleArn} returned no complete credentials`);
  }
  const accountId = /^arn:[^:]+:sts::(\d{12}):/.exec(out.AssumedRoleUser?.Arn ?? '')?.[1];
  return {
    identity: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(accountId ? { accountId } : {}),
    },
    expiresAtMs: c.Expiration.getTime(),
  };
}

/** What {@link sessionCache} needs: a clock, a margin, and how to get a new session. */
export interface SessionCacheOptions {
  now: () => Date;
  refreshBeforeMs: number;
  assume: () => Promise<AssumedSession>;
}

/**
 * The refresh logic, apart from STS: a session is reused while more than `refreshBeforeMs` of it
 * is left; otherwise one `assume()` runs, shared by every caller until it settles.
 *
 * @example
 * const provider = sessionCache({ now: () => new Date(), refreshBeforeMs: 300_000, assume: myAssume });
 * const creds = await provider();
 */
export function sessionCache(opts: SessionCacheOptions): CrossAccountCredentialsProvider {
  let session: AssumedSession | undefined;
  let inFlight: Promise<AssumedSession> | undefined;

  const refresh = (): Promise<AssumedSession> => {
    inFlight ??= opts.assume().then(
      (s) => {
        session = s;
        inFlight = undefined;
        return s;
      },
      (e: unknown) => {
        inFlight = undefined;
        throw e;
      },
    );
    return inFlight;
  };

  const forHost = (s: AssumedSession): AwsCredentialIdentity => ({
    ...s.identity,
    // The SDK compares `expiration` with Date.now(): translate from the provider's clock.
    expiration: new Date(Date.now() + (s.expiresAtMs - opts.now().getTime())),
  });

  const provider = (async () => {
    const s = session;
    if (s && s.expiresAtMs - opts.now().getTime() > opts.refreshBeforeMs) return forHost(s);
    return forHost(await refresh());
  }) as CrossAccountCredentialsProvider;
  provider.current = () => (session ? { ...session.identity, expiresAt: new Date(session.expiresAtMs) } : undefined);
  provider.refresh = async () => forHost(await refresh());
  return provider;
}
