/** The operator's own SigV4 key for the admin API; it belongs to no AWS account. */
export interface OperatorKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface OperatorKeyStore {
  getOperatorKey(accessKeyId: string): Promise<OperatorKey | undefined>;
  /** The first operator key, made on first use. */
  ensureOperatorKey(): Promise<OperatorKey>;
}
