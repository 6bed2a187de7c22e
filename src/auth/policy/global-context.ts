/**
 * The global condition keys AWS puts in every request context, derived from who is calling and
 * how. Services add their own keys (s3:prefix, sts:ExternalId, aws:RequestTag/…) on top.
 */
import type { ContextValue, EvalPrincipal, RequestContextKeys } from './types.js';

export interface GlobalContextArgs {
  /** The caller. */
  principal: EvalPrincipal;
  /** The request time: aws:CurrentTime (ISO, seconds precision) and aws:EpochTime (seconds). */
  now: Date;
  /** aws:SourceIp (omitted when undefined, e.g. a service acting on its own behalf). */
  sourceIp?: string;
  /** aws:SecureTransport: the request came over TLS. Defaults to false. */
  secureTransport?: boolean;
  /** aws:RequestedRegion. */
  region?: string;
  /** aws:PrincipalTag/<key>: tags of the user or role, overridden by session tags. */
  principalTags?: Readonly<Record<string, string>>;
  /** aws:username: IAM users only. */
  userName?: string;
  /**
   * aws:userid. Defaults from the principal: the account id for root, the unique id for users,
   * `ROLEID:session-name` for role sessions.
   */
  userId?: string;
  /** The caller signed with temporary credentials: adds aws:TokenIssueTime and aws:MultiFactorAuthPresent. */
  temporaryCredentials?: boolean;
  /** aws:TokenIssueTime (temporary credentials only). Defaults to `now`. */
  tokenIssueTime?: Date;
  /** aws:MultiFactorAuthPresent (temporary credentials only). Defaults to false. */
  mfaPresent?: boolean;
  /** aws:SourceIdentity set on the role session. */
  sourceIdentity?: string;
  /** aws:ViaAWSService: a service made this request with the caller's credentials. Defaults to false. */
  viaAWSService?: boolean;
  /** aws:CalledVia (and CalledViaFirst/Last): service principals that forwarded the request, in order. */
  calledVia?: readonly string[];
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const PRINCIPAL_TYPE: Record<EvalPrincipal['kind'], string | undefined> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  anonymous: 'Anonymous',
  service: undefined,
};

function defaultUserId(p: EvalPrincipal): string | undefined {
  if (p.kind === 'root') return p.accountId;
  if (p.kind === 'user') return p.uniqueId;
  if (p.kind === 'assumed-role' && p.uniqueId) return `${p.uniqueId}:${p.arn.slice(p.arn.lastIndexOf('/') + 1)}`;
  return undefined;
}

/**
 * Builds the always-present global keys for a request.
 *
 * @example
 * buildGlobalContext({
 *   principal: { kind: 'assumed-role', accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/Dev/alice',
 *                roleArn: 'arn:aws:iam::111122223333:role/team/Dev', uniqueId: 'AROAEXAMPLE' },
 *   now: new Date('2025-01-01T00:00:00Z'), sourceIp: '203.0.113.7', secureTransport: true, region: 'us-east-1',
 *   principalTags: { team: 'ml' }, temporaryCredentials: true,
 * })
 * // → { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/team/Dev', 'aws:PrincipalType': 'AssumedRole',
 * //     'aws:userid': 'AROAEXAMPLE:alice', 'aws:PrincipalTag/team': 'ml', 'aws:TokenIssueTime': '2025-01-01T00:00:00Z', … }
 */
export function buildGlobalContext(args: GlobalContextArgs): RequestContextKeys {
  const p = args.principal;
  const out = Object.create(null) as Record<string, ContextValue>;
  out['aws:CurrentTime'] = iso(args.now);
  out['aws:EpochTime'] = Math.floor(args.now.getTime() / 1000);
  out['aws:SecureTransport'] = args.secureTransport ?? false;
  out['aws:ViaAWSService'] = args.viaAWSService ?? false;
  out['aws:PrincipalIsAWSService'] = p.kind === 'service';
  if (args.sourceIp !== undefined) out['aws:SourceIp'] = args.sourceIp;
  if (args.region !== undefined) out['aws:RequestedRegion'] = args.region;
  const type = PRINCIPAL_TYPE[p.kind];
  if (type) out['aws:PrincipalType'] = type;
  if (p.kind === 'service') {
    if (p.serviceName) out['aws:PrincipalServiceName'] = p.serviceName;
  } else if (p.kind !== 'anonymous') {
    out['aws:PrincipalArn'] = p.kind === 'assumed-role' && p.roleArn ? p.roleArn : p.arn;
    out['aws:PrincipalAccount'] = p.accountId;
    const userId = args.userId ?? defaultUserId(p);
    if (userId !== undefined) out['aws:userid'] = userId;
    if (p.kind === 'user' && args.userName !== undefined) out['aws:username'] = args.userName;
  }
  for (const [key, value] of Object.entries(args.principalTags ?? {})) out[`aws:PrincipalTag/${key}`] = value;
  if (args.temporaryCredentials) {
    out['aws:TokenIssueTime'] = iso(args.tokenIssueTime ?? args.now);
    out['aws:MultiFactorAuthPresent'] = args.mfaPresent ?? false;
  }
  if (args.sourceIdentity !== undefined) out['aws:SourceIdentity'] = args.sourceIdentity;
  if (args.calledVia && args.calledVia.length > 0) {
    out['aws:CalledVia'] = [...args.calledVia];
    out['aws:CalledViaFirst'] = args.calledVia[0]!;
    out['aws:CalledViaLast'] = args.calledVia[args.calledVia.length - 1]!;
  }
  return out;
}
