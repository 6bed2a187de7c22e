import { compilePolicy, policySize, PolicyDocumentError } from '../../auth/policy/index.js';
import { AwsError } from '../../core/errors.js';
import type { IamEntityType } from '../../storage/iam.js';
import { limitExceeded } from './errors.js';

/** IAM's policy size quotas (characters, whitespace not counted): reference_iam-quotas. */
export const POLICY_SIZE_QUOTAS = {
  managed: 6144,
  trust: 2048,
  inline: { user: 2048, group: 5120, role: 10240 } satisfies Record<IamEntityType, number>,
} as const;

/**
 * Parses, validates and compiles a policy document with the policy engine, turning its refusal
 * into AWS's error (MalformedPolicyDocument, or ValidationError for characters outside IAM's set).
 */
export function checkPolicyDocument(document: string, kind: 'identity' | 'trust'): void {
  try {
    compilePolicy(document, kind);
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw new AwsError(e.code, 400, e.message);
    throw e;
  }
}

/** A managed policy version: valid, and at most 6144 characters (whitespace not counted). */
export function checkManagedDocument(document: string): void {
  checkPolicyDocument(document, 'identity');
  if (policySize(document) > POLICY_SIZE_QUOTAS.managed) throw limitExceeded(`Cannot exceed quota for PolicySize: ${POLICY_SIZE_QUOTAS.managed}`);
}

/** A role's trust policy: valid as a trust policy, and at most 2048 characters (ACLSizePerRole). */
export function checkTrustDocument(document: string): void {
  checkPolicyDocument(document, 'trust');
  if (policySize(document) > POLICY_SIZE_QUOTAS.trust) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${POLICY_SIZE_QUOTAS.trust}`);
}

/**
 * An inline policy: valid, and the entity's inline policies together (this one replacing any of
 * the same name) within the entity's quota, with AWS's message for it.
 */
export function checkInlineDocument(document: string, entity: { type: IamEntityType; name: string }, otherDocuments: readonly string[]): void {
  checkPolicyDocument(document, 'identity');
  const quota = POLICY_SIZE_QUOTAS.inline[entity.type];
  const total = otherDocuments.reduce((sum, d) => sum + policySize(d), policySize(document));
  if (total > quota) throw limitExceeded(`Maximum policy size of ${quota} bytes exceeded for ${entity.type} ${entity.name}`);
}
