import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';

/** An IAM client of the JS SDK v3 pointed at a sagelite server, without retries. */
export function iamClient(url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export interface SdkError {
  name: string;
  /** The wire error code (the SDK's `name` is the modelled exception, e.g. NoSuchEntityException). */
  Code?: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

/** The error a call fails with (the test fails if it succeeds). */
export async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** Asserts an AWS error's wire code, HTTP status and message (a string is matched exactly). */
export async function assertAwsError(p: Promise<unknown>, code: string, status: number, message: string | RegExp): Promise<void> {
  const e = await rejection(p);
  assert.equal(e.Code ?? e.name, code, `${e.Code ?? e.name}: ${e.message}`);
  assert.equal(e.$metadata.httpStatusCode, status);
  if (typeof message === 'string') assert.equal(e.message, message);
  else assert.match(e.message, message);
}

/** A trust policy letting the given AWS principals (or a service) assume the role. */
export function trustPolicy(principal: { AWS?: string | string[]; Service?: string }): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
}

/** An identity policy allowing the actions on every resource. */
export function allowPolicy(...actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
}

/** IAM returns documents URL-encoded; the JS SDK leaves them so. */
export function decoded(document: string | undefined): unknown {
  return JSON.parse(decodeURIComponent(document ?? ''));
}

/**
 * An IAM user `name` of the account allowed everything, and its access key: the identity that
 * acts for an account where its root may not (root users cannot assume roles).
 */
export async function adminUser(url: string, account: { accessKeyId: string; secretAccessKey: string }, name = 'admin'): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = iamClient(url, account);
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'all', PolicyDocument: allowPolicy('*') }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/** An IAM user of the account with one inline policy (none when absent), and its access key. */
export async function userWith(url: string, admin: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, name: string, document?: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = iamClient(url, admin);
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (document) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}
