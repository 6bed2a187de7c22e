import { AwsError } from '../../core/errors.js';

/**
 * RAM's client errors, all HTTP 400 (the model's), in RAM's wording where it is known
 * ("ResourceShare <arn> could not be found.", "Principal ID <id> is malformed. …"); where AWS's
 * text is not published the message says plainly what was wrong (docs/DECISIONS.md, "RAM").
 */
function ram(code: string, message: string): AwsError {
  return new AwsError(code, 400, message);
}

export const unknownResource = (message: string): AwsError => ram('UnknownResourceException', message);
export const malformedArn = (message: string): AwsError => ram('MalformedArnException', message);
export const invalidParameter = (message: string): AwsError => ram('InvalidParameterException', message);
export const operationNotPermitted = (message: string): AwsError => ram('OperationNotPermittedException', message);
export const invalidStateTransition = (message: string): AwsError => ram('InvalidStateTransitionException', message);
export const shareLimitExceeded = (message: string): AwsError => ram('ResourceShareLimitExceededException', message);
export const invalidNextToken = (message: string): AwsError => ram('InvalidNextTokenException', message);
export const invalidResourceType = (message: string): AwsError => ram('InvalidResourceTypeException', message);
export const tagLimitExceeded = (message: string): AwsError => ram('TagLimitExceededException', message);

export const shareNotFound = (arn: string): AwsError => unknownResource(`ResourceShare ${arn} could not be found.`);
export const invitationNotFound = (arn: string): AwsError =>
  ram('ResourceShareInvitationArnNotFoundException', `ResourceShareInvitation ${arn} could not be found.`);
export const invitationAlreadyAccepted = (arn: string): AwsError =>
  ram('ResourceShareInvitationAlreadyAcceptedException', `ResourceShareInvitation ${arn} has already been accepted.`);
export const invitationAlreadyRejected = (arn: string): AwsError =>
  ram('ResourceShareInvitationAlreadyRejectedException', `ResourceShareInvitation ${arn} has already been rejected.`);
export const invitationExpired = (arn: string): AwsError => ram('ResourceShareInvitationExpiredException', `ResourceShareInvitation ${arn} has expired.`);

/** Every principal is outside any organization in sagelite, so this is what sharing with allowExternalPrincipals false meets. */
export const ORGANIZATION_ONLY =
  'The resource you are attempting to share can only be shared within your AWS Organization. This error may also occur if you have not enabled sharing with your AWS organization, or that onboarding process is still in progress.';
