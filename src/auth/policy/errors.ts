/**
 * The error compilePolicy throws, carrying AWS IAM's own wording so the IAM service can return
 * it verbatim as a `MalformedPolicyDocument` (or, for the character-set rule, a
 * `ValidationError`). Message strings are AWS's, as recorded by moto's IAM tests.
 */

/** AWS's MalformedPolicyDocument messages (facts, not code). */
export const MESSAGES = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  noVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  notArn: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  vendorNotQualified: 'Resource vendor must be fully qualified and cannot contain regexes.',
  principalNotAllowed: 'Policy document should not specify a principal.',
  principalMissing: 'Missing required field Principal',
  resourceProhibited: 'Has prohibited field Resource',
  notPrincipalProhibited: 'Has prohibited field NotPrincipal',
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
  tooLong: "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 131072",
  characters:
    "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: " +
    'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
} as const;

/**
 * A policy document AWS would refuse. `code` is the AWS error code to return: nearly always
 * `MalformedPolicyDocument`; `ValidationError` for characters outside IAM's allowed set, which
 * AWS checks as a parameter constraint before reading the JSON.
 *
 * @example
 * try { compilePolicy('{}', 'identity'); }
 * catch (e) { if (e instanceof PolicyDocumentError) reply(400, e.code, e.message); }
 */
export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  constructor(
    message: string,
    readonly code: 'MalformedPolicyDocument' | 'ValidationError' = 'MalformedPolicyDocument',
  ) {
    super(message);
  }
}

/** Shorthand for throwing a MalformedPolicyDocument with one of MESSAGES. */
export function malformed(message: string): never {
  throw new PolicyDocumentError(message);
}
