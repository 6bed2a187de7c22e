import { AwsError } from '../../core/errors.js';
import { IamNameTakenError } from '../../storage/iam.js';

/**
 * IAM's errors with AWS's codes, statuses (from the botocore model) and wording. Sources for each
 * text are listed in docs/DECISIONS.md ("IAM").
 */

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntity', 404, message);
}

export function entityAlreadyExists(message: string): AwsError {
  return new AwsError('EntityAlreadyExists', 409, message);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceeded', 409, message);
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflict', 409, message);
}

export function malformedPolicyDocument(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', 400, message);
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', 400, message);
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', 400, message);
}

export const userNotFound = (name: string): AwsError => noSuchEntity(`The user with name ${name} cannot be found.`);
export const roleNotFound = (name: string): AwsError => noSuchEntity(`The role with name ${name} cannot be found.`);
export const groupNotFound = (name: string): AwsError => noSuchEntity(`The group with name ${name} cannot be found.`);
export const policyNotFound = (arn: string): AwsError => noSuchEntity(`Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string): AwsError => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const policyVersionNotFound = (arn: string, versionId: string): AwsError =>
  noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
export const oidcProviderNotFound = (arn: string): AwsError => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
export const accessKeyNotFound = (id: string): AwsError => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

/**
 * A write that names an entity, with the store's {@link IamNameTakenError} answered as IAM's
 * EntityAlreadyExists. The service checks the name first; a store read and write are no longer
 * one synchronous step, so two requests (or processes) creating the same name can both pass the
 * check, and the one the store refuses gets the error the check would have given it.
 */
export async function nameTakenAs<T>(write: Promise<T>, error: () => AwsError): Promise<T> {
  try {
    return await write;
  } catch (e) {
    if (e instanceof IamNameTakenError) throw error();
    throw e;
  }
}
