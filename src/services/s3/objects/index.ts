import type { OperationTable } from '../../operation.js';
import { copyObject } from './copy-object.js';
import { deleteObject, deleteObjects } from './delete-object.js';
import { getObject, headObject } from './get-object.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import { abortMultipartUpload, listMultipartUploads, listParts } from './multipart/abort-list.js';
import { completeMultipartUpload } from './multipart/complete.js';
import { createMultipartUpload } from './multipart/create.js';
import { uploadPart, uploadPartCopy } from './multipart/upload-part.js';
import { getObjectAcl, putObjectAcl } from './object-acl.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './object-tagging.js';
import { getObjectAttributes } from './object-attributes.js';
import { putObject } from './put-object.js';
import { listObjectVersions } from './list-object-versions.js';
import { getObjectLegalHold, getObjectRetention, putObjectLegalHold, putObjectRetention } from './object-retention.js';

/** Object-level S3 operations (PutObject, GetObject, listing, multipart, object ACLs, tagging). */
export const objectOperations: OperationTable = {
  AbortMultipartUpload: abortMultipartUpload,
  CompleteMultipartUpload: completeMultipartUpload,
  CopyObject: copyObject,
  CreateMultipartUpload: createMultipartUpload,
  DeleteObject: deleteObject,
  DeleteObjectTagging: deleteObjectTagging,
  DeleteObjects: deleteObjects,
  GetObject: getObject,
  GetObjectAcl: getObjectAcl,
  GetObjectTagging: getObjectTagging,
  GetObjectAttributes: getObjectAttributes,
  HeadObject: headObject,
  ListMultipartUploads: listMultipartUploads,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  GetObjectRetention: getObjectRetention,
  PutObjectRetention: putObjectRetention,
  GetObjectLegalHold: getObjectLegalHold,
  PutObjectLegalHold: putObjectLegalHold,
  ListParts: listParts,
  PutObject: putObject,
  PutObjectAcl: putObjectAcl,
  PutObjectTagging: putObjectTagging,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
};
