import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  assumeCrossAccountRolePolicy, CROSS_ACCOUNT_ROLE, CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, DEFAULT_EXECUTION_ROLE, EXECUTION_ROLE_MANAGED_POLICIES,
  executionRoleArn, executionRoleTrustPolicy, finalTrustPolicy, type GuideAccounts,
} from '../../src/guide/cross-account-policies.js';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import type { ServerProcess } from './harness.js';
import { iamClient } from './iam-helpers.js';

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

type Keys = { accessKeyId: string; secretAccessKey: string };

/**
 * The guide's two roles as its final steps leave them: A's SageMaker execution role (its managed
 * policy and the policy to assume B's role), and B's cross-account role trusting that role and
 * SageMaker, with the guide's managed policies. A's role is made first: B's trust names it.
 */
export async function createGuideRoles(url: string, a: Keys, b: Keys, g: GuideAccounts): Promise<void> {
  const inA = iamClient(url, a);
  await inA.send(new CreateRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE, AssumeRolePolicyDocument: executionRoleTrustPolicy() }));
  for (const arn of EXECUTION_ROLE_MANAGED_POLICIES) await inA.send(new AttachRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyArn: arn }));
  await inA.send(new PutRolePolicyCommand({ RoleName: DEFAULT_EXECUTION_ROLE, PolicyName: 'assume-cross-account-role', PolicyDocument: assumeCrossAccountRolePolicy(g) }));
  const inB = iamClient(url, b);
  await inB.send(new CreateRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE, AssumeRolePolicyDocument: finalTrustPolicy(g) }));
  for (const arn of CROSS_ACCOUNT_ROLE_MANAGED_POLICIES) await inB.send(new AttachRolePolicyCommand({ RoleName: CROSS_ACCOUNT_ROLE, PolicyArn: arn }));
}

/** The notebook's credentials: A's execution role as SageMaker hands it over (the admin API's AssumeRoleAsService). */
export async function notebookCredentials(server: ServerProcess, g: GuideAccounts): Promise<SessionCredentials> {
  const admin = new AdminClient({ endpoint: server.url, credentials: server.operatorKey() });
  const out = await admin.call<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string }>('AssumeRoleAsService', {
    RoleArn: executionRoleArn(g),
    ServiceName: 'sagemaker.amazonaws.com',
  });
  return { accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey, sessionToken: out.SessionToken };
}
