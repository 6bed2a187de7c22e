/**
 * Queries (SELECT, WITH, VALUES…) and EXPLAIN: each table the query names becomes a view over the
 * objects fetched for it as the caller, then the translated SQL runs on the statement's own
 * connection.
 */
import { athenaColumnNames } from '../dialect/column-names.js';
import { parseQuery, tablesIn, type ParsedQuery } from '../dialect/tables.js';
import { checkSandboxed, DUCKDB_DATABASES } from '../dialect/sandbox.js';
import { translateQuery, trinoPosition } from '../dialect/translate.js';
import { catalogNotFound, linePrefixParts, nonBooleanCondition, notSupported, schemaNotFound, tableNotFound } from '../errors.js';
import { hiveToDuckDbType } from '../statements/hive-types.js';
import { partitionName } from '../statements/partitions.js';
import type { CatalogPartition, CatalogTable } from '../../storage/catalog.js';
import type { QueryCatalog, QueryResult, TableRef } from '../types.js';
import type { AnalysisCatalog } from '../trino/analysis/analyze.js';
import { ident, localViewName, type CatalogTableRef } from './instance.js';
import { readFormatOf } from './read-format.js';
import { DuckDbStatementError, type QuerySession } from './session.js';
import { statementTypes } from './statement-types.js';
import { fetchTableObjects } from './table-data.js';
import { tableViewSelect } from './table-views.js';

/** The database unqualified names resolve in: QueryExecutionContext.Database, else Athena's `default`. */
export function defaultDatabase(session: QuerySession): string {
  return (session.request.database ?? 'default').toLowerCase();
}

/** The query's own data catalog (QueryExecutionContext.Catalog), lower-cased: where one- and two-part names resolve. */
export function queryCatalogName(session: QuerySession): string {
  return session.request.catalog.toLowerCase();
}

type Position = { line: number; column: number };

/**
 * The access to a data catalog a three-part name names, as the caller, or Athena's
 * CATALOG_NOT_FOUND. A registered catalog whose name is one of DuckDB's own databases cannot be
 * queried by sagelite (NOT_SUPPORTED).
 */
async function namedCatalog(session: QuerySession, name: string, at?: Position): Promise<QueryCatalog> {
  if (name === queryCatalogName(session)) return session.request.catalogAccess;
  const access = DUCKDB_DATABASES.has(name) ? undefined : await session.request.catalogNamed?.(name);
  if (!access) throw catalogNotFound(name, at?.line, at?.column);
  return access;
}

/**
 * The Glue table of `ref`, or Athena's SCHEMA_NOT_FOUND / TABLE_NOT_FOUND (at `at`, Trino's line
 * and column of the name, when given), read through `catalog` (by default the query's own).
 */
export async function requireTable(session: QuerySession, ref: TableRef, at?: Position, catalog: QueryCatalog = session.request.catalogAccess): Promise<CatalogTable> {
  const table = await catalog.getTable(ref.database, ref.table);
  if (table) return table;
  if (!(await catalog.databaseExists(ref.database))) throw schemaNotFound(ref.database, at?.line, at?.column);
  throw tableNotFound(ref, at?.line, at?.column);
}

/** Where a partition's objects are: its own location, else `<table location>/k1=v1/k2=v2` (Hive's default). */
function partitionLocationOf(table: CatalogTable, partition: CatalogPartition): string | undefined {
  if (partition.StorageDescriptor?.Location) return partition.StorageDescriptor.Location;
  const base = table.StorageDescriptor?.Location?.replace(/\/+$/, '');
  if (!base) return undefined;
  const keys = table.PartitionKeys ?? [];
  return `${base}/${partitionName(keys, partition.Values)}`;
}

/**
 * Makes `ref` readable by this statement's SQL; returns the bytes of the objects fetched.
 *
 * @example
 * const scanned = await defineTableView(session, { database: 'sales', table: 'orders' });
 */
export async function defineTableView(session: QuerySession, ref: CatalogTableRef, at?: Position, catalog: QueryCatalog = session.request.catalogAccess, known?: CatalogTable): Promise<number> {
  const table = known ?? (await requireTable(session, ref, at, catalog));
  if (table.TableType === 'VIRTUAL_VIEW') throw notSupported(`sagelite does not run Athena views yet (${ref.catalog}.${ref.database}.${ref.table})`);
  const partitionKeys = table.PartitionKeys ?? [];
  const partitions = partitionKeys.length > 0 ? await catalog.listPartitions(ref.database, ref.table) : undefined;
  const { files, scannedBytes } = await fetchTableObjects(session, session.request.storage, table, partitions, (p) => partitionLocationOf(table, p));
  const body = await tableViewSelect((sql) => session.rows(sql), {
    columns: (table.StorageDescriptor?.Columns ?? []).map((c) => ({ name: c.Name.toLowerCase(), duckType: hiveToDuckDbType(c.Type ?? 'string') })),
    partitionKeys: partitionKeys.map((c) => ({ name: c.Name.toLowerCase(), duckType: hiveToDuckDbType(c.Type ?? 'string') })),
    format: readFormatOf(table),
    files,
  });
  await session.run(`CREATE OR REPLACE TEMP VIEW ${ident(localViewName(ref))} AS ${body}`);
  await session.instance.ensureForwarder(session.conn, ref);
  return scannedBytes;
}

/**
 * A query's DuckDB text and tree, past both layers of the sandbox: the translator's canonical
 * tokens (canonical.ts) and the parse-tree check (sandbox.ts). Every statement that runs tenant
 * SQL starts here, before anything is fetched or run.
 */
export async function sandboxedQuery(session: QuerySession, sql: string): Promise<{ duckSql: string; parsed: ParsedQuery }> {
  const duckSql = translateQuery(sql);
  const parsed = await parseQuery((text, params) => session.rows(text, params), duckSql);
  checkSandboxed(parsed, duckSql);
  return { duckSql, parsed };
}

/** Glue tables of the query's own catalog already read this statement, by `db.table`. */
type ReadTables = Map<string, CatalogTable>;
const tableKey = (ref: { database: string; table: string }) => `${ref.database}.${ref.table}`;

/**
 * Views for every table `duckSql` names, and the search path for unqualified names; the bytes
 * fetched. A three-part name that names another data catalog (`central.db.t`) reads that
 * catalog's account as the caller, as QueryExecutionContext.Catalog would.
 */
export async function defineViewsFor(session: QuerySession, duckSql: string, parsed?: ParsedQuery, known?: ReadTables): Promise<number> {
  const database = defaultDatabase(session);
  const own = queryCatalogName(session);
  if (DUCKDB_DATABASES.has(own)) throw notSupported(`sagelite cannot query a data catalog named '${own}'`);
  const refs = tablesIn(parsed ?? (await parseQuery((text, params) => session.rows(text, params), duckSql)), database, own);
  let scanned = 0;
  // A catalog named by several tables is looked up once.
  const named = new Map<string, QueryCatalog>();
  for (const ref of refs) {
    const at = ref.position === undefined ? undefined : linePrefixParts(trinoPosition(duckSql, ref.position));
    let catalog = session.request.catalogAccess;
    if (ref.catalog) {
      catalog = named.get(ref.catalog) ?? (await namedCatalog(session, ref.catalog, at));
      named.set(ref.catalog, catalog);
    }
    const read = ref.catalog ? undefined : known?.get(tableKey(ref));
    scanned += await defineTableView(session, { catalog: ref.catalog ?? own, database: ref.database, table: ref.table }, at, catalog, read);
  }
  await session.useDatabase(database, own);
  return scanned;
}

/**
 * The Glue tables of the query's own catalog it names, read before any data is, with their columns
 * for Trino's type rules (trino/analysis/analyze.ts); the views are then made from the same reads.
 * No catalog when one is missing (the query then fails with TABLE_NOT_FOUND where the views are
 * defined, as Trino finds tables first).
 */
async function analysisCatalog(session: QuerySession, parsed: ParsedQuery): Promise<{ catalog?: AnalysisCatalog; read: ReadTables }> {
  const database = defaultDatabase(session);
  const tables: AnalysisCatalog['tables'] = {};
  const read: ReadTables = new Map();
  for (const ref of tablesIn(parsed, database, queryCatalogName(session))) {
    if (ref.catalog) continue; // another catalog's table: left untyped
    const table = await session.request.catalogAccess.getTable(ref.database, ref.table);
    if (!table) return { read };
    read.set(tableKey(ref), table);
    tables[tableKey(ref)] = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map((c) => ({ name: c.Name, type: c.Type ?? 'string' }));
  }
  return { catalog: { database, tables }, read };
}

/**
 * Runs a query statement and renders its rows as Athena does: unaliased expressions are named
 * `_col0`, `_col1`, … by position (Trino's names, see dialect/column-names.ts).
 *
 * @example
 * const result = await runQuery(session, 'SELECT count(*) FROM orders'); // one column, `_col0`
 */
export async function runQuery(session: QuerySession, sql: string): Promise<QueryResult> {
  const { duckSql, parsed } = await sandboxedQuery(session, sql);
  const { catalog, read } = await analysisCatalog(session, parsed);
  if (catalog) await session.analyzeTrino(sql, catalog);
  const scanned = await defineViewsFor(session, duckSql, parsed, read);
  let rendered;
  try {
    rendered = await session.readRendered(duckSql);
  } catch (error) {
    const mismatch = error instanceof DuckDbStatementError ? nonBooleanCondition(error.error, parsed.statements, duckSql) : undefined;
    throw mismatch ?? error;
  }
  const names = athenaColumnNames(parsed.statements[0], rendered.columns.map((c) => c.name));
  const columns = rendered.columns.map((c, i) => ({ ...c, name: names[i]!, label: names[i]! }));
  return { ...statementTypes('query'), columns, rows: rendered.rows, outputFormat: 'csv', dataScannedBytes: scanned };
}

/**
 * EXPLAIN: DuckDB's plan of the translated query, one line per row (Athena prints Trino's plan,
 * which DuckDB cannot; the column is Athena's `Query Plan`).
 */
export async function runExplain(session: QuerySession, sql: string): Promise<QueryResult> {
  const { duckSql, parsed } = await sandboxedQuery(session, sql);
  await defineViewsFor(session, duckSql, parsed);
  const plan = await session.rows(`EXPLAIN ${duckSql}`);
  const lines = plan.flatMap((r) => String(r[1] ?? '').split('\n'));
  const { columns } = await session.readRendered(`SELECT ''::VARCHAR AS "Query Plan" LIMIT 0`);
  return { ...statementTypes('explain'), columns, rows: lines.map((l) => [l]), outputFormat: 'csv', dataScannedBytes: 0 };
}
