import type { Clock } from '../../core/clock.js';
import type { IamAccountCounts } from '../iam.js';
import { oidcProviderArn, type NewOidcProvider, type OidcProvider, type OidcProviderChanges } from '../iam-oidc-providers.js';
import { accountCountsSql, changedColumns, toAccountCounts, toOidcProvider, type AccountCountsRow, type OidcProviderRow } from '../sqlite/iam-oidc-providers.js';
import { all, one, changed, writeUnique, type PgIamAccess } from './iam-access.js';

/**
 * IAM OpenID Connect providers on PostgreSQL (iam_oidc_providers, iam-schema.ts), and the
 * account counts: one family of {@link PgIamStore}. Rows map as SQLite's do. An update reads the
 * row under its lock (FOR UPDATE) in the transaction that writes it, so concurrent changes to one
 * provider, in one process or several, each keep theirs.
 */
export class PgOidcProviders {
  constructor(private readonly access: PgIamAccess, private readonly clock: Clock) {}

  async createOidcProvider(input: NewOidcProvider): Promise<OidcProvider> {
    const row = await writeUnique('oidc-provider', input.url, () =>
      this.access.write((c) =>
        one<OidcProviderRow>(c,
          'INSERT INTO iam_oidc_providers (account_id, arn, url, client_ids, thumbprints, created_at, tags) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
          [input.accountId, oidcProviderArn(input.accountId, input.url), input.url, JSON.stringify(input.clientIds), JSON.stringify(input.thumbprints), this.clock.now().getTime(), JSON.stringify(input.tags)],
        ),
      ),
    );
    return toOidcProvider(row!);
  }

  async getOidcProvider(accountId: string, arn: string): Promise<OidcProvider | undefined> {
    const r = await one<OidcProviderRow>(this.access.pool, 'SELECT * FROM iam_oidc_providers WHERE account_id = $1 AND arn = $2', [accountId, arn]);
    return r ? toOidcProvider(r) : undefined;
  }

  async listOidcProviders(accountId: string): Promise<OidcProvider[]> {
    // Ordered as SQLite orders text (by code point), not by the database's collation.
    const rows = await all<OidcProviderRow>(this.access.pool, 'SELECT * FROM iam_oidc_providers WHERE account_id = $1 ORDER BY arn COLLATE "C"', [accountId]);
    return rows.map(toOidcProvider);
  }

  async updateOidcProvider(accountId: string, arn: string, change: (stored: OidcProvider) => OidcProviderChanges): Promise<OidcProvider | undefined> {
    return this.access.write(async (c) => {
      const r = await one<OidcProviderRow>(c, 'SELECT * FROM iam_oidc_providers WHERE account_id = $1 AND arn = $2 FOR UPDATE', [accountId, arn]);
      if (!r) return undefined;
      const stored = toOidcProvider(r);
      const next = changedColumns(stored, change(stored));
      const row = await one<OidcProviderRow>(c,
        'UPDATE iam_oidc_providers SET client_ids = $3, thumbprints = $4, tags = $5 WHERE account_id = $1 AND arn = $2 RETURNING *',
        [accountId, arn, next.client_ids, next.thumbprints, next.tags],
      );
      return toOidcProvider(row!);
    });
  }

  async deleteOidcProvider(accountId: string, arn: string): Promise<boolean> {
    return this.access.write((c) => changed(c, 'DELETE FROM iam_oidc_providers WHERE account_id = $1 AND arn = $2', [accountId, arn]));
  }

  /** One statement: its counts are of one snapshot. */
  async countAccountEntities(accountId: string): Promise<IamAccountCounts> {
    return toAccountCounts((await one<AccountCountsRow>(this.access.pool, accountCountsSql('$1'), [accountId]))!);
  }
}
