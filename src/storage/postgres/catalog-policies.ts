import type { Clock } from '../../core/clock.js';
import type { CatalogPolicy, CatalogPolicyCheck } from '../catalog.js';
import { toPolicy, type PolicyRow } from '../sqlite/catalog-documents.js';
import type { PgDatabase, Queryable } from './database.js';

const GET = 'SELECT document, hash, created_at, updated_at FROM glue_catalog_policies WHERE catalog_id = $1 AND region = $2';

/**
 * The Data Catalog resource policies of the PostgreSQL catalog store. A change holds a
 * transaction-scoped advisory lock on the catalog while it checks and writes, so two processes'
 * conditional puts (PolicyHashCondition, NOT_EXIST) never both pass.
 */
export class PgCatalogPolicies {
  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {}

  async get(catalogId: string, region: string): Promise<CatalogPolicy | undefined> {
    const { rows } = await this.db.query<PolicyRow>(GET, [catalogId, region]);
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }

  put(catalogId: string, region: string, policy: { document: string; hash: string }, check: CatalogPolicyCheck): Promise<CatalogPolicy> {
    return this.db.transaction(async (c) => {
      check(await this.#locked(c, catalogId, region));
      const now = this.clock.now().getTime();
      const { rows } = await c.query<PolicyRow>(
        `INSERT INTO glue_catalog_policies (catalog_id, region, document, hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (catalog_id, region) DO UPDATE SET document = EXCLUDED.document, hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at
         RETURNING document, hash, created_at, updated_at`,
        [catalogId, region, policy.document, policy.hash, now],
      );
      return toPolicy(rows[0]!);
    });
  }

  delete(catalogId: string, region: string, check: CatalogPolicyCheck): Promise<void> {
    return this.db.transaction(async (c) => {
      check(await this.#locked(c, catalogId, region));
      await c.query('DELETE FROM glue_catalog_policies WHERE catalog_id = $1 AND region = $2', [catalogId, region]);
    });
  }

  async #locked(c: Queryable, catalogId: string, region: string): Promise<CatalogPolicy | undefined> {
    await c.query("SELECT pg_advisory_xact_lock(hashtextextended('glue_catalog_policies:' || $1 || ':' || $2, 0))", [catalogId, region]);
    const { rows } = await c.query<PolicyRow>(GET, [catalogId, region]);
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }
}
