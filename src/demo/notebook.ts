import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, type DescribeFeatureGroupCommandOutput } from '@aws-sdk/client-sagemaker';
import { BatchGetRecordCommand, GetRecordCommand, PutRecordCommand } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { guideClients, type Credentials, type GuideClients } from './clients.js';
import { step, type DemoContext, type StepExpectations } from './context.js';
import { SAGEMAKER_SERVICE } from './plan.js';
import { loadSampleGroup, SAMPLE_GROUPS, toRecord, type SampleGroup } from './sample.js';

/** A feature group the demo created in B, with what DescribeFeatureGroup said of its offline store. */
export interface CreatedGroup {
  sample: SampleGroup;
  arn: string;
  database: string;
  tableName: string;
  /** s3://bucket/prefix where the group's Parquet objects land. */
  offlineUri: string;
}

export const NOTEBOOK_SESSION = 'SageMaker';
export const CROSS_ACCOUNT_SESSION = 'sagelite-demo';

/** The notebook's own session: A's execution role, as SageMaker hands it to a notebook instance. */
export async function notebookSession(ctx: DemoContext): Promise<GuideClients> {
  const exec = ctx.plan.executionRole;
  const admin = ctx.admin;
  if (!admin) throw new Error("the notebook's session comes from the operator API (AssumeRoleAsService)");
  const creds = await step(ctx, 'notebook session (SageMaker)', {}, async () => {
    const out = await admin.call<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string }>('AssumeRoleAsService', {
      RoleArn: exec.arn,
      ServiceName: SAGEMAKER_SERVICE,
      RoleSessionName: NOTEBOOK_SESSION,
    });
    const creds: Credentials = { accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey, sessionToken: out.SessionToken };
    const clients = guideClients(ctx.endpoint, ctx.region, creds);
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    return { clients, arn: who.Arn! };
  }, (v) => v.arn);
  return creds.clients;
}

/** The guide's central step: the notebook assumes B's cross-account role through STS. */
export async function assumeCrossAccountRole(ctx: DemoContext, notebook: GuideClients): Promise<GuideClients> {
  const role = ctx.plan.crossAccountRole;
  const out = await step(ctx, 'sts:AssumeRole into B', { breaks: ['trust', 'assume-policy'] }, async () => {
    const r = await notebook.sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: CROSS_ACCOUNT_SESSION, DurationSeconds: 3600 }));
    const c = r.Credentials!;
    return { creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, arn: r.AssumedRoleUser!.Arn!, key: c.AccessKeyId! };
  }, (v) => `${v.arn} (${v.key})`);
  return guideClients(ctx.endpoint, ctx.region, out.creds);
}

async function waitCreated(b: GuideClients, name: string): Promise<DescribeFeatureGroupCommandOutput> {
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
    const d = await b.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
    if (d.FeatureGroupStatus === 'Created') return d;
    if (d.FeatureGroupStatus === 'CreateFailed') throw new Error(`${name}: CreateFailed: ${d.FailureReason ?? ''}`);
    if (Date.now() > deadline) throw new Error(`${name} is still ${d.FeatureGroupStatus} after 30 s`);
  }
}

/** Creates the sample's feature groups in B (as B's role), offline store in B's bucket written as B's offline-store role. */
export async function createFeatureGroups(ctx: DemoContext, b: GuideClients): Promise<CreatedGroup[]> {
  const groups: CreatedGroup[] = [];
  for (const name of SAMPLE_GROUPS) {
    const sample = loadSampleGroup(name);
    const g = await step(ctx, `create feature group ${name}`, {}, async () => {
      await b.sagemaker.send(new CreateFeatureGroupCommand({
        FeatureGroupName: name,
        RecordIdentifierFeatureName: sample.recordIdentifier,
        EventTimeFeatureName: sample.eventTime,
        FeatureDefinitions: sample.definitions,
        OnlineStoreConfig: { EnableOnlineStore: true },
        OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${ctx.plan.offlineBucket.name}/feature-store` } },
        RoleArn: ctx.plan.offlineStoreRole.arn,
        Description: sample.description,
        Tags: sample.tags,
      }));
      const d = await waitCreated(b, name);
      const catalog = d.OfflineStoreConfig!.DataCatalogConfig!;
      return { sample, arn: d.FeatureGroupArn!, database: catalog.Database!, tableName: catalog.TableName!, offlineUri: d.OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri! };
    }, (v) => `Created, ${sample.definitions.length} features, Glue table ${v.database}.${v.tableName}`);
    groups.push(g);
  }
  return groups;
}

/** How a caller names a group: B's own callers by name, another account's by ARN. */
export type GroupNaming = (g: CreatedGroup) => string;
export const byName: GroupNaming = (g) => g.sample.name;
export const byArn: GroupNaming = (g) => g.arn;

/** PutRecord for every CSV row, values as strings and the event time set to now, as the sample does. */
export async function ingestSample(ctx: DemoContext, b: GuideClients, groups: CreatedGroup[], name: GroupNaming = byName, expect: StepExpectations = {}): Promise<void> {
  for (const g of groups) {
    await step(ctx, `ingest ${g.sample.name}.csv`, expect, async () => {
      const started = Date.now();
      const now = Date.now() / 1000;
      for (const row of g.sample.rows) await b.runtime.send(new PutRecordCommand({ FeatureGroupName: name(g), Record: toRecord(g.sample, row, now) }));
      return Date.now() - started;
    }, (ms) => `${g.sample.rows.length} records put (PutRecord) in ${ms} ms`);
  }
}

/** Reads the online store back: one customer with GetRecord, then records of both groups in one BatchGetRecord. */
export async function readOnlineStore(ctx: DemoContext, b: GuideClients, groups: CreatedGroup[], name: GroupNaming = byName): Promise<void> {
  const [customers, purchases] = groups as [CreatedGroup, CreatedGroup];
  const cid = customers.sample.rows[0]![0]!;
  await getRecord(ctx, b, customers, name, cid, {});
  const pids = purchases.sample.rows.slice(0, 3).map((r) => r[0]!);
  await step(ctx, 'BatchGetRecord (both groups)', {}, async () => {
    const r = await b.runtime.send(new BatchGetRecordCommand({
      Identifiers: [
        { FeatureGroupName: name(purchases), RecordIdentifiersValueAsString: [...pids, '999999'] },
        { FeatureGroupName: name(customers), RecordIdentifiersValueAsString: [cid], FeatureNames: ['name', 'city'] },
      ],
    }));
    return r;
  }, (r) => `${r.Records?.length ?? 0} records (${(r.Records ?? []).map((x) => `${x.FeatureGroupName}/${x.RecordIdentifierValueAsString}`).join(', ')}), ${r.UnprocessedIdentifiers?.length ?? 0} unprocessed, ${r.Errors?.length ?? 0} errors`);
}

/** One GetRecord of a group's record, shown as its features. */
export async function getRecord(ctx: DemoContext, b: GuideClients, g: CreatedGroup, name: GroupNaming, id: string, expect: StepExpectations, label = `GetRecord ${g.sample.name} ${id}`): Promise<void> {
  await step(ctx, label, expect, async () => {
    const r = await b.runtime.send(new GetRecordCommand({ FeatureGroupName: name(g), RecordIdentifierValueAsString: id }));
    return (r.Record ?? []).filter((f) => f.FeatureName !== g.sample.eventTime).map((f) => `${f.FeatureName}=${f.ValueAsString}`).join(' ');
  }, (s) => s);
}
