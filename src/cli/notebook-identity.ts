import {
  CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand, type IAMClient,
} from '@aws-sdk/client-iam';
import { awsFailure } from '../demo/clients.js';
import type { GuidePlan } from '../demo/plan.js';
import { SAGEMAKER_SERVICE } from '../demo/plan.js';
import type { Reporter } from '../demo/reporter.js';

export { DEFAULT_NOTEBOOK_PROFILE } from './profile-config.js';
export const NOTEBOOK_USER_POLICY = 'assume-execution-role';

/**
 * The notebook's identity outside SageMaker: an IAM user of account A that may only assume A's
 * execution role — what SageMaker does for a notebook. Through that role it reaches B's role,
 * exactly as the guide's notebook does; the user itself can do nothing else.
 */
export interface NotebookIdentity {
  userName: string;
  userArn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The execution role's trust: the guide's (SageMaker) and the notebook user. */
export function notebookTrustPolicy(userArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: SAGEMAKER_SERVICE }, Action: 'sts:AssumeRole' },
      { Sid: 'SageliteNotebookUser', Effect: 'Allow', Principal: { AWS: userArn }, Action: 'sts:AssumeRole' },
    ],
  }, null, 2);
}

/** The user's only permission: assuming the execution role. */
export function notebookUserPolicy(executionRoleArn: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: executionRoleArn }] }, null, 2);
}

/**
 * Creates (or keeps) the notebook user in account A, lets it assume A's execution role, and
 * gives it a fresh access key: the secret of an existing key cannot be read again, so a run
 * replaces the user's keys and the profile lines it prints are the ones that work.
 */
export async function applyNotebookIdentity(iam: IAMClient, plan: GuidePlan, userName: string, report: Reporter): Promise<NotebookIdentity> {
  const exec = plan.executionRole;
  report.section(`Account A (${plan.accounts.accountA}) — the notebook's identity (SageMaker's part, for the CLI and SDKs)`);
  let userArn: string;
  try {
    userArn = (await iam.send(new CreateUserCommand({ UserName: userName }))).User!.Arn!;
    report.step('ok', 'notebook user created', userArn);
  } catch (e) {
    if (!['EntityAlreadyExists', 'EntityAlreadyExistsException'].includes(awsFailure(e).name)) throw e;
    userArn = `arn:aws:iam::${plan.accounts.accountA}:user/${userName}`;
    report.step('ok', 'notebook user exists', userArn);
  }
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: NOTEBOOK_USER_POLICY, PolicyDocument: notebookUserPolicy(exec.arn) }));
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: exec.name, PolicyDocument: notebookTrustPolicy(userArn) }));
  report.step('ok', 'may assume the execution role', `${NOTEBOOK_USER_POLICY} (inline) on the user; the role's trust names the user and ${SAGEMAKER_SERVICE}`);
  const old = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  for (const k of old) await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: k.AccessKeyId! }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  report.step('ok', 'access key', `${key.AccessKeyId}${old.length ? ` (replaces ${old.map((k) => k.AccessKeyId).join(', ')})` : ''}`);
  return { userName, userArn, accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/**
 * The ~/.aws/config lines for the notebook: `<name>-user` holds the user's key, `<name>` is A's
 * execution role assumed with it, `<name>-central` is B's role assumed from that session (role
 * chaining, as the guide's notebook does). The AWS CLI and every SDK follow `source_profile`.
 */
export function notebookProfiles(opts: { name: string; identity: NotebookIdentity; plan: GuidePlan; region?: string; endpoint?: string }): string {
  const common = [...(opts.region ? [`region = ${opts.region}`] : []), ...(opts.endpoint ? [`endpoint_url = ${opts.endpoint}`] : [])];
  const section = (name: string, lines: string[]) => [`[profile ${name}]`, ...lines, ...common].join('\n');
  return [
    section(`${opts.name}-user`, [`aws_access_key_id = ${opts.identity.accessKeyId}`, `aws_secret_access_key = ${opts.identity.secretAccessKey}`]),
    section(opts.name, [`role_arn = ${opts.plan.executionRole.arn}`, 'role_session_name = notebook', `source_profile = ${opts.name}-user`]),
    section(`${opts.name}-central`, [`role_arn = ${opts.plan.crossAccountRole.arn}`, 'role_session_name = notebook', `source_profile = ${opts.name}`]),
  ].join('\n\n') + '\n';
}
