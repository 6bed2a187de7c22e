import type { AccessKey, Account, KeyOwner } from './accounts.js';

/**
 * The accounts and access_keys tables' rows, as both stores read them (SQLite and PostgreSQL
 * keep the same columns; times are milliseconds), and the domain objects they become.
 */
export interface AccountRow {
  account_id: string;
  alias: string | null;
  canonical_user_id: string;
  created_at: number;
}

export interface KeyRow {
  access_key_id: string;
  secret_access_key: string;
  account_id: string;
  owner_type: 'root' | 'user' | 'session';
  owner_id: string;
  status: 'Active' | 'Inactive';
  session_token: string | null;
  expires_at: number | null;
  created_at: number;
}

export function toAccount(r: AccountRow): Account {
  return { accountId: r.account_id, ...(r.alias ? { alias: r.alias } : {}), canonicalUserId: r.canonical_user_id, createdAt: new Date(r.created_at) };
}

export function toOwner(r: KeyRow): KeyOwner {
  if (r.owner_type === 'user') return { type: 'user', userId: r.owner_id };
  if (r.owner_type === 'session') return { type: 'session', sessionId: r.owner_id };
  return { type: 'root' };
}

export function ownerId(o: KeyOwner): string {
  return o.type === 'user' ? o.userId : o.type === 'session' ? o.sessionId : '';
}

export function toKey(r: KeyRow): AccessKey {
  return {
    accessKeyId: r.access_key_id,
    secretAccessKey: r.secret_access_key,
    accountId: r.account_id,
    owner: toOwner(r),
    status: r.status,
    ...(r.session_token !== null ? { sessionToken: r.session_token } : {}),
    ...(r.expires_at !== null ? { expiresAt: new Date(r.expires_at) } : {}),
    createdAt: new Date(r.created_at),
  };
}
