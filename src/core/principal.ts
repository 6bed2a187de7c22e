/** Who signed a request, as the policy engine and GetCallerIdentity see it. */
/** `operator` is sagelite's own admin identity: it belongs to no account and can call only the admin API. */
export type PrincipalKind = 'root' | 'user' | 'assumed-role' | 'service' | 'anonymous' | 'operator';

export interface SessionTag {
  Key: string;
  Value: string;
}

/** An STS role session: what AssumeRole granted, kept with its ASIA key. */
export interface RoleSession {
  sessionId: string;
  accountId: string;
  roleId: string;
  /** The role's ARN with its path; `aws:PrincipalArn` for the session. */
  roleArn: string;
  roleName: string;
  sessionName: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Inline session policy (`Policy`), as sent. */
  policy?: string;
  /** Managed session policies (`PolicyArns`). */
  policyArns: string[];
  /** Session tags in force (role-chained transitive tags included), keys as first written. */
  tags: SessionTag[];
  /** Keys of tags that pass to a chained session; lower-cased. */
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** Assumed with another role session's credentials (role chaining: at most one hour). */
  chained: boolean;
  /** Who assumed the role: a principal ARN, or a service principal name. */
  assumedBy: string;
}

export interface Principal {
  kind: PrincipalKind;
  accountId: string;
  /** arn:aws:iam::ACCT:root, …:user/path/name, or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION. */
  arn: string;
  /** GetCallerIdentity's UserId: the account id for root, AIDA… for users, AROA…:session for sessions. */
  userId: string;
  /** The access key the request was signed with. */
  accessKeyId: string;
  /** Signed with temporary credentials (ASIA…): GetSessionToken or a role session. */
  temporary?: boolean;
  /** IAM users: their name (policy variable aws:username) and unique id. */
  user?: { userName: string; userId: string };
  /** Role sessions. */
  session?: RoleSession;
  /** Service principals (sagemaker.amazonaws.com) acting inside sagelite. */
  serviceName?: string;
}

export function rootPrincipal(accountId: string, accessKeyId: string, temporary = false): Principal {
  return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accessKeyId, ...(temporary ? { temporary } : {}) };
}

export function userPrincipal(user: { accountId: string; arn: string; userId: string; userName: string }, accessKeyId: string, temporary = false): Principal {
  return {
    kind: 'user',
    accountId: user.accountId,
    arn: user.arn,
    userId: user.userId,
    accessKeyId,
    user: { userName: user.userName, userId: user.userId },
    ...(temporary ? { temporary } : {}),
  };
}

/** The session's ARN drops the role path, as AWS's does: role `role/p/R` → `assumed-role/R/S`. */
export function sessionArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

export function sessionPrincipal(session: RoleSession, accessKeyId: string): Principal {
  return {
    kind: 'assumed-role',
    accountId: session.accountId,
    arn: sessionArn(session.accountId, session.roleName, session.sessionName),
    userId: `${session.roleId}:${session.sessionName}`,
    accessKeyId,
    temporary: true,
    session,
  };
}

export function servicePrincipal(serviceName: string): Principal {
  return { kind: 'service', accountId: '', arn: serviceName, userId: serviceName, accessKeyId: '', serviceName };
}

/** An unsigned S3 request: allowed only what a bucket policy grants to everyone. ARN as AWS names it in messages. */
export function anonymousPrincipal(): Principal {
  return { kind: 'anonymous', accountId: '', arn: 'anonymous', userId: 'anonymous', accessKeyId: '' };
}

export function operatorPrincipal(accessKeyId: string): Principal {
  return { kind: 'operator', accountId: '', arn: 'arn:sagelite:operator', userId: 'operator', accessKeyId };
}
