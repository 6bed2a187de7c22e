/**
 * What every DuckDB connection that runs Athena SQL needs first: Trino's session semantics and
 * sagelite's macros for the Trino functions DuckDB lacks or implements differently.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ALL_MACROS, MACRO_PREFIX } from './functions.js';

/** `CREATE TEMP MACRO` for one Trino function with all its overloads. */
function macroSql(name: string, overloads: Array<[string, string]>): string {
  return `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}${name}${overloads.map(([params, body]) => `(${params}) AS ${body}`).join(', ')}`;
}

/**
 * Statements run once on each new connection, in order: settings, then the macros.
 * - `integer_division`: `5/2 = 2`, as Trino divides integers;
 * - `TimeZone = 'UTC'`: Athena's session zone;
 * - `default_null_order`: Trino sorts NULLs last in both directions;
 * - `errors_as_json`: errors carry their type and position, which errors.ts turns into Athena's.
 */
export const ATHENA_SESSION_SQL: readonly string[] = [
  'SET integer_division = true',
  "SET TimeZone = 'UTC'",
  "SET default_null_order = 'nulls_last'",
  'SET errors_as_json = true',
  ...ALL_MACROS.map(([name, overloads]) => macroSql(name, overloads)),
];

/**
 * Runs {@link ATHENA_SESSION_SQL} on a new connection.
 *
 * @example
 * const connection = await instance.connect();
 * await prepareConnection(connection);
 * await connection.run(translateQuery('SELECT from_unixtime(0)'));
 */
export async function prepareConnection(conn: DuckDBConnection): Promise<void> {
  for (const sql of ATHENA_SESSION_SQL) await conn.run(sql);
}
