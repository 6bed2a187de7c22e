import { evaluationInput, globalContext } from '../../auth/policy-authorizer.js';
import { principalPolicies } from '../../auth/principal-policies.js';
import { compilePolicy } from '../../auth/policy/compile-policy.js';
import { evaluate } from '../../auth/policy/index.js';
import type { KmsKeyDocument } from '../../storage/kms.js';
import type { Operation, OperationContext } from '../operation.js';
import { malformedPolicy, keyNotFound } from './errors.js';
import { changeKey, keyAuthorization, onKey, requireChangeable, requireKey } from './key-access.js';
import { keyReference } from './key-ids.js';
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

/**
 * KMS's key policy lockout safety check: the caller must still be allowed kms:PutKeyPolicy on the
 * key under the new policy — evaluated by the policy engine as the caller, with its own IAM
 * policies, boundary and session policies, as the next PutKeyPolicy would be — or the policy is
 * refused, unless BypassPolicyLockoutSafetyCheck.
 */
export async function checkLockout(ctx: OperationContext, doc: KmsKeyDocument, policy: string, bypass: boolean | undefined): Promise<void> {
  if (bypass === true) return;
  const policies = await principalPolicies(ctx.principal, ctx.state.iam);
  const key = { ref: keyReference(ctx, doc.arn, { aliases: false }), arn: doc.arn, doc: { ...doc, policy } };
  const request = onKey(ctx, 'kms:PutKeyPolicy', key);
  const now = ctx.clock.now();
  const global = globalContext(ctx.principal, policies, { requestId: ctx.requestId, region: ctx.region, sourceIp: ctx.sourceIp, secureTransport: ctx.secureTransport, now });
  const allowed = !policies.roleDeleted && evaluate(evaluationInput(ctx.principal, policies, request, { ...global, ...request.context }, now)).result === 'Allow';
  if (!allowed) throw malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
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

/** kms:PutKeyPolicy: replaces the key policy, after the lockout safety check (unless bypassed). */
export const putKeyPolicy: Operation<{ KeyId: string; PolicyName?: string; Policy: string; BypassPolicyLockoutSafetyCheck?: boolean }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:PutKeyPolicy', input.KeyId),
  async handle(input, ctx) {
    checkKeyPolicy(input.Policy);
    const current = await requireKey(ctx, input.KeyId);
    requireChangeable(ctx, current);
    checkName(input.PolicyName, current.arn);
    await checkLockout(ctx, current, input.Policy, input.BypassPolicyLockoutSafetyCheck);
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
