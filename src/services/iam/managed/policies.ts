import { IamNameTakenError, type ManagedPolicy, type Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { iamResourceArn, onList, onPolicy, requestTagContext, withContext } from '../arns.js';
import { deleteConflict, entityAlreadyExists } from '../errors.js';
import { requireOwnPolicy, requirePolicy } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { checkManagedDocument } from '../policy-documents.js';
import { initialTags } from '../tags.js';
import { policyView } from '../views.js';

export interface CreatePolicyInput {
  PolicyName: string;
  Path?: string;
  PolicyDocument: string;
  Description?: string;
  Tags?: Tag[];
}

/** iam:CreatePolicy — a customer managed policy with its document as v1, the default. */
export const createPolicy: Operation<CreatePolicyInput> = {
  authorization: (input, ctx) => [
    withContext(
      { action: 'iam:CreatePolicy', resource: iamResourceArn(ctx.principal.accountId, 'policy', input.Path ?? '/', input.PolicyName), resourceAccount: ctx.principal.accountId },
      requestTagContext(input.Tags),
    ),
  ],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const accountId = ctx.principal.accountId;
    checkManagedDocument(input.PolicyDocument);
    const tags = initialTags(input.Tags, 'policy');
    try {
      const policy = await iam.createPolicy({
        accountId,
        policyName: input.PolicyName,
        path: input.Path ?? '/',
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        document: input.PolicyDocument,
        tags,
      });
      return { Policy: policyView(policy, 'full') };
    } catch (e) {
      if (e instanceof IamNameTakenError) throw entityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      throw e;
    }
  },
};

/** iam:GetPolicy — a customer managed policy of the account, or an AWS managed one (counted for the account). */
export const getPolicy: Operation<{ PolicyArn: string }> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:GetPolicy', input.PolicyArn)],
  handle: async (input, ctx) => ({ Policy: policyView(await requirePolicy(ctx, input.PolicyArn), 'full') }),
};

/**
 * iam:DeletePolicy — refused with DeleteConflict while attached or used as a boundary, or while
 * it has versions besides the default (which goes with the policy), as in IAM.
 */
export const deletePolicy: Operation<{ PolicyArn: string }> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:DeletePolicy', input.PolicyArn)],
  async handle(input, ctx) {
    const policy = await requireOwnPolicy(ctx, input.PolicyArn, 'iam:DeletePolicy');
    if (policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if ((await ctx.state.iam.listPolicyVersions(policy.arn)).length > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    await ctx.state.iam.deletePolicy(policy.arn);
    return {};
  },
};

export interface ListPoliciesInput extends PageRequest {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

function listed(p: ManagedPolicy, input: ListPoliciesInput): boolean {
  const scope = input.Scope ?? 'All';
  if (scope === 'AWS' && p.accountId !== '') return false;
  if (scope === 'Local' && p.accountId === '') return false;
  if (input.PathPrefix !== undefined && !p.path.startsWith(input.PathPrefix)) return false;
  if (input.PolicyUsageFilter === 'PermissionsPolicy' && p.attachmentCount === 0) return false;
  if (input.PolicyUsageFilter === 'PermissionsBoundary' && p.permissionsBoundaryUsageCount === 0) return false;
  if (input.OnlyAttached === true && p.attachmentCount === 0 && p.permissionsBoundaryUsageCount === 0) return false;
  return true;
}

/** iam:ListPolicies — the account's and AWS's managed policies, by name, filtered and paged; without descriptions or tags. */
export const listPolicies: Operation<ListPoliciesInput> = {
  authorization: (input, ctx) => [onList(ctx, 'iam:ListPolicies', 'policy', input.PathPrefix)],
  async handle(input, ctx) {
    const all = (await ctx.state.iam.listPolicies(ctx.principal.accountId)).filter((p) => listed(p, input));
    const page = paginate(all, input);
    return { Policies: page.items.map((p) => policyView(p, 'list')), ...pageFields(page) };
  },
};
