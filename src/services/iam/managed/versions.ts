import type { Operation } from '../../operation.js';
import { onPolicy } from '../arns.js';
import { deleteConflict, limitExceeded, policyVersionNotFound } from '../errors.js';
import { requireOwnPolicy, requirePolicy } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { checkManagedDocument } from '../policy-documents.js';
import { versionView } from '../views.js';

/** IAM's quota of versions kept per managed policy. */
export const MAX_POLICY_VERSIONS = 5;

/** iam:CreatePolicyVersion — the next version id; at most 5 versions; SetAsDefault makes it the default. */
export const createPolicyVersion: Operation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:CreatePolicyVersion', input.PolicyArn)],
  async handle(input, ctx) {
    const policy = await requireOwnPolicy(ctx, input.PolicyArn, 'iam:CreatePolicyVersion');
    // Counted and created as one step (the quota): core/keyed-lock.ts.
    const version = await ctx.state.locks.withLock(`versions:${policy.arn}`, async () => {
      if ((await ctx.state.iam.listPolicyVersions(policy.arn)).length >= MAX_POLICY_VERSIONS) {
        throw limitExceeded(`A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
      }
      checkManagedDocument(input.PolicyDocument);
      return ctx.state.iam.createPolicyVersion(policy.arn, input.PolicyDocument, input.SetAsDefault === true);
    });
    return { PolicyVersion: versionView(version, false) };
  },
};

/** iam:GetPolicyVersion — with its document URL-encoded. */
export const getPolicyVersion: Operation<{ PolicyArn: string; VersionId: string }> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:GetPolicyVersion', input.PolicyArn)],
  async handle(input, ctx) {
    const policy = await requirePolicy(ctx, input.PolicyArn);
    const version = await ctx.state.iam.getPolicyVersion(policy.arn, input.VersionId);
    if (!version) throw policyVersionNotFound(policy.arn, input.VersionId);
    return { PolicyVersion: versionView(version, true) };
  },
};

/** iam:ListPolicyVersions — newest first, without documents. */
export const listPolicyVersions: Operation<{ PolicyArn: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:ListPolicyVersions', input.PolicyArn)],
  async handle(input, ctx) {
    const policy = await requirePolicy(ctx, input.PolicyArn);
    const page = paginate(await ctx.state.iam.listPolicyVersions(policy.arn), input);
    return { Versions: page.items.map((v) => versionView(v, false)), ...pageFields(page) };
  },
};

/** iam:DeletePolicyVersion — any version but the default. */
export const deletePolicyVersion: Operation<{ PolicyArn: string; VersionId: string }> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:DeletePolicyVersion', input.PolicyArn)],
  async handle(input, ctx) {
    const policy = await requireOwnPolicy(ctx, input.PolicyArn, 'iam:DeletePolicyVersion');
    const version = await ctx.state.iam.getPolicyVersion(policy.arn, input.VersionId);
    if (!version) throw policyVersionNotFound(policy.arn, input.VersionId);
    if (version.isDefaultVersion) throw deleteConflict('Cannot delete the default version of a policy.');
    await ctx.state.iam.deletePolicyVersion(policy.arn, version.versionId);
    return {};
  },
};

/** iam:SetDefaultPolicyVersion — the version every attachment uses from now on. */
export const setDefaultPolicyVersion: Operation<{ PolicyArn: string; VersionId: string }> = {
  authorization: async (input, ctx) => [await onPolicy(ctx, 'iam:SetDefaultPolicyVersion', input.PolicyArn)],
  async handle(input, ctx) {
    const policy = await requireOwnPolicy(ctx, input.PolicyArn, 'iam:SetDefaultPolicyVersion');
    if (!(await ctx.state.iam.getPolicyVersion(policy.arn, input.VersionId))) throw policyVersionNotFound(policy.arn, input.VersionId);
    await ctx.state.iam.setDefaultPolicyVersion(policy.arn, input.VersionId);
    return {};
  },
};
