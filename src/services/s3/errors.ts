import { AwsError } from '../../core/errors.js';

/**
 * S3's errors with AWS's codes, statuses and messages (S3 API reference, "Error responses", and
 * the Object Ownership troubleshooting page). Bucket errors carry `<BucketName>` as S3's do.
 */

export function noSuchBucket(bucket: string): AwsError {
  return new AwsError('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
}

/** S3's plain denial: what anonymous callers and x-amz-expected-bucket-owner mismatches get. */
export function s3AccessDenied(): AwsError {
  return new AwsError('AccessDenied', 403, 'Access Denied');
}

export function bucketAlreadyExists(bucket: string): AwsError {
  return new AwsError(
    'BucketAlreadyExists',
    409,
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    { BucketName: bucket },
  );
}

export function bucketAlreadyOwnedByYou(bucket: string): AwsError {
  return new AwsError('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: bucket });
}

export function bucketNotEmpty(bucket: string): AwsError {
  return new AwsError('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket });
}

export function invalidBucketName(bucket: string): AwsError {
  return new AwsError('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError('MalformedPolicy', 400, message);
}

export function noSuchBucketPolicy(bucket: string): AwsError {
  return new AwsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', { BucketName: bucket });
}

export function ownershipControlsNotFound(bucket: string): AwsError {
  return new AwsError('OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found', { BucketName: bucket });
}

export function noSuchPublicAccessBlock(bucket: string): AwsError {
  return new AwsError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found', { BucketName: bucket });
}

export function noSuchTagSet(bucket: string): AwsError {
  return new AwsError('NoSuchTagSet', 404, 'The TagSet does not exist', { BucketName: bucket });
}

export function accessControlListNotSupported(): AwsError {
  return new AwsError('AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
}

export function invalidBucketAclWithObjectOwnership(): AwsError {
  return new AwsError('InvalidBucketAclWithObjectOwnership', 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
}

export function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
}

export function invalidArgument(message: string, name?: string, value?: string): AwsError {
  return new AwsError('InvalidArgument', 400, message, name !== undefined ? { ArgumentName: name, ArgumentValue: value ?? '' } : {});
}

export function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequest', 400, message);
}
