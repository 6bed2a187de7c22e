import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import type { CatalogPolicy, CatalogPolicyCheck } from '../catalog.js';
import { toPolicy, type PolicyRow } from './catalog-documents.js';
import { immediate, prepare } from './node-sqlite.js';

/** The Data Catalog resource policies of the SQLite catalog store (table glue_catalog_policies). */
export class SqliteCatalogPolicies {
  readonly #q;

  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      get: prepare<[string, string], PolicyRow>(db, 'SELECT document, hash, created_at, updated_at FROM glue_catalog_policies WHERE catalog_id = ? AND region = ?'),
      put: prepare<[string, string, string, string, number, number], PolicyRow>(db, 
        `INSERT INTO glue_catalog_policies (catalog_id, region, document, hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (catalog_id, region) DO UPDATE SET document = excluded.document, hash = excluded.hash, updated_at = excluded.updated_at
         RETURNING document, hash, created_at, updated_at`,
      ),
      delete: db.prepare('DELETE FROM glue_catalog_policies WHERE catalog_id = ? AND region = ?'),
    };
  }

  async get(catalogId: string, region: string): Promise<CatalogPolicy | undefined> {
    const row = this.#q.get.get(catalogId, region);
    return row ? toPolicy(row) : undefined;
  }

  async put(catalogId: string, region: string, policy: { document: string; hash: string }, check: CatalogPolicyCheck): Promise<CatalogPolicy> {
    return immediate(this.db, () => {
      const row = this.#q.get.get(catalogId, region);
      check(row ? toPolicy(row) : undefined);
      const now = this.clock.now().getTime();
      return toPolicy(this.#q.put.get(catalogId, region, policy.document, policy.hash, now, now)!);
    });
  }

  async delete(catalogId: string, region: string, check: CatalogPolicyCheck): Promise<void> {
    immediate(this.db, () => {
      const row = this.#q.get.get(catalogId, region);
      check(row ? toPolicy(row) : undefined);
      this.#q.delete.run(catalogId, region);
    });
  }
}
