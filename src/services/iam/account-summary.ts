import type { Operation } from '../operation.js';
import { MAX_ACCESS_KEYS } from './access-keys/access-keys.js';
import { MAX_GROUPS_PER_USER } from './groups/membership.js';
import { MAX_ATTACHED_POLICIES } from './managed/attachments.js';
import { MAX_POLICY_VERSIONS } from './managed/versions.js';
import { POLICY_SIZE_QUOTAS } from './policy-documents.js';

/**
 * IAM's default quotas (reference_iam-quotas) for what sagelite does not limit or does not have:
 * GetAccountSummary reports them as IAM does for an account that never asked for more.
 */
const AWS_DEFAULT_QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  PolicyVersionsInUseQuota: 10000,
  SigningCertificatesPerUserQuota: 2,
} as const;

/** The quotas sagelite enforces, at the values it enforces them. */
const ENFORCED_QUOTAS = {
  AccessKeysPerUserQuota: MAX_ACCESS_KEYS,
  AttachedPoliciesPerUserQuota: MAX_ATTACHED_POLICIES,
  AttachedPoliciesPerGroupQuota: MAX_ATTACHED_POLICIES,
  AttachedPoliciesPerRoleQuota: MAX_ATTACHED_POLICIES,
  GroupsPerUserQuota: MAX_GROUPS_PER_USER,
  VersionsPerPolicyQuota: MAX_POLICY_VERSIONS,
  PolicySizeQuota: POLICY_SIZE_QUOTAS.managed,
  AssumeRolePolicySizeQuota: POLICY_SIZE_QUOTAS.trust,
  UserPolicySizeQuota: POLICY_SIZE_QUOTAS.inline.user,
  GroupPolicySizeQuota: POLICY_SIZE_QUOTAS.inline.group,
  RolePolicySizeQuota: POLICY_SIZE_QUOTAS.inline.role,
} as const;

/**
 * iam:GetAccountSummary — counts from the account's state as stored (AWS managed policies are
 * not the account's and are not counted under Policies), quotas as above. What sagelite has no
 * notion of (MFA devices, server and signing certificates, instance profiles) counts 0;
 * AccountAccessKeysPresent is 1 while the root user has a long-term access key.
 * PolicyVersionsInUse counts managed policy attachments (docs/DECISIONS.md). Asked on `*`: the
 * operation has no resource.
 */
export const getAccountSummary: Operation<Record<string, never>> = {
  authorization: () => [{ action: 'iam:GetAccountSummary', resource: '*' }],
  async handle(_input, ctx) {
    const accountId = ctx.principal.accountId;
    const counts = await ctx.state.iam.countAccountEntities(accountId);
    const rootKeys = await ctx.state.accounts.listAccessKeys(accountId, { type: 'root' });
    return {
      SummaryMap: {
        Users: counts.users,
        Groups: counts.groups,
        Roles: counts.roles,
        Policies: counts.policies,
        PolicyVersionsInUse: counts.policyAttachments,
        Providers: counts.oidcProviders,
        InstanceProfiles: 0,
        ServerCertificates: 0,
        MFADevices: 0,
        MFADevicesInUse: 0,
        AccountMFAEnabled: 0,
        AccountAccessKeysPresent: rootKeys.length > 0 ? 1 : 0,
        AccountSigningCertificatesPresent: 0,
        GlobalEndpointTokenVersion: 1,
        ...ENFORCED_QUOTAS,
        ...AWS_DEFAULT_QUOTAS,
      },
    };
  },
};
