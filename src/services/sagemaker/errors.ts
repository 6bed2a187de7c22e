import { AwsError } from '../../core/errors.js';

/**
 * SageMaker's errors for feature groups. The modelled ones (ResourceNotFound, ResourceInUse,
 * ResourceLimitExceeded) are HTTP 400 like every SageMaker client error. Feature Store words its
 * messages "<Kind>: <detail>" ("Resource Not Found: …", "Resource Already Exists: …",
 * "Validation Error: …"), as its users report them; the details are sagelite's where AWS's are not
 * published.
 */
export function validation(detail: string): AwsError {
  return new AwsError('ValidationException', 400, `Validation Error: ${detail}`);
}

export function featureGroupNotFound(nameOrArn: string): AwsError {
  return new AwsError('ResourceNotFound', 400, `Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name ${nameOrArn}`);
}

export function featureNotFound(groupName: string, featureName: string): AwsError {
  return new AwsError('ResourceNotFound', 400, `Resource Not Found: Amazon SageMaker can't find a Feature with name ${featureName} in FeatureGroup ${groupName}`);
}

export function featureGroupInUse(name: string): AwsError {
  return new AwsError('ResourceInUse', 400, `Resource Already Exists: FeatureGroup with name ${name} already exists. Choose a different name.`);
}

/** SageMaker's account-quota wording ("The account-level service limit '…' is N …"). */
export function limitExceeded(limit: string, quota: number, current: number, unit: string): AwsError {
  return new AwsError(
    'ResourceLimitExceeded',
    400,
    `The account-level service limit '${limit}' is ${quota} ${unit}, with current utilization of ${current} ${unit} and a request delta of 1 ${unit}. ` +
      'Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.',
  );
}

/** Tagging and other generic operations on an ARN that names nothing (as SageMaker's AddTags/ListTags answer). */
export function resourceDoesNotExist(): AwsError {
  return new AwsError('ValidationException', 400, 'Resource does not exist');
}
