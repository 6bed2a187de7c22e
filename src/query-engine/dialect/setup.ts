/**
 * What a DuckDB instance that runs Athena SQL needs before its first query: Trino's session
 * semantics and sagelite's macros for the Trino functions DuckDB lacks or implements differently.
 *
 * Both are instance-wide and made once when the instance opens, so a statement's new connection
 * needs no setup at all (creating the macros took 40–100 ms per connection):
 * - the settings are `SET GLOBAL`: a global setting is every new connection's starting value
 *   (DuckDB 1.5 accepts GLOBAL for all four; a plain `SET` of `integer_division` or
 *   `errors_as_json` would hold for its own connection only);
 * - the macros are ordinary (not TEMP) macros in the default catalog's `main` schema
 *   (`memory.main` for an in-memory instance), which every connection resolves: the default
 *   search path is that schema, and the engine keeps `memory.main` on the search path it sets
 *   for a query's database (`awsdatacatalog.<db>,memory.main`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ALL_MACROS, MACRO_PREFIX } from './functions.js';

/** `CREATE OR REPLACE [TEMP] MACRO` for one Trino function with all its overloads (not TEMP: in the connection's default schema). */
function macroSql(name: string, overloads: Array<[string, string]>, temp: boolean): string {
  return `CREATE OR REPLACE ${temp ? 'TEMP ' : ''}MACRO ${MACRO_PREFIX}${name}${overloads.map(([params, body]) => `(${params}) AS ${body}`).join(', ')}`;
}

/**
 * Instance-wide settings, every one `SET GLOBAL`:
 * - `integer_division`: `5/2 = 2`, as Trino divides integers;
 * - `TimeZone = 'UTC'`: Athena's session zone;
 * - `default_null_order`: Trino sorts NULLs last in both directions;
 * - `errors_as_json`: errors carry their type and position, which errors.ts turns into Athena's.
 */
export const ATHENA_GLOBAL_SETTINGS_SQL: readonly string[] = [
  'SET GLOBAL integer_division = true',
  "SET GLOBAL TimeZone = 'UTC'",
  "SET GLOBAL default_null_order = 'nulls_last'",
  'SET GLOBAL errors_as_json = true',
];

/** The macros, created in the default catalog's `main` schema. */
export const ATHENA_MACROS_SQL: readonly string[] = ALL_MACROS.map(([name, overloads]) => macroSql(name, overloads, false));

/** Everything {@link prepareInstance} runs, in order. */
export const ATHENA_INSTANCE_SQL: readonly string[] = [...ATHENA_GLOBAL_SETTINGS_SQL, ...ATHENA_MACROS_SQL];

/**
 * Prepares a whole DuckDB instance for Athena SQL, through any one of its connections whose
 * search path is still the default. Run it once per instance, before any query; connections
 * made afterwards (and the one used) need nothing more.
 *
 * @example
 * const instance = await DuckDBInstance.create(':memory:');
 * const setup = await instance.connect();
 * await prepareInstance(setup);
 * const conn = await instance.connect();
 * await conn.run(translateQuery('SELECT from_unixtime(0)'));
 */
export async function prepareInstance(conn: DuckDBConnection): Promise<void> {
  for (const sql of ATHENA_INSTANCE_SQL) await conn.run(sql);
}

/**
 * Prepares ONE connection for Athena SQL whatever its search path becomes: the global settings,
 * and the macros as TEMP macros of this connection (the temp catalog is searched whatever `USE`
 * or `search_path` says). For tests and tools that use a single connection; the engine uses
 * {@link prepareInstance} once per instance instead (this costs 40–100 ms per connection).
 *
 * @example
 * const conn = await (await DuckDBInstance.create(':memory:')).connect();
 * await prepareConnection(conn);
 * await conn.run('USE awsdatacatalog.db');
 */
export async function prepareConnection(conn: DuckDBConnection): Promise<void> {
  for (const sql of ATHENA_GLOBAL_SETTINGS_SQL) await conn.run(sql);
  for (const [name, overloads] of ALL_MACROS) await conn.run(macroSql(name, overloads, true));
}
