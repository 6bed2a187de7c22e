/**
 * Bounds on a simulation request, checked before any policy is compiled or evaluated.
 *
 * From AWS's IAM API model (botocore iam/2010-05-08 service-2.json, SimulateCustomPolicy and
 * SimulatePrincipalPolicy): each policy document 1–131072 characters (policyDocumentType), each
 * action name 3–128 (ActionNameType), each resource ARN 1–2048 (ResourceNameType), each context
 * key name 5–256 (ContextKeyNameType), MaxItems 1–1000 (maxItemsType), Marker 1–320. AWS answers
 * a breach with ValidationError "1 validation error detected: …".
 *
 * The model sets no maximum on the lists themselves; sagelite bounds them (its own choice, see
 * docs/security/iam-sts.md) so that one request's work is bounded, and answers in the same form.
 */
import { validationError } from '../errors.js';
import type { SimulationRequest } from './simulate.js';

export const MAX_POLICY_DOCUMENT = 131_072;
export const MAX_ACTION_NAME = 128;
export const MIN_ACTION_NAME = 3;
export const MAX_RESOURCE_ARN = 2048;
export const MIN_CONTEXT_KEY_NAME = 5;
export const MAX_CONTEXT_KEY_NAME = 256;
export const MAX_ITEMS = 1000;

/** sagelite's own list bounds (AWS's model has none). */
export const MAX_POLICY_INPUTS = 10;
export const MAX_ACTION_NAMES = 1000;
export const MAX_RESOURCE_ARNS = 1000;
export const MAX_CONTEXT_ENTRIES = 100;
export const MAX_CONTEXT_VALUES = 100;

function tooLong(member: string, max: number): never {
  throw validationError(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
}

function tooShort(member: string, min: number): never {
  throw validationError(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
}

function lengths(list: readonly unknown[] | undefined, member: string, min: number, max: number): void {
  (list ?? []).forEach((v, i) => {
    const text = typeof v === 'string' ? v : '';
    if (text.length > max) tooLong(`${member}.${i + 1}.member`, max);
    if (text.length < min) tooShort(`${member}.${i + 1}.member`, min);
  });
}

function count(list: readonly unknown[] | undefined, member: string, max: number): void {
  if (list !== undefined && list.length > max) tooLong(member, max);
}

/**
 * Refuses a simulation request beyond AWS's member bounds or sagelite's list bounds.
 *
 * @example checkSimulationLimits({ ActionNames: ['s3:GetObject'], MaxItems: 1001 }) // throws ValidationError
 */
export function checkSimulationLimits(r: SimulationRequest): void {
  count(r.PolicyInputList, 'policyInputList', MAX_POLICY_INPUTS);
  count(r.PermissionsBoundaryPolicyInputList, 'permissionsBoundaryPolicyInputList', MAX_POLICY_INPUTS);
  count(r.ActionNames, 'actionNames', MAX_ACTION_NAMES);
  count(r.ResourceArns, 'resourceArns', MAX_RESOURCE_ARNS);
  count(r.ContextEntries, 'contextEntries', MAX_CONTEXT_ENTRIES);
  lengths(r.PolicyInputList, 'policyInputList', 1, MAX_POLICY_DOCUMENT);
  lengths(r.PermissionsBoundaryPolicyInputList, 'permissionsBoundaryPolicyInputList', 1, MAX_POLICY_DOCUMENT);
  lengths(r.ActionNames, 'actionNames', MIN_ACTION_NAME, MAX_ACTION_NAME);
  lengths(r.ResourceArns, 'resourceArns', 1, MAX_RESOURCE_ARN);
  if (r.ResourcePolicy !== undefined && r.ResourcePolicy.length > MAX_POLICY_DOCUMENT) tooLong('resourcePolicy', MAX_POLICY_DOCUMENT);
  if (r.ResourcePolicy !== undefined && r.ResourcePolicy.length < 1) tooShort('resourcePolicy', 1);
  (r.ContextEntries ?? []).forEach((e, i) => {
    const name = e.ContextKeyName ?? '';
    if (name.length > MAX_CONTEXT_KEY_NAME) tooLong(`contextEntries.${i + 1}.member.contextKeyName`, MAX_CONTEXT_KEY_NAME);
    if (e.ContextKeyName !== undefined && name.length < MIN_CONTEXT_KEY_NAME) tooShort(`contextEntries.${i + 1}.member.contextKeyName`, MIN_CONTEXT_KEY_NAME);
    count(e.ContextKeyValues, `contextEntries.${i + 1}.member.contextKeyValues`, MAX_CONTEXT_VALUES);
  });
  if (r.MaxItems !== undefined) {
    if (!Number.isInteger(r.MaxItems) || r.MaxItems > MAX_ITEMS) {
      throw validationError(`1 validation error detected: Value '${r.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to ${MAX_ITEMS}`);
    }
    if (r.MaxItems < 1) throw validationError(`1 validation error detected: Value '${r.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
}
