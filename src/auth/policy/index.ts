/**
 * The IAM policy engine: compile policy documents (AWS's grammar and MalformedPolicyDocument
 * messages), evaluate requests with AWS's logic, and explain decisions.
 * See docs/policy-engine.md for the decisions taken where AWS is unclear.
 */
export type * from './types.js';
export { compilePolicy, compilePolicyInSlices, clearPolicyCache } from './compile-policy.js';
export { PolicyDocumentError, MESSAGES as POLICY_ERROR_MESSAGES } from './errors.js';
export { policySize } from './size.js';
export { evaluate } from './decision.js';
export { renderDecision, accessDeniedReason } from './explain.js';
export { buildGlobalContext, type GlobalContextArgs } from './global-context.js';
