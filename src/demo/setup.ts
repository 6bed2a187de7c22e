import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand, type IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, HeadBucketCommand, PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsFailure } from './clients.js';
import type { GuidePlan, RolePlan } from './plan.js';
import type { Reporter } from './reporter.js';

/** The IAM and S3 clients of one account, as its administrator (root or an admin user). */
export interface AccountAdminClients {
  iam: IAMClient;
  s3: S3Client;
}

const shortName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** Runs a create call; "already exists" counts as done, so that setup can be applied again. */
async function create(fn: () => Promise<unknown>, alreadyExists: string[]): Promise<'created' | 'exists'> {
  try {
    await fn();
    return 'created';
  } catch (e) {
    if (alreadyExists.includes(awsFailure(e).name)) return 'exists';
    throw e;
  }
}

/** Creates a role if missing and gives it the plan's trust policy (so a re-run converges). */
async function ensureRole(iam: IAMClient, name: string, trust: string): Promise<'created' | 'exists'> {
  const r = await create(() => iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust })), ['EntityAlreadyExists', 'EntityAlreadyExistsException']);
  if (r === 'exists') await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust }));
  return r;
}

/** Attaches managed policies and puts inline ones; customer managed policies are created first. */
async function attachPolicies(iam: IAMClient, accountId: string, role: RolePlan): Promise<string[]> {
  const names: string[] = [];
  for (const arn of role.managedPolicies) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: arn }));
    names.push(shortName(arn));
  }
  for (const [name, document] of Object.entries(role.customerManagedPolicies)) {
    // A policy of this name made by an earlier run is kept as it is (its versions are the owner's to manage).
    await create(() => iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document })), ['EntityAlreadyExists', 'EntityAlreadyExistsException']);
    await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: `arn:aws:iam::${accountId}:policy/${name}` }));
    names.push(`${name} (custom)`);
  }
  for (const [name, document] of Object.entries(role.inlinePolicies)) {
    await iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: name, PolicyDocument: document }));
    names.push(`${name} (inline)`);
  }
  return names;
}

/** Creates a bucket unless its owner already has it (in us-east-1, CreateBucket on one's own bucket succeeds, so ask first). */
async function ensureBucket(s3: S3Client, name: string): Promise<'created' | 'exists'> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return 'exists';
  } catch (e) {
    const f = awsFailure(e);
    if (f.status !== 404 && f.name !== 'NotFound' && f.name !== 'NoSuchBucket') throw e;
  }
  return create(() => s3.send(new CreateBucketCommand({ Bucket: name })), ['BucketAlreadyOwnedByYou']);
}

/**
 * Applies the guide's IAM and S3 setup in its order: A's results bucket; B's role (trusting
 * account A), its managed and custom policies, B's offline-store role and bucket; A's execution role
 * with its policies, and the results bucket's policy; then B's trust narrowed to A's execution
 * role and SageMaker. Each step is reported; an error stops the setup and is thrown.
 *
 * @example
 * await applyGuideSetup(guidePlan(accounts), { iam: iamA, s3: s3A }, { iam: iamB, s3: s3B }, reporter);
 */
export async function applyGuideSetup(plan: GuidePlan, a: AccountAdminClients, b: AccountAdminClients, report: Reporter): Promise<void> {
  const { accountA, accountB } = plan.accounts;
  const role = plan.crossAccountRole;
  const exec = plan.executionRole;

  report.section(`Account A (${accountA}) — the results bucket comes first: B's custom policy names it`);
  const results = await ensureBucket(a.s3, plan.resultsBucket.name);
  report.step('ok', `results bucket ${results}`, `s3://${plan.resultsBucket.name}`);

  report.section(`Account B (${accountB}) — the central feature store`);
  report.step('ok', `role ${await ensureRole(b.iam, role.name, role.initialTrustPolicy)}`, `${role.arn} (trusts account ${accountA})`);
  report.step('ok', 'policies attached', (await attachPolicies(b.iam, accountB, role)).join(', '));
  const offline = plan.offlineStoreRole;
  report.step('ok', `offline-store role ${await ensureRole(b.iam, offline.name, offline.trustPolicy)}`, `${offline.arn} (trusts sagemaker.amazonaws.com)`);
  const offlinePolicies = await attachPolicies(b.iam, accountB, offline);
  if (plan.broken === 'offline-role') report.step('skipped', 'LEFT OUT (--break offline-role)', `no AmazonSageMakerFeatureStoreAccess on ${offline.name}`);
  else report.step('ok', 'offline-store role policies', offlinePolicies.join(', '));
  report.step('ok', `offline-store bucket ${await ensureBucket(b.s3, plan.offlineBucket.name)}`, `s3://${plan.offlineBucket.name}`);

  report.section(`Account A (${accountA}) — the notebook's side`);
  report.step('ok', `execution role ${await ensureRole(a.iam, exec.name, exec.trustPolicy)}`, `${exec.arn} (trusts sagemaker.amazonaws.com)`);
  report.step('ok', 'policies attached', (await attachPolicies(a.iam, accountA, exec)).join(', '));
  if (plan.broken === 'assume-policy') report.step('skipped', 'LEFT OUT (--break assume-policy)', `no sts:AssumeRole on ${role.arn}`);
  if (plan.resultsBucket.policy !== null) {
    await a.s3.send(new PutBucketPolicyCommand({ Bucket: plan.resultsBucket.name, Policy: plan.resultsBucket.policy }));
    report.step('ok', 'results bucket policy', `s3:* for ${shortName(exec.arn)}, ${role.name} and both accounts`);
  } else report.step('skipped', 'LEFT OUT (--break bucket-policy)', `no bucket policy on s3://${plan.resultsBucket.name}`);

  report.section(`Account B (${accountB}) — the trust names A's execution role`);
  await b.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: role.trustPolicy }));
  if (plan.broken === 'trust') report.step('skipped', 'LEFT OUT (--break trust)', `trust of ${role.name}: sagemaker.amazonaws.com only`);
  else report.step('ok', 'trust policy updated', `${exec.arn} + sagemaker.amazonaws.com may assume ${role.name}`);
}
