import type { OperationTable } from '../../operation.js';
import { getBucketAcl, putBucketAcl } from './bucket-acl.js';
import { deleteBucketCors, getBucketCors, putBucketCors } from './bucket-cors.js';
import { deleteBucketEncryption, getBucketEncryption, putBucketEncryption } from './bucket-encryption.js';
import { getBucketLogging, putBucketLogging } from './bucket-logging.js';
import { deleteBucket, getBucketLocation, headBucket, listBuckets } from './bucket-basics.js';
import { getBucketVersioning, putBucketVersioning } from './bucket-versioning.js';
import { deleteBucketLifecycle, getBucketLifecycleConfiguration, putBucketLifecycleConfiguration } from './bucket-lifecycle.js';
import { getObjectLockConfiguration, putObjectLockConfiguration } from './object-lock-configuration.js';
import { deleteBucketPolicy, getBucketPolicy, getBucketPolicyStatus, putBucketPolicy } from './bucket-policy.js';
import { createBucket } from './create-bucket.js';
import { deleteBucketOwnershipControls, getBucketOwnershipControls, putBucketOwnershipControls } from './ownership-controls.js';
import { deletePublicAccessBlock, getPublicAccessBlock, putPublicAccessBlock } from './public-access-block.js';
import { deleteBucketTagging, getBucketTagging, putBucketTagging } from './tagging.js';

/** Bucket-level S3 operations (CreateBucket, bucket policy, ownership, ACLs, tagging, …). */
export const bucketOperations: OperationTable = {
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  ListBuckets: listBuckets,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  DeleteBucketLifecycle: deleteBucketLifecycle,
  GetObjectLockConfiguration: getObjectLockConfiguration,
  PutObjectLockConfiguration: putObjectLockConfiguration,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketPolicyStatus: getBucketPolicyStatus,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  PutPublicAccessBlock: putPublicAccessBlock,
  GetPublicAccessBlock: getPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  PutBucketTagging: putBucketTagging,
  GetBucketTagging: getBucketTagging,
  DeleteBucketTagging: deleteBucketTagging,
  PutBucketAcl: putBucketAcl,
  GetBucketAcl: getBucketAcl,
  PutBucketEncryption: putBucketEncryption,
  GetBucketEncryption: getBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
  PutBucketLogging: putBucketLogging,
  GetBucketLogging: getBucketLogging,
  PutBucketCors: putBucketCors,
  GetBucketCors: getBucketCors,
  DeleteBucketCors: deleteBucketCors,
};
