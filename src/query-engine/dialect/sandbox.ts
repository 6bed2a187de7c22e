/**
 * The sandbox's structural layer (docs/SECURITY.md): a translated query is checked in DuckDB's
 * own parse tree — of exactly the text DuckDB then runs — before any table is fetched or any
 * statement runs. It must be one query (SELECT, set operation, VALUES) that calls only the closed
 * set of allowed-functions.ts, reads tables only by name (each then resolved through the Glue
 * catalog as the caller) or through UNNEST, subqueries, joins and VALUES, and names no DuckDB
 * catalog or schema of its own. So DuckDB's file readers, its settings and metadata functions,
 * DDL, COPY, ATTACH, PRAGMA, PIVOT and DESCRIBE/SUMMARIZE never run on a tenant's behalf, whatever
 * the lexical layer (canonical.ts) let through.
 */
import { syntaxError } from '../errors.js';
import { ErrorCategory, QueryFailure } from '../types.js';
import { ALLOWED_FUNCTIONS, ALLOWED_TABLE_FUNCTIONS, isOperatorName } from './allowed-functions.js';
import type { Json, ParsedQuery } from './tables.js';
import { trinoPosition } from './translate.js';

/** Table references a Trino query can make, as DuckDB's tree names them. */
const TABLE_REFS = new Set(['BASE_TABLE', 'JOIN', 'SUBQUERY', 'TABLE_FUNCTION', 'EXPRESSION_LIST', 'EMPTY']);

/** Query nodes (the tree's `node` of a statement, CTE or subquery). */
const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);

/**
 * DuckDB's own databases, which no query may name: every other catalog name is a data catalog,
 * resolved (or refused with CATALOG_NOT_FOUND) when its tables are fetched as the caller.
 */
export const DUCKDB_DATABASES: ReadonlySet<string> = new Set(['system', 'temp', 'memory', 'main']);

/** DuckDB's own schemas: never Glue databases a query may read. */
const DUCKDB_SCHEMAS = new Set(['information_schema', 'pg_catalog', 'main', 'temp', 'system', 'memory']);

type Node = { [key: string]: Json };

/** `line L:C` of a tree location (an offset into the DuckDB text) in the Trino text. */
function position(duckSql: string, location: Json | undefined): { line?: number; column?: number } {
  const offset = Number(location);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > duckSql.length) return {};
  const mapped = trinoPosition(duckSql, offset);
  const before = mapped.sql.slice(0, mapped.position);
  return { line: before.split('\n').length, column: mapped.position - (before.lastIndexOf('\n') + 1) + 1 };
}

function failure(name: string, message: string, where: { line?: number; column?: number }): QueryFailure {
  const prefix = where.line !== undefined ? `line ${where.line}:${where.column}: ` : '';
  return new QueryFailure(ErrorCategory.User, 1006, `${name}: ${prefix}${message}`);
}

/**
 * Calls DuckDB's parser itself writes as `main.<name>` for syntax (ARRAY[…], ROW(…), LIKE …
 * ESCAPE, EXTRACT, TRIM(… FROM …), AT TIME ZONE…); a query that writes `main.` itself is refused.
 */
const PARSER_SUGAR = new Set(['list_value', 'struct_pack', 'map', 'row', 'like_escape', 'not_like_escape', 'date_part', 'position', 'trim', 'substring', 'timezone']);

function isParserSugar(node: Node, name: string, duckSql: string): boolean {
  if (node.catalog || node.schema !== 'main' || !PARSER_SUGAR.has(name)) return false;
  const offset = Number(node.query_location);
  return !(Number.isSafeInteger(offset) && /^"?main"?\s*\./i.test(duckSql.slice(offset, offset + 16)));
}

function checkFunction(node: Node, duckSql: string): void {
  const name = String(node.function_name ?? '').toLowerCase();
  const schema = String(node.schema ?? '');
  const catalog = String(node.catalog ?? '');
  const qualified = [catalog, schema, name].filter(Boolean).join('.');
  if (isParserSugar(node, name, duckSql)) return;
  if (schema || catalog || !(isOperatorName(name) || ALLOWED_FUNCTIONS.has(name))) {
    throw failure('FUNCTION_NOT_FOUND', `Function '${qualified}' not registered`, position(duckSql, node.query_location));
  }
}

function checkTableRef(node: Node, duckSql: string): void {
  const type = String(node.type);
  const where = position(duckSql, node.query_location);
  if (!TABLE_REFS.has(type)) throw syntaxError(`mismatched input: ${type === 'SHOW_REF' ? 'DESCRIBE/SUMMARIZE' : type} is not Trino SQL`, where.line, where.column);
  if (type === 'TABLE_FUNCTION') {
    const fn = (node.function ?? {}) as Node;
    const name = String(fn.function_name ?? '').toLowerCase();
    if (fn.schema || fn.catalog || !ALLOWED_TABLE_FUNCTIONS.has(name)) {
      // Trino's FROM takes a table name, a subquery, UNNEST or TABLE(…): `FROM read_csv(…)` is its syntax error at `(`.
      const open = duckSql.indexOf('(', Number(fn.query_location ?? node.query_location));
      const at = position(duckSql, open >= 0 ? open : node.query_location);
      throw syntaxError(`mismatched input '('. Expecting: <table name>, UNNEST, TABLE, LATERAL, '('`, at.line, at.column);
    }
  }
  if (type === 'BASE_TABLE') {
    // DuckDB reads `FROM '<path>'` as a table named by the string (a file, by replacement scan); Trino's FROM takes no string.
    const offset = Number(node.query_location);
    if (Number.isSafeInteger(offset) && duckSql[offset] === "'") {
      const literal = /^'(?:[^']|'')*'/.exec(duckSql.slice(offset))?.[0] ?? "'";
      throw syntaxError(`mismatched input '${literal.slice(0, 60)}'. Expecting: <identifier>, '(', LATERAL, UNNEST`, where.line, where.column);
    }
    const catalog = String(node.catalog_name ?? '').toLowerCase();
    const schema = String(node.schema_name ?? '').toLowerCase();
    if (catalog && DUCKDB_DATABASES.has(catalog)) throw failure('CATALOG_NOT_FOUND', `Catalog '${catalog}' does not exist`, where);
    if (DUCKDB_SCHEMAS.has(schema)) throw failure('SCHEMA_NOT_FOUND', `Schema '${schema}' does not exist`, where);
  }
}

function visit(value: Json, duckSql: string): void {
  if (Array.isArray(value)) {
    for (const v of value) visit(v, duckSql);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Node;
  if (node.class === 'FUNCTION' || (node.class === 'WINDOW' && node.type === 'WINDOW_AGGREGATE')) checkFunction(node, duckSql);
  // Table references are the nodes with a `sample` clause and no expression class.
  else if (node.class === undefined && 'sample' in node && typeof node.type === 'string' && !QUERY_NODES.has(node.type)) checkTableRef(node, duckSql);
  for (const key of Object.keys(node)) visit(node[key]!, duckSql);
}

/**
 * Throws Athena's error unless `parsed` (DuckDB's tree of `duckSql`) is one query within the
 * sandbox's grammar (see the module comment).
 *
 * @example
 * checkSandboxed(await parseQuery(conn, "SELECT * FROM read_text('/etc/passwd')"), sql);
 * // throws SYNTAX_ERROR: line 1:24: mismatched input '('. …
 */
export function checkSandboxed(parsed: ParsedQuery, duckSql: string): void {
  if (parsed.statements.length !== 1) throw syntaxError(parsed.statements.length === 0 ? 'mismatched input: only a query can run here' : 'Only one sql statement is allowed');
  const statement = parsed.statements[0] as Node | null;
  const root = statement?.node as Node | undefined;
  if (!root || !QUERY_NODES.has(String(root.type))) throw syntaxError('mismatched input: only a query can run here');
  visit(statement, duckSql);
}
