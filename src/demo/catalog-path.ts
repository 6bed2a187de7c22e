import { CreateDataCatalogCommand } from '@aws-sdk/client-athena';
import { PutResourcePolicyCommand, GlueClient } from '@aws-sdk/client-glue';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { Credentials, GuideClients } from './clients.js';
import { step, type DemoContext } from './context.js';
import { createFeatureGroups, ingestSample, notebookSession, readOnlineStore } from './notebook.js';
import { queryOfflineStore, readTrainingSet, waitForOfflineStore } from './offline-athena.js';

/** The name A gives B's Glue Data Catalog in its own Athena. */
export const CENTRAL_CATALOG = 'central_feature_store';
export const CATALOG_READ_POLICY = 'CentralFeatureStoreCatalogRead';

const doc = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

/** B's Glue resource policy: A's execution role may read the feature store's database and tables. */
export function glueCatalogPolicy(region: string, accountB: string, executionRoleArn: string): string {
  const arn = (rest: string) => `arn:aws:glue:${region}:${accountB}:${rest}`;
  return doc({
    Sid: 'ReadFeatureStoreTablesFromA', Effect: 'Allow', Principal: { AWS: executionRoleArn },
    Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
    Resource: [arn('catalog'), arn('database/sagemaker_featurestore'), arn('table/sagemaker_featurestore/*')],
  });
}

/** B's offline bucket policy: A's execution role may list and read the Parquet objects. */
export function offlineBucketReadPolicy(bucket: string, executionRoleArn: string): string {
  return doc(
    { Sid: 'ListFromA', Effect: 'Allow', Principal: { AWS: executionRoleArn }, Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: `arn:aws:s3:::${bucket}` },
    { Sid: 'ReadFromA', Effect: 'Allow', Principal: { AWS: executionRoleArn }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
  );
}

/** What A's execution role needs beyond AmazonSageMakerFullAccess: its own data catalog, and B's catalog and bucket named. */
export function executionRoleCatalogPolicy(region: string, accountA: string, accountB: string, bucket: string): string {
  return doc(
    { Effect: 'Allow', Action: ['athena:CreateDataCatalog', 'athena:GetDataCatalog'], Resource: `arn:aws:athena:${region}:${accountA}:datacatalog/*` },
    { Effect: 'Allow', Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'], Resource: `arn:aws:glue:${region}:${accountB}:*` },
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
  );
}

/**
 * The guide's flow through Glue and Athena catalogs: B keeps its feature groups and writes their
 * offline store; B's Glue resource policy and bucket policy let A's execution role read them; the
 * notebook, as A's own role, registers B's Glue Data Catalog in its Athena and queries B's
 * offline store with its own identity, results in A's bucket. Every Glue and S3 read is A's.
 */
export async function runCatalogPath(ctx: DemoContext, rootA: GuideClients, rootB: GuideClients, keyB: Credentials, keep: (c: GuideClients) => void): Promise<void> {
  const { accountA, accountB } = ctx.plan.accounts;
  const executionRole = ctx.plan.executionRole;
  const bucket = ctx.plan.offlineBucket.name;

  ctx.report.section("Account B's administrator: the feature groups and their offline store, readable by A's role");
  const groups = await createFeatureGroups(ctx, rootB);
  await ingestSample(ctx, rootB, groups);
  await readOnlineStore(ctx, rootB, groups);
  await waitForOfflineStore(ctx, rootB, groups);
  const glue = new GlueClient({ endpoint: ctx.endpoint, region: ctx.region, credentials: keyB, maxAttempts: 1 });
  try {
    if (ctx.plan.broken === 'glue-policy') ctx.report.line("   (--break glue-policy: B's Data Catalog gets no resource policy)");
    else {
      await step(ctx, 'glue:PutResourcePolicy (B’s Data Catalog)', {}, () => glue.send(new PutResourcePolicyCommand({ PolicyInJson: glueCatalogPolicy(ctx.region, accountB, executionRole.arn) })),
        (r) => `A's execution role may read sagemaker_featurestore (hash ${r.PolicyHash})`);
    }
  } finally {
    glue.destroy();
  }
  if (ctx.plan.broken === 'offline-bucket-policy') ctx.report.line(`   (--break offline-bucket-policy: s3://${bucket} gets no bucket policy)`);
  else {
    await step(ctx, `s3:PutBucketPolicy (${bucket})`, {}, () => rootB.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: offlineBucketReadPolicy(bucket, executionRole.arn) })),
      () => "A's execution role may list and read the offline store");
  }

  ctx.report.section("Account A's administrator: the execution role may use B's catalog");
  await step(ctx, `iam:PutRolePolicy ${CATALOG_READ_POLICY}`, {}, () => rootA.iam.send(new PutRolePolicyCommand({
    RoleName: executionRole.name, PolicyName: CATALOG_READ_POLICY, PolicyDocument: executionRoleCatalogPolicy(ctx.region, accountA, accountB, bucket),
  })), () => `on ${executionRole.name}: athena data catalogs, B's Glue catalog and offline bucket`);

  ctx.report.section("The notebook in A, as A's own execution role: B's catalog in A's Athena");
  const notebook = await notebookSession(ctx);
  keep(notebook);
  await step(ctx, `athena:CreateDataCatalog ${CENTRAL_CATALOG}`, {}, () => notebook.athena.send(new CreateDataCatalogCommand({
    Name: CENTRAL_CATALOG, Type: 'GLUE', Parameters: { 'catalog-id': accountB }, Description: "B's central feature store",
  })), () => `type GLUE, catalog-id ${accountB}`);
  const query = await queryOfflineStore(ctx, notebook, groups[1]!, { catalog: CENTRAL_CATALOG, breaks: ['glue-policy', 'offline-bucket-policy'] });
  if (query) await readTrainingSet(ctx, notebook, query);
  else ctx.report.step('unavailable', 'A reads the training set CSV', 'needs the Athena query');
}
