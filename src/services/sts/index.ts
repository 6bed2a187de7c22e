import type { OperationTable } from '../operation.js';
import { assumeRole } from './assume-role.js';
import { decodeAuthorizationMessage } from './decode-authorization-message.js';
import { getAccessKeyInfo } from './get-access-key-info.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getSessionToken } from './get-session-token.js';

/** STS operations implemented so far; the rest of the model answers NotImplemented. */
export const stsOperations: OperationTable = {
  AssumeRole: assumeRole,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
  GetAccessKeyInfo: getAccessKeyInfo,
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
};
