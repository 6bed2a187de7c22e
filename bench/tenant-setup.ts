// The two accounts of the tenant-isolation bench (bench/tenant-isolation.ts): the victim with a
// healthy feature group (online store with records, offline store its role may write) and an
// Athena results bucket; the attacker with a bucket and a feature group whose role may not write
// its offline bucket (so its records pile up in the outbox).
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountKeys } from '../test/e2e/harness.js';
import { signedRequestBytes, signer } from './tenant-signing.js';

const SAGEMAKER_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const VICTIM_RECORDS = 200;

export function clientConfig(url: string, keys: AccountKeys) {
  // A server stuck under an attack must not hang the bench: calls give up after 30 s.
  return { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }, maxAttempts: 1, requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000 } };
}

/** A feature group with an online store and an offline store under s3://bucket/fs, written as `role`. */
async function createGroup(url: string, keys: AccountKeys, name: string, bucket: string, role: string): Promise<void> {
  const config = clientConfig(url, keys);
  const iam = new IAMClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sm = new SageMakerClient(config);
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: SAGEMAKER_TRUST }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await sm.send(new CreateFeatureGroupCommand({
    FeatureGroupName: name,
    RecordIdentifierFeatureName: 'id',
    EventTimeFeatureName: 'ts',
    FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'payload', FeatureType: 'String' }],
    OnlineStoreConfig: { EnableOnlineStore: true },
    OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${bucket}/fs` } },
    RoleArn: `arn:aws:iam::${keys.accountId}:role/${role}`,
  }));
  for (const c of [iam, s3, sm]) c.destroy();
}

/** Parquet objects under the prefix (all pages). */
export async function parquetCount(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    count += (page.Contents ?? []).filter((o) => o.Key?.endsWith('.parquet')).length;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

export interface Victim {
  keys: AccountKeys;
  group: string;
  offlineBucket: string;
  /** Key prefix of the group's offline store in offlineBucket. */
  offlinePrefix: string;
  athenaOutput: string;
  /** Presigned GetCallerIdentity (STS query protocol). */
  sts: Buffer;
  /** Presigned GetRecords of records that exist. */
  getRecords: Buffer[];
}

export async function setUpVictim(url: string, keys: AccountKeys): Promise<Victim> {
  const config = clientConfig(url, keys);
  const group = 'victim';
  const offlineBucket = `victim-offline-${keys.accountId}`;
  const athenaBucket = `victim-athena-${keys.accountId}`;
  await createGroup(url, keys, group, offlineBucket, 'fs-offline');
  const iam = new IAMClient(config);
  await iam.send(new PutRolePolicyCommand({ RoleName: 'fs-offline', PolicyName: 'write-offline', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${offlineBucket}/*` }] }) }));
  iam.destroy();
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: athenaBucket }));
  const rt = new SageMakerFeatureStoreRuntimeClient(config);
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < VICTIM_RECORDS; i++) {
    await rt.send(new PutRecordCommand({ FeatureGroupName: group, Record: [{ FeatureName: 'id', ValueAsString: `r${i}` }, { FeatureName: 'ts', ValueAsString: String(now) }, { FeatureName: 'payload', ValueAsString: `p${i}` }] }));
  }
  rt.destroy();
  const sm = new SageMakerClient(config);
  const resolved = (await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: group }))).OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!;
  sm.destroy();
  const offlinePrefix = `${resolved.replace(`s3://${offlineBucket}/`, '')}/`;
  // The records above reach the offline store before any phase starts.
  for (let i = 0; i < 200 && (await parquetCount(s3, offlineBucket, offlinePrefix)) === 0; i++) await sleep(100);
  s3.destroy();
  const endpoint = new URL(url);
  const sts = await signedRequestBytes(signer('sts', keys), endpoint, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
  const runtime = signer('sagemaker', keys);
  const getRecords = await Promise.all(Array.from({ length: 20 }, (_, i) => signedRequestBytes(runtime, endpoint, { method: 'GET', path: `/FeatureGroup/${group}`, query: { RecordIdentifierValueAsString: `r${i * 10}` } })));
  return { keys, group, offlineBucket, offlinePrefix, athenaOutput: `s3://${athenaBucket}/results/`, sts, getRecords };
}

export interface Attacker {
  keys: AccountKeys;
  bucket: string;
  backlogGroup: string;
}

/** The attacker's bucket, and its group whose role has a trust policy but no permission at all. */
export async function setUpAttacker(url: string, keys: AccountKeys): Promise<Attacker> {
  const s3 = new S3Client({ ...clientConfig(url, keys), forcePathStyle: true });
  const bucket = `attacker-${keys.accountId}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  await createGroup(url, keys, 'backlog', `attacker-offline-${keys.accountId}`, 'fs-offline-blocked');
  return { keys, bucket, backlogGroup: 'backlog' };
}
