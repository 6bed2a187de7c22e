/**
 * The world the generator draws from: accounts, principals (with their tags and ids), resources
 * by type, the real actions on each type, and which service keys a request for an action carries.
 */
import type { EvalPrincipal } from '../../../src/auth/policy/types.js';

export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';

export interface Actor {
  label: string;
  principal: EvalPrincipal;
  /** Tags on the user or role (and session): aws:PrincipalTag/*. */
  tags: Record<string, string>;
  userName?: string;
  roleName?: string;
  sessionName?: string;
}

export const A = ACCOUNT_A;
export const B = ACCOUNT_B;

export const ACTORS: Actor[] = [
  { label: 'user', userName: 'alice', tags: { team: 'data' }, principal: { kind: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, uniqueId: 'AIDAALICE00000000001' } },
  { label: 'user-pathed', userName: 'bob', tags: { team: 'ml', cost: '42' }, principal: { kind: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/dev/bob`, uniqueId: 'AIDABOB0000000000002' } },
  { label: 'user-b', userName: 'carol', tags: { team: 'data' }, principal: { kind: 'user', accountId: B, arn: `arn:aws:iam::${B}:user/carol`, uniqueId: 'AIDACAROL00000000003' } },
  {
    label: 'session-pathed-role',
    roleName: 'Runner',
    sessionName: 'job-42',
    tags: { team: 'ml', cost: '7' },
    principal: { kind: 'assumed-role', accountId: A, arn: `arn:aws:sts::${A}:assumed-role/Runner/job-42`, roleArn: `arn:aws:iam::${A}:role/app/Runner`, uniqueId: 'AROARUNNER0000000004' },
  },
  {
    label: 'session-b',
    roleName: 'Admin',
    sessionName: 'ops',
    tags: {},
    principal: { kind: 'assumed-role', accountId: B, arn: `arn:aws:sts::${B}:assumed-role/Admin/ops`, roleArn: `arn:aws:iam::${B}:role/Admin`, uniqueId: 'AROAADMIN00000000005' },
  },
  { label: 'root', tags: {}, principal: { kind: 'root', accountId: A, arn: `arn:aws:iam::${A}:root` } },
  { label: 'root-b', tags: {}, principal: { kind: 'root', accountId: B, arn: `arn:aws:iam::${B}:root` } },
  { label: 'service', tags: {}, principal: { kind: 'service', accountId: '', arn: 'sagemaker.amazonaws.com', serviceName: 'sagemaker.amazonaws.com' } },
  { label: 'anonymous', tags: {}, principal: { kind: 'anonymous', accountId: '', arn: '' } },
];

/** Root may do anything in its own account: sagelite gives root this identity policy (src/auth/principal-policies.ts). */
export const ROOT_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

export type ResourceType = 'object' | 'bucket' | 'feature-group' | 'role' | 'user' | 'none';

export interface Target {
  type: ResourceType;
  arn: string;
  /** Owning account (S3 ARNs carry none). */
  account: string;
}

export const TARGETS: Target[] = [
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/home/alice/notes.txt', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/home/bob/a.csv', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/public/index.html', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/Reports/Q1.csv', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/tmp/$cost.csv', account: A },
  { type: 'object', arn: 'arn:aws:s3:::shared-bkt/logs/2026/11/27.log', account: B },
  { type: 'object', arn: 'arn:aws:s3:::shared-bkt/home/carol/x', account: B },
  { type: 'bucket', arn: 'arn:aws:s3:::data-bkt', account: A },
  { type: 'bucket', arn: 'arn:aws:s3:::shared-bkt', account: B },
  { type: 'feature-group', arn: `arn:aws:sagemaker:us-east-1:${A}:feature-group/data-orders`, account: A },
  { type: 'feature-group', arn: `arn:aws:sagemaker:us-east-1:${A}:feature-group/ml-features`, account: A },
  { type: 'feature-group', arn: `arn:aws:sagemaker:eu-west-1:${A}:feature-group/data-eu`, account: A },
  { type: 'feature-group', arn: `arn:aws:sagemaker:us-east-1:${B}:feature-group/shared-fg`, account: B },
  { type: 'role', arn: `arn:aws:iam::${A}:role/Deployer`, account: A },
  { type: 'role', arn: `arn:aws:iam::${A}:role/app/Runner`, account: A },
  { type: 'role', arn: `arn:aws:iam::${B}:role/Admin`, account: B },
  { type: 'user', arn: `arn:aws:iam::${A}:user/alice`, account: A },
  { type: 'user', arn: `arn:aws:iam::${A}:user/dev/bob`, account: A },
];

export const ACTIONS: Record<ResourceType, string[]> = {
  object: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  bucket: ['s3:ListBucket', 's3:GetBucketPolicy'],
  'feature-group': ['sagemaker:DescribeFeatureGroup', 'sagemaker:PutRecord', 'sagemaker:GetRecord', 'sagemaker:CreateFeatureGroup'],
  role: ['sts:AssumeRole', 'sts:TagSession', 'iam:GetRole'],
  user: ['iam:GetUser'],
  none: ['s3:ListAllMyBuckets', 'sagemaker:ListFeatureGroups'],
};

/** Role ids, for trust-policy principal bindings. */
export const ROLE_IDS: Record<string, string> = {
  [`arn:aws:iam::${A}:role/app/Runner`]: 'AROARUNNER0000000004',
  [`arn:aws:iam::${B}:role/Admin`]: 'AROAADMIN00000000005',
};

/** Keys a request for `action` on a resource of `type` may carry beyond the global ones (iam-simulate drops others). */
export function serviceKeys(action: string, type: ResourceType): string[] {
  const keys: string[] = [];
  if (action.startsWith('s3:')) keys.push('s3:signatureAge');
  if (action === 's3:ListBucket') keys.push('s3:prefix', 's3:max-keys', 's3:delimiter');
  if (action === 'sts:AssumeRole') keys.push('sts:ExternalId', 'sts:RoleSessionName');
  // S3 drops aws:ResourceTag unless bucket ABAC is on; feature groups, roles and users carry it.
  if (type === 'feature-group' || type === 'role' || type === 'user') keys.push('aws:ResourceTag/owner');
  return keys;
}
