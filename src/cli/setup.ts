import { Command, InvalidArgumentError, Option } from 'commander';
import type { STSClient } from '@aws-sdk/client-sts';
import { defaultBuckets, guidePlan, planAsJson } from '../demo/plan.js';
import type { AccountAdminClients } from '../demo/setup.js';
import { awsClientConfig, configuredEndpoint, reportAwsError, type AwsClientConfig } from './aws-options.js';
import { DEFAULT_NOTEBOOK_PROFILE, writeProfiles } from './profile-config.js';

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('an AWS account id is 12 digits');
  return value;
}

interface SetupFlags {
  accountA: string;
  accountB: string;
  resultsBucket?: string;
  offlineBucket?: string;
  executionRoleName?: string;
  print?: boolean;
  profileA?: string;
  profileB?: string;
  endpoint?: string;
  region?: string;
  notebookUser: boolean;
  notebookProfile: string;
  sample?: boolean;
  writeProfiles?: string;
}

/** An account's IAM and S3 clients from a profile (or the default chain), checked to be that account. */
async function accountClients(flags: SetupFlags, profile: string | undefined, expected: string, label: string): Promise<AccountAdminClients & { sts: STSClient; config: AwsClientConfig }> {
  const config = awsClientConfig({ ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), ...(flags.region ? { region: flags.region } : {}), ...(profile ? { profile } : {}) });
  // The AWS SDK loads when the command runs, not whenever the CLI starts.
  const [{ IAMClient }, { S3Client }, { GetCallerIdentityCommand, STSClient }] = await Promise.all([import('@aws-sdk/client-iam'), import('@aws-sdk/client-s3'), import('@aws-sdk/client-sts')]);
  const sts = new STSClient(config);
  const who = await sts.send(new GetCallerIdentityCommand({}));
  if (who.Account !== expected) {
    throw new Error(`the credentials for account ${label} (${profile ? `profile ${profile}` : 'the default chain'}) are ${who.Arn}, of account ${who.Account}, not ${expected}: pass --profile-${label.toLowerCase()}`);
  }
  return { sts, config, iam: new IAMClient(config), s3: new S3Client(config) };
}

/**
 * `sagelite setup cross-account`: the guide's roles, policies and buckets between two accounts,
 * applied with each account's credentials, or printed as JSON (`--print`) to apply elsewhere.
 *
 * @example
 * registerSetup(program); // sagelite setup cross-account --account-a 111111111111 --account-b 222222222222 --profile-a a --profile-b b
 */
export function registerSetup(program: Command): void {
  const setup = program.command('setup').description('set up what a guide needs');
  setup
    .command('cross-account')
    .description("apply the cross-account guide's roles, policies and buckets between accounts A (consumer) and B (central feature store), or print them as JSON")
    .requiredOption('--account-a <id>', 'the consumer account (notebook, execution role, Athena results bucket)', accountId)
    .requiredOption('--account-b <id>', 'the central feature store account (cross-account role, offline store)', accountId)
    .option('--results-bucket <name>', "A's Athena results bucket (default: sagemaker-athena-results-<A>)")
    .option('--offline-bucket <name>', "B's offline-store bucket (default: sagemaker-featurestore-<B>)")
    .option('--execution-role-name <name>', "A's SageMaker execution role (default: AmazonSageMaker-ExecutionRole-sagelite)")
    .option('--print', 'print the roles, policies and buckets as JSON instead of applying them (for real AWS, or review)')
    .addOption(new Option('--profile-a <name>', "the profile with account A's administrator credentials (default: the SDK's chain, e.g. AWS_PROFILE)"))
    .addOption(new Option('--profile-b <name>', "the profile with account B's administrator credentials (default: the SDK's chain)"))
    .addOption(new Option('--endpoint <url>', 'the endpoint (default: AWS_ENDPOINT_URL, else AWS)'))
    .addOption(new Option('--region <region>', 'the region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile\'s)'))
    .option('--no-notebook-user', "do not make the notebook's IAM user in A (nor print its profiles)")
    .addOption(new Option('--notebook-profile <name>', 'the name of the printed notebook profile (also <name>-user and <name>-central)').default(DEFAULT_NOTEBOOK_PROFILE))
    .option('--write-profiles <file>', "also write the notebook's profiles into this config file (e.g. ~/.aws/config), replacing sections of the same names")
    .option('--sample', "also create the demo's sample in B: the feature groups customers and purchases with their rows, waited for in the offline store")
    .addHelpText(
      'after',
      `
Each account's part is applied with that account's own credentials (checked with
sts:GetCallerIdentity). Applying again converges: existing roles get the trust policy again,
policies are attached again, existing buckets and customer managed policies are kept.

The notebook: SageMaker runs the guide's notebook as A's execution role. Outside SageMaker,
setup makes an IAM user in A (sagelite-notebook) that may only assume that role, and prints
~/.aws/config profiles: <name> acts as A's execution role, <name>-central as B's role assumed
from it. Each run gives the user a new access key (the old one is deleted): paste the lines
printed last, or let --write-profiles put them in the file.`,
    )
    .action(async (flags: SetupFlags) => {
      const buckets = defaultBuckets(flags.accountA, flags.accountB);
      const plan = guidePlan({
        accountA: flags.accountA,
        accountB: flags.accountB,
        resultsBucket: flags.resultsBucket ?? buckets.resultsBucket,
        offlineBucket: flags.offlineBucket ?? buckets.offlineBucket,
        ...(flags.executionRoleName ? { executionRoleName: flags.executionRoleName } : {}),
      });
      if (flags.print) {
        process.stdout.write(JSON.stringify(planAsJson(plan), null, 2) + '\n');
        return;
      }
      const clients: Array<{ destroy(): void }> = [];
      const [{ Reporter }, { applyGuideSetup }, { applySample }, { applyNotebookIdentity, notebookProfiles }] = await Promise.all([
        import('../demo/reporter.js'),
        import('../demo/setup.js'),
        import('./setup-sample.js'),
        import('./notebook-identity.js'),
      ]);
      try {
        const a = await accountClients(flags, flags.profileA, flags.accountA, 'A');
        const b = await accountClients(flags, flags.profileB, flags.accountB, 'B');
        clients.push(a.sts, a.iam, a.s3, b.sts, b.iam, b.s3);
        const report = new Reporter({ write: (t) => process.stdout.write(t), color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'] });
        await applyGuideSetup(plan, a, b, report);
        if (flags.sample) await applySample(plan, b, report);
        const notebook = flags.notebookUser ? await applyNotebookIdentity(a.iam, plan, 'sagelite-notebook', report) : undefined;
        report.line(`\n✓ account A's execution role may now assume ${plan.crossAccountRole.arn}`);
        if (notebook) {
          const region = await a.sts.config.region();
          const endpoint = configuredEndpoint({ ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), ...(flags.profileA ? { profile: flags.profileA } : {}) });
          const name = flags.notebookProfile;
          report.line(`\nThe notebook's profiles, for ~/.aws/config (e.g. aws --profile ${name}-central sagemaker list-feature-groups):\n`);
          const profiles = notebookProfiles({ name, identity: notebook, plan, region, ...(endpoint ? { endpoint } : {}) });
          process.stdout.write(profiles);
          if (flags.writeProfiles) {
            writeProfiles(flags.writeProfiles, profiles);
            report.line(`\n✓ written to ${flags.writeProfiles}`);
          }
        }
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('the credentials for account')) {
          process.stderr.write(`sagelite setup cross-account: ${e.message}\n`);
          process.exitCode = 1;
        } else reportAwsError('setup cross-account', e, awsClientConfig({ ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), ...(flags.profileA ? { profile: flags.profileA } : {}) }));
      } finally {
        for (const c of clients) c.destroy();
      }
    });
}
