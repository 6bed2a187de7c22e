import { Command, Option } from 'commander';
import { awsClientConfig, reportAwsError, withAwsOptions, type AwsFlags } from './aws-options.js';

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * `sagelite get`: one record of the online store (GetRecord), typed by the group's feature
 * definitions and printed as JSON.
 *
 * @example
 * registerGet(program); // sagelite get customers 7148 --features name,city
 */
export function registerGet(program: Command): void {
  withAwsOptions(
    program
      .command('get')
      .description("read one record from a feature group's online store (GetRecord), printed as JSON typed by the group's features")
      .argument('<feature-group>', 'the feature group name, or its ARN')
      .argument('<record-id>', 'the value of the record identifier feature')
      .addOption(new Option('--features <names>', 'only these features, comma-separated').argParser(list)),
  )
    .addHelpText('after', '\nExit status: 0 when the record exists, 1 when it does not (or on an error).')
    .action(async (group: string, recordId: string, flags: AwsFlags & { features?: string[] }) => {
      const config = awsClientConfig(flags);
      // The AWS SDK loads when the command runs, not whenever the CLI starts.
      const [{ SageMakerClient }, { SageMakerFeatureStoreRuntimeClient }, { FeatureGroupClient }] = await Promise.all([
        import('@aws-sdk/client-sagemaker'),
        import('@aws-sdk/client-sagemaker-featurestore-runtime'),
        import('../../packages/sdk/src/feature-group-client.js'),
      ]);
      const client = new FeatureGroupClient({
        featureGroupName: group,
        runtimeClient: new SageMakerFeatureStoreRuntimeClient(config),
        sagemakerClient: new SageMakerClient(config),
      });
      try {
        const record = await client.get(recordId, flags.features ? { features: flags.features } : {});
        if (record === undefined) {
          process.stderr.write(`sagelite get: no record ${recordId} in ${group} (never put, deleted or expired)\n`);
          process.exitCode = 1;
        } else process.stdout.write(JSON.stringify(record, null, 2) + '\n');
      } catch (e) {
        reportAwsError('get', e, config);
      } finally {
        client.runtime.destroy();
        client.sagemaker.destroy();
      }
    });
}
