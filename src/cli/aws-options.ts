import { Command, Option } from 'commander';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { crossAccountCredentials } from '../../packages/sdk/src/credentials.js';

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
}

/**
 * The client configuration from the flags: flags first, then the environment; the SDK's default
 * provider chain supplies credentials (and the region from the profile) when nothing is given.
 * S3 goes path-style whenever an endpoint is set: a local server has no bucket DNS names.
 */
export function awsClientConfig(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
  // AWS_DEFAULT_REGION is the CLI's and boto3's variable; the JS SDK reads only AWS_REGION.
  const region = flags.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const endpoint = flags.endpoint;
  const config: AwsClientConfig = {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(endpoint || env['AWS_ENDPOINT_URL'] || env['AWS_ENDPOINT_URL_S3'] ? { forcePathStyle: true } : {}),
  };
  if (flags.assumeRole) {
    config.credentials = crossAccountCredentials({
      roleArn: flags.assumeRole,
      roleSessionName: `sagelite-cli-${process.pid}`,
      ...(region ? { region } : {}),
      ...(endpoint ?? env['AWS_ENDPOINT_URL'] ? { endpoint: (endpoint ?? env['AWS_ENDPOINT_URL'])! } : {}),
      ...(flags.profile ? { stsClientConfig: { profile: flags.profile } } : {}),
    });
  }
  return config;
}

/** Prints an AWS error as the AWS CLI does and sets a failing exit code. */
export function reportAwsError(command: string, e: unknown): void {
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { requestId?: string } };
  const code = err.Code ?? err.name ?? 'Error';
  const id = err.$metadata?.requestId;
  process.stderr.write(`sagelite ${command}: ${code}: ${err.message ?? String(e)}${id ? `\n  request id ${id} (sagelite explain ${id})` : ''}\n`);
  process.exitCode = 1;
}
