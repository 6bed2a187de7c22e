import { AwsError } from '../../core/errors.js';

/**
 * KMS's errors, all HTTP 400 but the internal ones, in KMS's wording where it is known:
 * "Key 'arn…' does not exist", "Alias arn… is not found.", "arn… is disabled.", "arn… is pending
 * deletion." (docs/DECISIONS.md, "KMS"). InvalidCiphertextException carries no message, as KMS's.
 */
const kms = (code: string, message: string): AwsError => new AwsError(code, 400, message);

export const keyNotFound = (arn: string): AwsError => kms('NotFoundException', `Key '${arn}' does not exist`);
export const aliasNotFound = (aliasArn: string): AwsError => kms('NotFoundException', `Alias ${aliasArn} is not found.`);
export const invalidKeyId = (keyId: string): AwsError => kms('NotFoundException', `Invalid keyId '${keyId}'`);
export const invalidArn = (region: string): AwsError => kms('NotFoundException', `Invalid arn ${region}`);
export const keyDisabled = (arn: string): AwsError => kms('DisabledException', `${arn} is disabled.`);
export const invalidState = (message: string): AwsError => kms('KMSInvalidStateException', message);
export const invalidCiphertext = (): AwsError => kms('InvalidCiphertextException', '');
export const incorrectKey = (): AwsError => kms('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.');
export const validation = (message: string): AwsError => kms('ValidationException', message);
export const malformedPolicy = (message: string): AwsError => kms('MalformedPolicyDocumentException', message);
export const alreadyExists = (message: string): AwsError => kms('AlreadyExistsException', message);
export const limitExceeded = (message: string): AwsError => kms('LimitExceededException', message);
export const unsupported = (message: string): AwsError => kms('UnsupportedOperationException', message);
export const notAuthorized = (message: string): AwsError => kms('NotAuthorizedException', message);
export const tagError = (message: string): AwsError => kms('TagException', message);
export const invalidGrantToken = (message: string): AwsError => kms('InvalidGrantTokenException', message);
export const invalidPrincipalArn = (arn: string): AwsError => kms('InvalidArnException', `ARN does not refer to a valid principal: ${arn}`);
export const invalidGrantId = (grantId: string): AwsError => kms('InvalidGrantIdException', `Grant ID ${grantId} is not valid for this key.`);

/** DryRun: the request was authorized and would have succeeded. */
export function dryRun(on: boolean | undefined): void {
  if (on) throw new AwsError('DryRunOperationException', 412, 'The request would have succeeded, but the DryRun option is set.');
}
