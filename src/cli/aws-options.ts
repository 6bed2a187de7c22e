import { Command, Option } from 'commander';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CrossAccountCredentialsOptions } from '../../packages/sdk/src/credentials.js';
import { profileEndpoint } from './profile-config.js';

/** The connection flags every AWS-talking command takes. */
export interface AwsFlags {
  endpoint?: string;
  profile?: string;
  region?: string;
  assumeRole?: string;
}

/**
 * Adds `--endpoint`, `--profile`, `--region` and `--assume-role` to a command. Without them the
 * AWS SDK's own chain decides, as for any AWS tool: AWS_ENDPOINT_URL, AWS_PROFILE,
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, ~/.aws/config and credentials.
 *
 * @example
 * withAwsOptions(program.command('get')).action(async (opts: AwsFlags) => { … awsClientConfig(opts) … });
 */
export function withAwsOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--endpoint <url>', 'the endpoint (default: AWS_ENDPOINT_URL, else AWS itself)'))
    .addOption(new Option('--profile <name>', 'a profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE)'))
    .addOption(new Option('--region <region>', 'the region (default: AWS_REGION, AWS_DEFAULT_REGION, else the profile\'s)'))
    .addOption(new Option('--assume-role <arn>', 'act as this role, assumed through STS with the credentials above (e.g. B\'s cross-account-assume-role)'));
}

/** The configuration every @aws-sdk client of a command gets. */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  profile?: string;
  credentials?: AwsCredentialIdentityProvider;
  forcePathStyle?: boolean;
  /**
   * The configuration of the STS client the SDK's default chain makes for a profile that assumes
   * a role (`role_arn` + `source_profile`): each client hands its own configuration to the chain,
   * which passes `clientConfig` on to that STS client. Without it that client would not know the
   * endpoint and would ask AWS's STS.
   */
  clientConfig?: { endpoint: string };
}

/** The endpoint the flags name, as the AWS CLI resolves it: --endpoint, AWS_ENDPOINT_URL, the profile's endpoint_url. */
export function configuredEndpoint(flags: Pick<AwsFlags, 'endpoint' | 'profile'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flags.endpoint ?? env['AWS_ENDPOINT_URL'] ?? (flags.profile ? profileEndpoint(flags.profile, env) : undefined);
}

/**
 * The client configuration from the flags: flags first, then the environment; the SDK's default
 * provider chain supplies credentials (and the region from the profile) when nothing is given.
 * S3 goes path-style whenever an endpoint is set: a local server has no bucket DNS names.
 */
export function awsClientConfig(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
  // AWS_DEFAULT_REGION is the CLI's and boto3's variable; the JS SDK reads only AWS_REGION.
  const region = flags.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  // AWS_ENDPOINT_URL is left to the SDK (it reads it itself); a profile's endpoint_url is not.
  const endpoint = flags.endpoint ?? (flags.profile ? profileEndpoint(flags.profile, env) : undefined);
  const config: AwsClientConfig = {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint, clientConfig: { endpoint } } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(endpoint || env['AWS_ENDPOINT_URL'] || env['AWS_ENDPOINT_URL_S3'] ? { forcePathStyle: true } : {}),
  };
  if (flags.assumeRole) {
    const options: CrossAccountCredentialsOptions = {
      roleArn: flags.assumeRole,
      roleSessionName: `sagelite-cli-${process.pid}`,
      ...(region ? { region } : {}),
      ...(endpoint ?? env['AWS_ENDPOINT_URL'] ? { endpoint: (endpoint ?? env['AWS_ENDPOINT_URL'])! } : {}),
      ...(flags.profile ? { stsClientConfig: { profile: flags.profile, ...(endpoint ? { clientConfig: { endpoint } } : {}) } } : {}),
    };
    // STS's client loads when credentials are first asked for, not whenever the CLI starts.
    let provider: AwsCredentialIdentityProvider | undefined;
    config.credentials = async (props) => {
      provider ??= (await import('../../packages/sdk/src/credentials.js')).crossAccountCredentials(options);
      return provider(props);
    };
  }
  return config;
}

/** Network errors that mean the endpoint was not reached at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPROTO']);

/** Where a command's requests went: the configured endpoint, or AWS's own when none is set. */
function endpointOf(config: AwsClientConfig | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return config?.endpoint ?? env['AWS_ENDPOINT_URL'];
}

/** The message for a request that never reached its endpoint: which endpoint, and how to set another. */
export function unreachableMessage(e: unknown, config?: AwsClientConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  // A service's answer has a $fault; a request that never got one has only the socket's error code.
  const err = e as { code?: string; hostname?: string; address?: string; message?: string; $fault?: unknown };
  if (!err || typeof err !== 'object' || err.$fault !== undefined || !UNREACHABLE.has(err.code ?? '')) return undefined;
  const endpoint = endpointOf(config, env);
  const how = 'set the endpoint with --endpoint URL, AWS_ENDPOINT_URL, or endpoint_url in the profile (sagelite serve listens on http://127.0.0.1:4566 by default)';
  if (endpoint) return `cannot reach the endpoint ${endpoint} (${err.message ?? err.code}): is sagelite running there? If it listens elsewhere, ${how}`;
  const host = err.hostname ?? err.address ?? 'AWS';
  return `cannot reach ${host} (${err.message ?? err.code}): no endpoint is set, so the request went to AWS itself; for sagelite, ${how}`;
}

/**
 * Prints an AWS error as the AWS CLI does and sets a failing exit code. `sagelite explain` is
 * suggested only when the server says the denial's decision is recorded (pipeline.ts
 * DECISION_HEADER); a request that never reached its endpoint says which endpoint it was.
 */
export function reportAwsError(command: string, e: unknown, config?: AwsClientConfig): void {
  const unreachable = unreachableMessage(e, config);
  if (unreachable) {
    process.stderr.write(`sagelite ${command}: ${unreachable}\n`);
    process.exitCode = 1;
    return;
  }
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { requestId?: string }; $response?: { headers?: Record<string, string> } };
  const code = err.Code ?? err.name ?? 'Error';
  const id = err.$metadata?.requestId;
  const explainable = id !== undefined && err.$response?.headers?.['x-sagelite-decision'] === 'denied';
  process.stderr.write(`sagelite ${command}: ${code}: ${err.message ?? String(e)}${id ? `\n  request id ${id}${explainable ? ` (sagelite explain ${id})` : ''}` : ''}\n`);
  process.exitCode = 1;
}
