/**
 * The base tables a query reads, found with DuckDB's own parser (json_serialize_sql), so that
 * every form DuckDB accepts — joins, subqueries, CTEs, UNION, lateral UNNEST — is covered.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { failureFromDuckDb, syntaxError } from '../errors.js';
import type { TableRef } from '../types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The catalog name Athena shows and the executor attaches; a query may name it or not. */
const DATA_CATALOG = 'awsdatacatalog';

/**
 * The tables `duckSql` reads, lower-cased and de-duplicated, in order of appearance. Unqualified
 * names take `defaultDatabase` (Athena's own default is `default`); names of the query's CTEs are
 * not tables. A query DuckDB cannot parse becomes Athena's SYNTAX_ERROR.
 *
 * @example
 * await referencedTables(conn, 'WITH a AS (SELECT * FROM db.t) SELECT * FROM a JOIN u ON true', 'sales');
 * // [{ database: 'db', table: 't' }, { database: 'sales', table: 'u' }]
 */
export async function referencedTables(conn: DuckDBConnection, duckSql: string, defaultDatabase = 'default'): Promise<TableRef[]> {
  return tablesIn(await parseQuery(conn, duckSql), defaultDatabase).map(({ database, table }) => ({ database, table }));
}

/** Runs SQL with parameters and gives its rows as JS values (an engine process's connection, see execute/engine-connection.ts). */
export type SqlRows = (sql: string, params: unknown[]) => Promise<unknown[][]>;

/** A query's DuckDB parse tree: json_serialize_sql's statements, or none for statements it does not serialize. */
export interface ParsedQuery {
  statements: Json[];
}

/** A table a query names, and the offset of its name in the (DuckDB) SQL when known. */
export type LocatedTableRef = TableRef & { position?: number };

/**
 * Parses `duckSql` with DuckDB's own parser; a query DuckDB cannot parse becomes Athena's SYNTAX_ERROR.
 *
 * @example
 * const parsed = await parseQuery(conn, 'SELECT 1'); // { statements: [{ node: { type: 'SELECT_NODE', … } }] }
 */
export async function parseQuery(conn: DuckDBConnection | SqlRows, duckSql: string): Promise<ParsedQuery> {
  let ast: { error?: boolean; error_type?: string; error_message?: string; position?: string; statements?: Json[] };
  try {
    const sql = 'SELECT json_serialize_sql($1::VARCHAR)';
    const rows = typeof conn === 'function' ? await conn(sql, [duckSql]) : (await conn.runAndReadAll(sql, [duckSql])).getRowsJS();
    ast = JSON.parse(String(rows[0]?.[0] ?? '{}')) as typeof ast;
  } catch (error) {
    throw failureFromDuckDb(error, duckSql);
  }
  if (ast.error) {
    const message = ast.error_message ?? 'syntax error';
    if (/only SELECT statements/i.test(message)) return { statements: [] };
    throw failureFromDuckDb(new Error(JSON.stringify({ exception_type: 'Parser', exception_message: message, position: ast.position })), duckSql);
  }
  if (!ast.statements) throw syntaxError('no statement');
  return { statements: ast.statements };
}

/**
 * The tables of a parsed query, lower-cased and de-duplicated, in order of appearance (see
 * {@link referencedTables}). A three-part name keeps its catalog unless it is the query's own
 * (`queryCatalog`, lower-cased).
 */
export function tablesIn(parsed: ParsedQuery, defaultDatabase = 'default', queryCatalog = DATA_CATALOG): LocatedTableRef[] {
  const cteNames = new Set<string>();
  collectCteNames(parsed.statements, cteNames);
  const seen = new Set<string>();
  const refs: LocatedTableRef[] = [];
  walk(parsed.statements, (node) => {
    if (node.type !== 'BASE_TABLE') return;
    const catalog = String(node.catalog_name ?? '').toLowerCase();
    const schema = String(node.schema_name ?? '').toLowerCase();
    const table = String(node.table_name ?? '').toLowerCase();
    if (!table) return;
    if (!schema && !catalog && cteNames.has(table)) return;
    // `x.y` is parsed as schema.table; `awsdatacatalog.db.t` as catalog.schema.table.
    const database = schema || defaultDatabase.toLowerCase();
    const named = catalog && catalog !== queryCatalog.toLowerCase() ? catalog : undefined;
    const key = `${named ?? ''}\u0000${database}\u0000${table}`;
    if (seen.has(key)) return;
    seen.add(key);
    const location = Number(node.query_location);
    const ref: LocatedTableRef = named ? { catalog: named, database, table } : { database, table };
    refs.push(Number.isSafeInteger(location) && location >= 0 ? { ...ref, position: location } : ref);
  });
  return refs;
}

function walk(value: Json, visit: (node: { [key: string]: Json }) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (value && typeof value === 'object') {
    visit(value);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

function collectCteNames(value: Json, names: Set<string>): void {
  walk(value, (node) => {
    const map = node.cte_map as { map?: Array<{ key?: string }> } | undefined;
    for (const entry of map?.map ?? []) if (entry.key) names.add(entry.key.toLowerCase());
  });
}
