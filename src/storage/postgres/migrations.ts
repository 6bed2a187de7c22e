import type pg from 'pg';

/**
 * One store's tables: an ordered list of schema steps, each applied once, in order, recorded in
 * `sagelite_migrations` under the component's name. Stores version their schemas independently,
 * so adding a step to one never renumbers another's. Steps are never edited once released: a
 * change is a new step.
 */
export interface SchemaComponent {
  name: string;
  steps: readonly string[];
}

// Any fixed number: every process that starts takes this advisory lock before migrating, so two
// processes starting together apply each step once.
const MIGRATION_LOCK = 0x5a6e_117e;

/** Applies every component's missing steps, each in its own transaction, under one advisory lock. Returns how many ran. */
export async function applyMigrations(pool: pg.Pool, components: readonly SchemaComponent[]): Promise<number> {
  const client = await pool.connect();
  let applied = 0;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS sagelite_migrations (
        component text NOT NULL, version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (component, version))`);
      const done = await client.query<{ component: string; version: number }>('SELECT component, version FROM sagelite_migrations');
      const have = new Map<string, number>();
      for (const r of done.rows) have.set(r.component, Math.max(have.get(r.component) ?? 0, r.version));
      for (const c of components) {
        const known = have.get(c.name) ?? 0;
        if (known > c.steps.length) throw new Error(`the database's ${c.name} schema is at version ${known}, newer than this sagelite knows (${c.steps.length}): upgrade sagelite`);
        for (let v = known + 1; v <= c.steps.length; v++) {
          await client.query('BEGIN');
          try {
            await client.query(c.steps[v - 1]!);
            await client.query('INSERT INTO sagelite_migrations (component, version) VALUES ($1, $2)', [c.name, v]);
            await client.query('COMMIT');
            applied++;
          } catch (e) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw new Error(`schema step ${c.name} v${v} failed: ${(e as Error).message}`, { cause: e });
          }
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}
