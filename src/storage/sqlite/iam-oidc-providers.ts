import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import type { IamAccountCounts, Tag } from '../iam.js';
import { oidcProviderArn, type NewOidcProvider, type OidcProvider, type OidcProviderChanges } from '../iam-oidc-providers.js';
import { writeUnique } from './iam-rows.js';
import { prepare } from './node-sqlite.js';

/**
 * The table of IAM OpenID Connect providers (one row per account and URL; lists as JSON), the
 * same in SQLite and PostgreSQL but for types: SQLite's account_id refers to its accounts table.
 */
export const OIDC_PROVIDERS_SCHEMA = `CREATE TABLE iam_oidc_providers (
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     arn TEXT NOT NULL,
     url TEXT NOT NULL,
     client_ids TEXT NOT NULL DEFAULT '[]',
     thumbprints TEXT NOT NULL DEFAULT '[]',
     created_at INTEGER NOT NULL,
     tags TEXT NOT NULL DEFAULT '[]'
   );
   CREATE UNIQUE INDEX iam_oidc_providers_by_arn ON iam_oidc_providers(account_id, arn);`;

export interface OidcProviderRow {
  account_id: string;
  arn: string;
  url: string;
  client_ids: string;
  thumbprints: string;
  created_at: number;
  tags: string;
}

export function toOidcProvider(r: OidcProviderRow): OidcProvider {
  return {
    accountId: r.account_id,
    arn: r.arn,
    url: r.url,
    clientIds: JSON.parse(r.client_ids) as string[],
    thumbprints: JSON.parse(r.thumbprints) as string[],
    createDate: new Date(Number(r.created_at)),
    tags: JSON.parse(r.tags) as Tag[],
  };
}

/** The row's values after `changes` (absent members keep the stored value), as JSON columns. */
export function changedColumns(stored: OidcProvider, changes: OidcProviderChanges): { client_ids: string; thumbprints: string; tags: string } {
  return {
    client_ids: JSON.stringify(changes.clientIds ?? stored.clientIds),
    thumbprints: JSON.stringify(changes.thumbprints ?? stored.thumbprints),
    tags: JSON.stringify(changes.tags ?? stored.tags),
  };
}

/**
 * One statement counting what GetAccountSummary reports, over the IAM tables both stores share;
 * `param` is the account id's placeholder (`?1` in SQLite, `$1` in PostgreSQL).
 */
export function accountCountsSql(param: string): string {
  return `SELECT
     (SELECT count(*) FROM iam_users WHERE account_id = ${param}) AS user_count,
     (SELECT count(*) FROM iam_groups WHERE account_id = ${param}) AS group_count,
     (SELECT count(*) FROM iam_roles WHERE account_id = ${param}) AS role_count,
     (SELECT count(*) FROM iam_policies WHERE account_id = ${param}) AS policy_count,
     (SELECT count(*) FROM iam_attachments WHERE account_id = ${param}) AS attachment_count,
     (SELECT count(*) FROM iam_oidc_providers WHERE account_id = ${param}) AS oidc_provider_count`;
}

export interface AccountCountsRow {
  user_count: number;
  group_count: number;
  role_count: number;
  policy_count: number;
  attachment_count: number;
  oidc_provider_count: number;
}

export function toAccountCounts(r: AccountCountsRow): IamAccountCounts {
  return {
    users: Number(r.user_count),
    groups: Number(r.group_count),
    roles: Number(r.role_count),
    policies: Number(r.policy_count),
    policyAttachments: Number(r.attachment_count),
    oidcProviders: Number(r.oidc_provider_count),
  };
}

/**
 * IAM OpenID Connect providers on SQLite (iam_oidc_providers), and the account counts: one family
 * of {@link SqliteIamStore}. Each method runs synchronously, so an update's read and write have
 * nothing between them.
 */
export class SqliteOidcProviders {
  readonly #q;

  constructor(db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      one: prepare<[string, string], OidcProviderRow>(db, 'SELECT * FROM iam_oidc_providers WHERE account_id = ? AND arn = ?'),
      all: prepare<[string], OidcProviderRow>(db, 'SELECT * FROM iam_oidc_providers WHERE account_id = ? ORDER BY arn'),
      insert: db.prepare('INSERT INTO iam_oidc_providers (account_id, arn, url, client_ids, thumbprints, created_at, tags) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE iam_oidc_providers SET client_ids = ?, thumbprints = ?, tags = ? WHERE account_id = ? AND arn = ?'),
      delete: db.prepare('DELETE FROM iam_oidc_providers WHERE account_id = ? AND arn = ?'),
      counts: prepare<[string], AccountCountsRow>(db, accountCountsSql('?1')),
    };
  }

  createOidcProvider(input: NewOidcProvider): OidcProvider {
    const arn = oidcProviderArn(input.accountId, input.url);
    writeUnique('oidc-provider', input.url, () =>
      this.#q.insert.run(input.accountId, arn, input.url, JSON.stringify(input.clientIds), JSON.stringify(input.thumbprints), this.clock.now().getTime(), JSON.stringify(input.tags)),
    );
    return this.getOidcProvider(input.accountId, arn)!;
  }

  getOidcProvider(accountId: string, arn: string): OidcProvider | undefined {
    const r = this.#q.one.get(accountId, arn);
    return r ? toOidcProvider(r) : undefined;
  }

  listOidcProviders(accountId: string): OidcProvider[] {
    return this.#q.all.all(accountId).map(toOidcProvider);
  }

  updateOidcProvider(accountId: string, arn: string, change: (stored: OidcProvider) => OidcProviderChanges): OidcProvider | undefined {
    const stored = this.getOidcProvider(accountId, arn);
    if (!stored) return undefined;
    const next = changedColumns(stored, change(stored));
    this.#q.update.run(next.client_ids, next.thumbprints, next.tags, accountId, arn);
    return this.getOidcProvider(accountId, arn);
  }

  deleteOidcProvider(accountId: string, arn: string): boolean {
    return Number(this.#q.delete.run(accountId, arn).changes) > 0;
  }

  countAccountEntities(accountId: string): IamAccountCounts {
    return toAccountCounts(this.#q.counts.get(accountId)!);
  }
}
