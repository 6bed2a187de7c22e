import type { OperationTable } from '../operation.js';
import { getCallerIdentity } from './get-caller-identity.js';

/** STS operations implemented so far; the rest of the model answers NotImplemented. */
export const stsOperations: OperationTable = {
  GetCallerIdentity: getCallerIdentity,
};
