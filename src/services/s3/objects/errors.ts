import { AwsError } from '../../../core/errors.js';
import { accessControlListNotSupported, invalidArgument, invalidRequest, malformedXml } from '../errors.js';

/** S3's object-side errors, with the codes, statuses, texts and extra elements S3 answers (shared ones from ../errors.ts). */
export const s3Errors = {
  noSuchKey: (key: string) => new AwsError('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new AwsError('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
      UploadId: uploadId,
    }),
  invalidRange: (requested: string, size: number) =>
    new AwsError('InvalidRange', 416, 'The requested range is not satisfiable', { RangeRequested: requested, ActualObjectSize: String(size) }),
  preconditionFailed: (condition: string) =>
    new AwsError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: condition }),
  /** Not an error to the client: 304 carries no body, but the object's ETag and Last-Modified headers (RFC 9110, as S3 sends them). */
  notModified: (object: { etag: string; lastModified: Date }) =>
    new AwsError('NotModified', 304, 'Not Modified', { ETag: `"${object.etag}"`, 'Last-Modified': object.lastModified.toUTCString() }),
  badDigest: (expected: string, calculated: string) =>
    new AwsError('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', { ExpectedDigest: expected, CalculatedDigest: calculated }),
  invalidDigest: (contentMd5: string) => new AwsError('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.', { 'Content-MD5': contentMd5 }),
  checksumMismatch: (algorithm: string) => new AwsError('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`),
  invalidChecksumHeader: (header: string) => new AwsError('InvalidRequest', 400, `Value for ${header} header is invalid.`),
  invalidRequest,
  invalidArgument,
  keyTooLong: (size: number) => new AwsError('KeyTooLongError', 400, 'Your key is too long', { Size: String(size), MaxSizeAllowed: '1024' }),
  metadataTooLarge: (size: number) =>
    new AwsError('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size.', { Size: String(size), MaxSizeAllowed: '2048' }),
  entityTooLarge: (size: number, max: number) =>
    new AwsError('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: String(size), MaxSizeAllowed: String(max) }),
  entityTooSmall: (size: number, partNumber: number, etag: string) =>
    new AwsError('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: String(size),
      MinSizeAllowed: String(5 * 1024 * 1024),
      PartNumber: String(partNumber),
      ETag: etag,
    }),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    new AwsError(
      'InvalidPart',
      400,
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
    ),
  invalidPartOrder: (uploadId: string) =>
    new AwsError('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: uploadId }),
  malformedXml,
  aclNotSupported: accessControlListNotSupported,
  invalidTag: (message: string) => new AwsError('InvalidTag', 400, message),
  notImplementedHeader: (header: string) =>
    new AwsError('NotImplemented', 501, 'A header you provided implies functionality that is not implemented', { Header: header }),
};
