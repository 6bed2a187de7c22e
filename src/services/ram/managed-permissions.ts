import { featureGroupArn } from '../sagemaker/arns.js';

/**
 * The resource types sagelite lets RAM share, and the AWS managed permissions for them. The
 * action lists are the SageMaker Developer Guide's ("Enabling cross account access"), each
 * permission including the one before it. The resource type strings and which permission is a
 * type's default are not published; sagelite's choices are in docs/DECISIONS.md ("RAM").
 */

export const FEATURE_GROUP_TYPE = 'sagemaker:FeatureGroup';
export const CATALOG_TYPE = 'sagemaker:SagemakerCatalog';

export interface ShareableType {
  resourceType: string;
  serviceName: string;
  /** The ARN of a resource of this type, which must be the caller's own in the request's region. */
  arnPattern: RegExp;
}

export const SHAREABLE_TYPES: readonly ShareableType[] = [
  { resourceType: FEATURE_GROUP_TYPE, serviceName: 'sagemaker', arnPattern: /^arn:aws:sagemaker:([a-z0-9-]+):(\d{12}):feature-group\/([a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]){0,63})$/ },
  { resourceType: CATALOG_TYPE, serviceName: 'sagemaker', arnPattern: /^arn:aws:sagemaker:([a-z0-9-]+):(\d{12}):sagemaker-catalog\/(DefaultFeatureGroupCatalog)$/ },
];

export interface ManagedPermission {
  name: string;
  arn: string;
  resourceType: string;
  /** The IAM actions a share with this permission allows its principals on its resources. */
  actions: readonly string[];
  isResourceTypeDefault: boolean;
}

const READ_ONLY = ['sagemaker:DescribeFeatureGroup', 'sagemaker:DescribeFeatureMetadata', 'sagemaker:BatchGetRecord', 'sagemaker:GetRecord'];
const READ_WRITE = ['sagemaker:PutRecord', 'sagemaker:DeleteRecord', ...READ_ONLY];
const ADMIN = ['sagemaker:UpdateFeatureGroup', 'sagemaker:UpdateFeatureMetadata', ...READ_WRITE];

function managed(name: string, resourceType: string, actions: readonly string[], isResourceTypeDefault: boolean): ManagedPermission {
  return { name, arn: `arn:aws:ram::aws:permission/${name}`, resourceType, actions, isResourceTypeDefault };
}

/** The names are spelt as the SageMaker Developer Guide spells them (ReadOnly with "SageMaker", the others with "Sagemaker"). */
export const MANAGED_PERMISSIONS: readonly ManagedPermission[] = [
  managed('AWSRAMPermissionSageMakerFeatureGroupReadOnly', FEATURE_GROUP_TYPE, READ_ONLY, true),
  managed('AWSRAMPermissionSagemakerFeatureGroupReadWrite', FEATURE_GROUP_TYPE, READ_WRITE, false),
  managed('AWSRAMPermissionSagemakerFeatureGroupAdmin', FEATURE_GROUP_TYPE, ADMIN, false),
  managed('AWSRAMPermissionSageMakerCatalogResourceSearch', CATALOG_TYPE, ['sagemaker:Search'], true),
];

/** When the managed permissions came to be, as GetPermission and ListPermissions report it. */
export const MANAGED_PERMISSIONS_CREATED = new Date(Date.UTC(2024, 1, 14));

/**
 * The managed permission an ARN names. AWS's own pages spell "SageMaker" and "Sagemaker" both
 * ways for the same permissions, so the name is matched without regard to case.
 */
export function managedPermission(arn: string): ManagedPermission | undefined {
  const lower = arn.toLowerCase();
  return MANAGED_PERMISSIONS.find((p) => p.arn.toLowerCase() === lower);
}

/** The type of a resource ARN sagelite can share, with the account and region it names. */
export function shareableResource(arn: string): { type: ShareableType; region: string; accountId: string } | undefined {
  for (const type of SHAREABLE_TYPES) {
    const m = type.arnPattern.exec(arn);
    if (m) return { type, region: m[1]!, accountId: m[2]! };
  }
  return undefined;
}

/** A resource ARN as shares keep it and look it up: a feature group's with its name lower-cased, as SageMaker writes it; others as given. */
export function canonicalResourceArn(arn: string): string {
  const r = shareableResource(arn);
  return r?.type.resourceType === FEATURE_GROUP_TYPE ? featureGroupArn(r.accountId, r.region, arn.slice(arn.lastIndexOf('/') + 1)) : arn;
}

/** The permission's policy template, as GetPermission returns it: a JSON string of one statement without Principal or Resource. */
export function permissionTemplate(p: ManagedPermission): string {
  return JSON.stringify({ Effect: 'Allow', Action: p.actions });
}
