import { compilePolicy } from '../../auth/policy/compile-policy.js';
import type { Operation } from '../operation.js';
import { malformedPolicy, keyNotFound } from './errors.js';
import { changeKey, keyAuthorization, requireChangeable, requireKey } from './key-access.js';
import { MAX_KEY_POLICY_BYTES } from './limits.js';

/** A key's only policy is named `default`. */
const POLICY_NAME = 'default';

/** A key policy KMS would keep: IAM's resource-policy grammar (every statement names its Principal), at most 32 KB. */
export function checkKeyPolicy(document: string): void {
  const bytes = Buffer.byteLength(document);
  if (bytes > MAX_KEY_POLICY_BYTES) throw malformedPolicy(`The key policy is ${bytes} bytes; a key policy can be at most ${MAX_KEY_POLICY_BYTES} bytes.`);
  try {
    compilePolicy(document, 'resource');
  } catch (e) {
    throw malformedPolicy(`The key policy is not valid: ${(e as Error).message}`);
  }
}

function checkName(name: string | undefined, arn: string): void {
  if (name !== undefined && name !== POLICY_NAME) throw keyNotFound(`${arn}/policy/${name}`);
}

export const getKeyPolicy: Operation<{ KeyId: string; PolicyName?: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:GetKeyPolicy', input.KeyId),
  async handle(input, ctx) {
    const doc = await requireKey(ctx, input.KeyId);
    checkName(input.PolicyName, doc.arn);
    return { Policy: doc.policy, PolicyName: POLICY_NAME };
  },
};

/**
 * kms:PutKeyPolicy: replaces the key policy. sagelite does not run KMS's lockout safety check
 * (docs/DECISIONS.md, "KMS"): a policy that locks everyone out is kept as given.
 */
export const putKeyPolicy: Operation<{ KeyId: string; PolicyName?: string; Policy: string; BypassPolicyLockoutSafetyCheck?: boolean }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:PutKeyPolicy', input.KeyId),
  async handle(input, ctx) {
    checkKeyPolicy(input.Policy);
    await changeKey(ctx, input.KeyId, (doc) => {
      requireChangeable(ctx, doc);
      checkName(input.PolicyName, doc.arn);
      doc.policy = input.Policy;
    });
    return {};
  },
};

export const listKeyPolicies: Operation<{ KeyId: string; Limit?: number; Marker?: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:ListKeyPolicies', input.KeyId),
  async handle(input, ctx) {
    await requireKey(ctx, input.KeyId);
    return { PolicyNames: [POLICY_NAME], Truncated: false };
  },
};
