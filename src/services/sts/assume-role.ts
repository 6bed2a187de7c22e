import { randomUUID } from 'node:crypto';
import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { compilePolicy, PolicyDocumentError } from '../../auth/policy/index.js';
import type { ContextValue } from '../../auth/policy/types.js';
import { parseArn } from '../../core/arn.js';
import { AwsError } from '../../core/errors.js';
import { sessionArn, type Principal, type RoleSession, type SessionTag } from '../../core/principal.js';
import type { IamRole } from '../../storage/iam.js';
import type { Operation, OperationContext, ServerState } from '../operation.js';
import { expiryAfter, issueTemporaryKey, type Credentials } from './issue-credentials.js';
import { mergeSessionTags, packedPolicySize } from './session-tags.js';

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: Array<{ arn?: string }>;
  Policy?: string;
  DurationSeconds?: number;
  Tags?: SessionTag[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

export interface AssumeRoleOutput {
  Credentials: Credentials;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

/** Role chaining (a role session assuming a role) is capped at one hour, whatever the role allows. */
const CHAINED_MAX_SECONDS = 3600;

/** The role a RoleArn names, or undefined when it is not a role ARN or no such role exists. */
export async function roleFromArn(state: ServerState, roleArn: string): Promise<IamRole | undefined> {
  const arn = parseArn(roleArn);
  if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const role = await state.iam.getRole(arn.account, name);
  // The ARN must name the role with its own path: role/p/R does not match a role R at path /.
  return role && role.arn === roleArn ? role : undefined;
}

/** The trust-policy questions AssumeRole asks: sts:AssumeRole, and sts:TagSession / sts:SetSourceIdentity when used. */
export function trustRequests(role: IamRole | undefined, roleArn: string, context: Record<string, ContextValue>, tagged: boolean, sourceIdentity: boolean): AuthorizationRequest[] {
  const base = {
    resource: roleArn,
    ...(role ? { resourceAccount: role.accountId } : { resourceAccount: parseArn(roleArn)?.account ?? '' }),
    context,
    ...(role
      ? { resourcePolicy: { name: `trust policy of ${role.arn}`, document: role.assumeRolePolicyDocument, kind: 'trust' as const, principalBindings: role.trustPrincipalBindings } }
      : { absentResource: `no role ${roleArn} exists` }),
  };
  const requests: AuthorizationRequest[] = [{ action: 'sts:AssumeRole', ...base }];
  if (tagged) requests.push({ action: 'sts:TagSession', ...base });
  if (sourceIdentity) requests.push({ action: 'sts:SetSourceIdentity', ...base });
  return requests;
}

function requestContext(input: AssumeRoleInput, tags: readonly SessionTag[], sourceIdentity: string | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = { 'sts:RoleSessionName': input.RoleSessionName };
  if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
  if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
  if (tags.length > 0) {
    for (const t of tags) context[`aws:RequestTag/${t.Key}`] = t.Value;
    context['aws:TagKeys'] = tags.map((t) => t.Key);
  }
  if (input.TransitiveTagKeys?.length) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
  return context;
}

function sessionInputs(input: AssumeRoleInput, principal: Principal) {
  const merged = mergeSessionTags(principal.session, input.Tags ?? [], input.TransitiveTagKeys ?? []);
  const inherited = principal.session?.sourceIdentity;
  if (input.SourceIdentity !== undefined) {
    if (input.SourceIdentity.toLowerCase().startsWith('aws:')) throw new AwsError('ValidationError', 400, `SourceIdentity cannot begin with the reserved prefix 'aws:'.`);
    if (inherited !== undefined && inherited !== input.SourceIdentity) {
      throw new AwsError('AccessDenied', 403, `Source identity ${inherited} was set by a previous session in the role chain and cannot be changed.`);
    }
  }
  return { ...merged, sourceIdentity: input.SourceIdentity ?? inherited };
}

function checkDuration(role: IamRole, principal: Principal, seconds: number): void {
  if (principal.kind === 'assumed-role' && seconds > CHAINED_MAX_SECONDS) {
    throw new AwsError('ValidationError', 400, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (seconds > role.maxSessionDuration) {
    throw new AwsError('ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
}

async function checkSessionPolicies(state: ServerState, role: IamRole, input: AssumeRoleInput): Promise<string[]> {
  if (input.Policy !== undefined) {
    try {
      compilePolicy(input.Policy, 'session');
    } catch (e) {
      if (e instanceof PolicyDocumentError) throw new AwsError('MalformedPolicyDocument', 400, e.message);
      throw e;
    }
  }
  const arns = (input.PolicyArns ?? []).map((p) => p.arn ?? '');
  // In order: the first ARN that is refused is the one named.
  for (const arn of arns) {
    const parsed = parseArn(arn);
    const inRoleAccount = parsed?.account === role.accountId || parsed?.account === 'aws';
    if (!parsed || !inRoleAccount || !(await state.iam.getPolicy(arn))) {
      throw new AwsError('InvalidParameterValue', 400, `The policy ${arn} does not exist or is not in the account of the role.`);
    }
  }
  return arns;
}

/**
 * sts:AssumeRole. The trust policy must explicitly allow the caller (and the caller's own
 * identity policies too when the trust names only its account, or when it is cross-account);
 * tagging and source identity need sts:TagSession and sts:SetSourceIdentity in the trust.
 */
export const assumeRole: Operation<AssumeRoleInput, AssumeRoleOutput> = {
  authorization: async (input, ctx) => {
    if ((input.PolicyArns?.length ?? 0) > 10) {
      throw new AwsError('ValidationError', 400, `1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10`);
    }
    // The model no longer bounds Policy; the API reference still limits its plaintext to 2,048 characters.
    if (input.Policy !== undefined && input.Policy.length > 2048) {
      throw new AwsError('ValidationError', 400, `1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`);
    }
    if (ctx.principal.kind === 'root') throw new AwsError('AccessDenied', 403, 'Roles may not be assumed by root accounts.');
    const role = await roleFromArn(ctx.state, input.RoleArn);
    const s = sessionInputs(input, ctx.principal);
    const requested = input.Tags ?? [];
    return trustRequests(role, input.RoleArn, requestContext(input, requested, s.sourceIdentity), s.tags.length > 0, s.sourceIdentity !== undefined);
  },
  handle: async (input, ctx) => {
    const role = (await roleFromArn(ctx.state, input.RoleArn))!;
    const seconds = input.DurationSeconds ?? 3600;
    checkDuration(role, ctx.principal, seconds);
    const policyArns = await checkSessionPolicies(ctx.state, role, input);
    const s = sessionInputs(input, ctx.principal);
    const packed = packedPolicySize(input.Policy, policyArns, s.tags);
    if (packed > 100) throw new AwsError('PackedPolicyTooLarge', 400, `Packed policy consumes ${packed}% of allotted space, please use smaller policy.`);
    const session = await startSession(ctx, role, input.RoleSessionName, seconds, {
      ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
      policyArns,
      tags: s.tags,
      transitiveTagKeys: s.transitiveTagKeys,
      ...(s.sourceIdentity !== undefined ? { sourceIdentity: s.sourceIdentity } : {}),
      chained: ctx.principal.kind === 'assumed-role',
      assumedBy: ctx.principal.arn,
    });
    const sessionPoliciesOrTags = input.Policy !== undefined || policyArns.length > 0 || s.tags.length > 0;
    return {
      Credentials: session.credentials,
      AssumedRoleUser: session.assumedRoleUser,
      ...(sessionPoliciesOrTags ? { PackedPolicySize: packed } : {}),
      ...(s.sourceIdentity !== undefined ? { SourceIdentity: s.sourceIdentity } : {}),
    };
  },
};

type SessionOptions = Omit<RoleSession, 'sessionId' | 'accountId' | 'roleId' | 'roleArn' | 'roleName' | 'sessionName' | 'issuedAt' | 'expiresAt'>;

/**
 * Records a role session and mints its ASIA key (the session first: the key names it). Shared
 * with the internal service assumption.
 */
export async function startSession(ctx: Pick<OperationContext, 'state' | 'clock'>, role: IamRole, sessionName: string, seconds: number, options: SessionOptions) {
  const now = ctx.clock.now();
  const session: RoleSession = {
    sessionId: randomUUID(),
    accountId: role.accountId,
    roleId: role.roleId,
    roleArn: role.arn,
    roleName: role.roleName,
    sessionName,
    issuedAt: now,
    expiresAt: expiryAfter(now, seconds),
    ...options,
  };
  await ctx.state.sessions.putSession(session);
  const credentials = await issueTemporaryKey(ctx.state, role.accountId, { type: 'session', sessionId: session.sessionId }, session.expiresAt);
  return {
    session,
    credentials,
    assumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: sessionArn(role.accountId, role.roleName, sessionName) },
  };
}
