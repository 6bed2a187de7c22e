/** Who signed a request, as the policy engine and GetCallerIdentity see it. */
/** `operator` is sagelite's own admin identity: it belongs to no account and can call only the admin API. */
export type PrincipalKind = 'root' | 'user' | 'assumed-role' | 'operator';

export interface Principal {
  kind: PrincipalKind;
  accountId: string;
  /** arn:aws:iam::ACCT:root, …:user/path/name, or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION. */
  arn: string;
  /** GetCallerIdentity's UserId: the account id for root, AIDA… for users, AROA…:session for sessions. */
  userId: string;
  /** The access key the request was signed with. */
  accessKeyId: string;
}

export function rootPrincipal(accountId: string, accessKeyId: string): Principal {
  return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accessKeyId };
}

export function operatorPrincipal(accessKeyId: string): Principal {
  return { kind: 'operator', accountId: '', arn: 'arn:sagelite:operator', userId: 'operator', accessKeyId };
}
