import { AthenaClient } from '@aws-sdk/client-athena';
import { DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { awsFailure, type GuideClients } from '../demo/clients.js';
import type { DemoContext } from '../demo/context.js';
import { createFeatureGroups, ingestSample } from '../demo/notebook.js';
import { waitForOfflineStore } from '../demo/offline-athena.js';
import type { GuidePlan } from '../demo/plan.js';
import type { Reporter } from '../demo/reporter.js';
import { SAMPLE_GROUPS } from '../demo/sample.js';
import type { AwsClientConfig } from './aws-options.js';

/** What `--sample` needs of account B: its administrator's clients and their configuration. */
export interface SampleAccountClients extends Pick<GuideClients, 'iam' | 'sts' | 's3'> {
  config: AwsClientConfig;
}

async function exists(sagemaker: SageMakerClient, name: string): Promise<boolean> {
  try {
    await sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
    return true;
  } catch (e) {
    if (awsFailure(e).name === 'ResourceNotFound') return false;
    throw e;
  }
}

/**
 * `setup cross-account --sample`: the demo's sample in B, as the demo's notebook makes it — the
 * feature groups `customers` and `purchases` (offline store in B's bucket, written as B's
 * offline-store role) with their rows, event time now — made by B's administrator, and waited
 * for until the offline store holds every row, so Athena sees them at once. Groups that exist
 * are kept as they are (their rows are not put again); one of the two alone is an error.
 *
 * @example
 * await applySample(plan, b, report); // " ✓ create feature group customers   Created, 8 features, …"
 */
export async function applySample(plan: GuidePlan, b: SampleAccountClients, report: Reporter): Promise<void> {
  const clients: GuideClients = {
    iam: b.iam, sts: b.sts, s3: b.s3,
    sagemaker: new SageMakerClient(b.config), runtime: new SageMakerFeatureStoreRuntimeClient(b.config), athena: new AthenaClient(b.config),
  };
  try {
    report.section(`Account B (${plan.accounts.accountB}) — the demo's sample feature groups`);
    const found = await Promise.all(SAMPLE_GROUPS.map((name) => exists(clients.sagemaker, name)));
    if (found.every(Boolean)) {
      for (const name of SAMPLE_GROUPS) report.step('ok', `feature group ${name}`, 'exists, kept as it is');
      return;
    }
    if (found.some(Boolean)) {
      const present = SAMPLE_GROUPS.filter((_, i) => found[i]).join(', ');
      throw new Error(`account B has the feature group ${present} but not the rest of the sample (${SAMPLE_GROUPS.join(', ')}): delete it, or leave out --sample`);
    }
    const ctx: DemoContext = { endpoint: '', region: await b.sts.config.region(), plan, report };
    const groups = await createFeatureGroups(ctx, clients);
    await ingestSample(ctx, clients, groups);
    await waitForOfflineStore(ctx, clients, groups);
  } finally {
    clients.sagemaker.destroy();
    clients.runtime.destroy();
    clients.athena.destroy();
  }
}
